// The placement simulator's code inside the sandbox (a sandbox extension, see
// starlark/runtime/extensions.ts; bundled into out/runtime/ext/placement-tables.js):
// instance counts per (project, member) that get_instances_count answers from without
// crossing to the host, and the function that keeps them in step (sandbox-tables.ts calls it).
//
// get_instances_count here answers only when the arguments are what go.starlark.net's
// UnpackArgs accepts for its knowledge-data signature (project??: string, location??: string,
// pending??: bool; None = omitted; the placement-command test ties the two), the project and
// member exist and pending is not True; every other case goes to the host builtin (its
// errors, its notes), so behaviour is the host's.
import { defineSandboxExtension } from "../../starlark/runtime/extensions";
import { setKeywordAnswer, type BuiltinImpl, type Value } from "../../starlark/runtime/values";

/** The update sandbox-tables.ts sends (strings are byte strings, as Starlark strings are here). */
export interface TablesUpdate {
  reset?: boolean;
  /** Flat [key, count, key, count, ...]; key = "project\0location" ("" = any). */
  counts?: (string | number)[];
  members?: string[];
  projects?: string[];
  /** Answers of memoised builtins (builtin-memo.ts). */
  memo?: MemoUpdate;
}

/** Builtin answers the host gave and that stay valid until it says otherwise: by key
 *  (memoKey: builtin name and its parameters' values), the interned handle(s) to hand out
 *  as copies. */
export interface MemoUpdate {
  /** Forget every answer first. */
  reset?: boolean;
  /** Parameters of each memoised builtin, in UnpackArgs order (names as the knowledge data
   *  spells them: `name`, `name?`, `name??`), all of string type. */
  specs?: Record<string, string[]>;
  drop?: string[];
  /** [key, handle] (one value) or [key, handles] (a list), and whether the host adds a note
   *  when it gives this answer (once per run: the first such call of a run goes to the host). */
  set?: [string, number | number[], boolean][];
}

const T = {
  counts: new Map<string, number>(),
  /** member -> count over all projects (the common call; a prototype-less object, quicker
   *  to read than a Map in QuickJS). */
  loc: Object.create(null) as Record<string, number>, // one object for the session's life
  members: new Set<string>(),
  projects: new Set<string>(),
  memo: new Map<string, { v: number | number[]; noted: boolean }>(),
  /** The run whose first noted answer went to the host. */
  notedRun: -1,
  specs: Object.create(null) as Record<string, { name: string; required: boolean; noneOk: boolean }[]>,
};

/** The sandbox's host bridge (runtime/bridge.ts), for copies of interned values. */
interface Refs {
  refList(handles: number[]): Value;
  ref(handle: number): Value;
  runId(): number;
}

function refs(): Refs {
  return (globalThis as unknown as { $glue: Refs }).$glue;
}

function updateMemo(u: MemoUpdate): void {
  if (u.reset) T.memo = new Map();
  if (u.specs) {
    for (const [name, params] of Object.entries(u.specs)) {
      T.specs[name] = params.map((p) => {
        const noneOk = p.endsWith("??");
        const optional = p.endsWith("?");
        return { name: p.replace(/\?+$/, ""), required: !optional, noneOk };
      });
    }
  }
  for (const k of u.drop ?? []) T.memo.delete(k);
  for (const [k, v, noted] of u.set ?? []) T.memo.set(k, { v, noted });
}

/** The memo key of a call (name and each parameter's value, "" when omitted), or undefined
 *  when the arguments are not the plain kind (strings, None for `??` parameters) the host
 *  answers without complaint: the host then answers (its errors, its checks). Mirrors
 *  go.starlark.net's UnpackArgs: positional then keyword arguments, no unknown or repeated
 *  name, every required parameter given. */
function memoKey(name: string, args: Value[], kwargs: [string, Value][]): string | undefined {
  const spec = T.specs[name];
  if (spec === undefined || args.length > spec.length) return undefined;
  const vals: (string | undefined)[] = new Array(spec.length);
  const take = (i: number, v: Value): boolean => {
    if (vals[i] !== undefined) return false;
    if (v === null) {
      if (!spec[i].noneOk) return false;
      vals[i] = "";
      return true;
    }
    if (typeof v !== "string") return false;
    vals[i] = v;
    return true;
  };
  for (let i = 0; i < args.length; i++) if (!take(i, args[i])) return undefined;
  for (const [k, v] of kwargs) {
    let i = 0;
    while (i < spec.length && spec[i].name !== k) i++;
    if (i === spec.length || !take(i, v)) return undefined;
  }
  let key = name;
  for (let i = 0; i < spec.length; i++) {
    const v = vals[i];
    if (v === undefined && spec[i].required) return undefined;
    key += "\0" + (v ?? "");
  }
  return key;
}

/** A builtin answered from the memo when it holds the call's answer, else by the host. */
function memoised(name: string): (host: BuiltinImpl) => BuiltinImpl {
  return (host) =>
    function (this, args, kwargs) {
      const key = memoKey(name, args, kwargs);
      const m = key === undefined ? undefined : T.memo.get(key);
      if (m === undefined) return host.call(this, args, kwargs);
      if (m.noted) {
        // The host notes something when it gives this answer (once per run): the run's first
        // such call is the host's, so its note lands where it always did.
        const run = refs().runId();
        if (T.notedRun !== run) {
          T.notedRun = run;
          return host.call(this, args, kwargs);
        }
      }
      return typeof m.v === "number" ? refs().ref(m.v) : refs().refList(m.v);
    };
}

function update(u: TablesUpdate): null {
  if (u.memo) updateMemo(u.memo);
  if (u.reset) T.counts = new Map();
  const c = u.counts ?? [];
  for (let i = 0; i < c.length; i += 2) T.counts.set(c[i] as string, c[i + 1] as number);
  if (u.members) T.members = new Set(u.members);
  if (u.projects) T.projects = new Set(u.projects);
  if (u.reset || u.members) {
    // Emptied and refilled, not replaced: compiled calls read this object (keywordTables).
    for (const m of Object.keys(T.loc)) delete T.loc[m];
    for (const m of T.members) setKeywordAnswer(T.loc, m, T.counts.get("\0" + m) ?? 0);
  } else {
    // (T.loc holds exactly the members that may be keyword-table keys, filled above: an
    // update sets only keys it has, without testing each key again: ~2 us a key in QuickJS.)
    for (let i = 0; i < c.length; i += 2) {
      const k = c[i] as string;
      if (k.charCodeAt(0) !== 0) continue;
      const m = k.slice(1);
      if (T.loc[m] !== undefined) T.loc[m] = c[i + 1] as number;
    }
  }
  return null;
}

/** The count, or undefined when the host must answer. */
function general(args: Value[], kwargs: [string, Value][]): number | undefined {
  if (args.length > 3) return undefined;
  let project = "";
  let location = "";
  let pending = false;
  let seen = 0;
  // Parameter i = project, location, pending; false: a type the host must report.
  const take = (i: number, v: Value): boolean => {
    seen |= 1 << i;
    if (v === null) return true;
    if (i === 2) {
      if (typeof v !== "boolean") return false;
      pending = v;
    } else {
      if (typeof v !== "string") return false;
      if (i === 0) project = v;
      else location = v;
    }
    return true;
  };
  for (let i = 0; i < args.length; i++) if (!take(i, args[i])) return undefined;
  for (const [k, v] of kwargs) {
    const i = k === "location" ? 1 : k === "project" ? 0 : k === "pending" ? 2 : -1;
    if (i < 0 || (seen & (1 << i)) !== 0) return undefined;
    if (!take(i, v)) return undefined;
  }
  if (pending) return undefined;
  if (project !== "" && !T.projects.has(project)) return undefined;
  if (location !== "" && !T.members.has(location)) return undefined;
  return T.counts.get(project + "\0" + location) ?? 0;
}

function getInstancesCount(host: BuiltinImpl): BuiltinImpl {
  const impl: BuiltinImpl = function (this, args, kwargs) {
    if (args.length === 0 && kwargs.length === 1 && kwargs[0][0] === "location") {
      const v = kwargs[0][1];
      if (typeof v === "string") {
        const c = T.loc[v];
        if (c !== undefined) return c;
      }
    }
    const r = general(args, kwargs);
    return r !== undefined ? r : host.call(this, args, kwargs);
  };
  // The same common case for compiled `get_instances_count(location=m)` calls, which then
  // read the table instead of calling (runtime/values.ts KeywordTable; no answer: the call above).
  impl.keywordTables = { location: T.loc };
  return impl;
}

// ---- set_target (see sandbox-target.ts on the host) ---------------------------------------
// A valid set_target is answered here: the run's target is recorded, and the log line Incus
// writes for it is handed back with the call's result (callEnded) as [position, member]: its
// place among the run's log lines the host writes (log_info/log_warn/log_error, which count
// them here). Anything else goes to the host builtin: argument errors (UnpackArgs fails
// before Incus logs or sets anything), and a name that is no candidate while no target is
// set yet (Incus's error and its "set invalid member target" line); a non-candidate after a
// valid choice keeps that choice and logs it again, as Incus does.

/** What the host sends when the candidates change (or to turn the fast path off). */
export interface TargetUpdate {
  /** Candidate names (byte strings); absent: set_target always goes to the host. */
  candidates?: string[];
}

const S = {
  candidates: undefined as Set<string> | undefined,
  /** The run the fields below are about (runId). */
  run: -1,
  target: undefined as string | undefined,
  /** Flat [hostLogsBefore, member, ...]. */
  events: [] as (number | string)[],
  /** Log lines the host wrote in this run so far. */
  hostLogs: 0,
};

function thisRun(): void {
  const r = refs().runId();
  if (S.run !== r) {
    S.run = r;
    S.target = undefined;
    S.events = [];
    S.hostLogs = 0;
  }
}

function updateTarget(u: TargetUpdate): null {
  S.candidates = u.candidates === undefined ? undefined : new Set(u.candidates);
  return null;
}

function setTarget(host: BuiltinImpl): BuiltinImpl {
  return function (this, args, kwargs) {
    if (S.candidates === undefined) return host.call(this, args, kwargs);
    // What UnpackArgs accepts for (member_name string): nothing else gets past it.
    let name: Value | undefined;
    if (args.length === 1 && kwargs.length === 0) name = args[0];
    else if (args.length === 0 && kwargs.length === 1 && kwargs[0][0] === "member_name") name = kwargs[0][1];
    if (typeof name !== "string") return host.call(this, args, kwargs);
    thisRun();
    if (S.candidates.has(name)) S.target = name;
    if (S.target === undefined) return host.call(this, args, kwargs);
    S.events.push(S.hostLogs, S.target);
    return null;
  };
}

/** log_*: the host's, counted (each writes one line; see setTarget). */
function countedLog(host: BuiltinImpl): BuiltinImpl {
  return function (this, args, kwargs) {
    thisRun();
    const r = host.call(this, args, kwargs);
    S.hostLogs++;
    return r;
  };
}

/** The run's set_target records, once (at the call's end, or asked for after a limit). */
function takeTargetEvents(): (number | string)[] | undefined {
  if (S.events.length === 0 || S.run !== refs().runId()) return undefined;
  const e = S.events;
  S.events = [];
  return e;
}

defineSandboxExtension("placement-tables", {
  builtins: {
    get_instances_count: getInstancesCount,
    get_instances: memoised("get_instances"),
    get_cluster_member_state: memoised("get_cluster_member_state"),
    set_target: setTarget,
    log_info: countedLog,
    log_warn: countedLog,
    log_error: countedLog,
  },
  functions: { update, updateTarget, takeTargetEvents: () => takeTargetEvents() ?? null },
  callEnded: takeTargetEvents,
});
