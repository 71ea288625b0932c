// The sandbox side of the host bridge (`globalThis.$glue`, typed by `Glue`): host functions
// as builtins (arguments and results cross in the wire format, wire.ts), compiled programs
// instantiated, initialised and called with every error caught and described (message, JS
// stack, whether it is a Starlark error), interned host values, sandbox extensions, and
// captured print output. The host (sandbox/session.ts) calls these methods by name with
// JSON arguments and reads back the JSON text they return.

import { call } from "./call";
import { InternedValues } from "./host-copies";
import { callStack, reset, setOptions, setPrint } from "./state";
import { SBuiltin, SFunction, StarlarkError, freeze, typeName, type BuiltinImpl, type Value } from "./values";
import { fromWire, MissingBase, toWire, type Wire, type WireAnswer, type WireCall, type WireLazyObject } from "./wire";
import { callEndedOutputs, extensionBuiltin, extensionFunction, type HostImpl } from "./extensions";
import type { SemanticsOptions } from "./semantics";
import { setSemantics } from "./semantics";

/** One entry of the runtime's call stack at a failure: a Starlark function (by its
 *  desc.pos), or a builtin (or built-in method) by name, outermost first. */
export type ActiveCall = { f: string } | { b: string };

/** A failure as the sandbox describes it to the host. */
export interface SandboxError {
  starlark: boolean;
  name?: string;
  message: string;
  stack: string;
  calls?: ActiveCall[];
}

/** What every glue entry returns (as JSON text). `resend`: the call's arguments named a
 *  reference list the sandbox does not hold (wire.ts, WireRefList); nothing ran. */
export type GlueResult<T> = { ok: T; ext?: Record<string, unknown> } | { error: SandboxError; ext?: Record<string, unknown> } | { resend: true };

/** What the host knows of a module global. */
export interface GlueGlobal {
  name: string;
  type: string;
  params?: string[];
  numParams?: number;
  hasVarargs?: boolean;
  hasKwargs?: boolean;
}

/** How a predeclared name of a program is made (Session.instantiate). */
export type PredeclaredSpec =
  /** A host function (its id in the session), optionally with a sandbox-side
   *  implementation from an extension (extensions.ts). */
  | { host: number; fast?: { extension: string; builtin: string } }
  /** An in-sandbox value: the result of a JS expression (test harnesses). */
  | { value: unknown };

/** The compiled program factory (compile/program.ts: `js`). */
export type ProgramFactory = (rt: unknown, env: ProgramEnv) => ProgramInstance;

export interface ProgramEnv {
  predeclared: Record<string, Value>;
  load(name: string): Record<string, Value>;
}

interface ProgramInstance {
  toplevel(): void;
  globals: (Value | undefined)[];
  globalNames: string[];
}

interface Program {
  instance: ProgramInstance;
  recursion: boolean;
}

/** Glue calls the host sends as one JSON text (Glue.batch): [method, ...arguments]. */
export type GlueBatch = { [K in keyof Glue]: [K, ...Parameters<Glue[K]>] }[keyof Glue][];

/**
 * Glue.callText's argument (what Session.call sends): parts joined by CALL_TEXT_SEPARATOR,
 * which JSON.stringify never leaves unescaped (it escapes every control character):
 * - part 0: the queued glue calls, a GlueBatch as JSON ("" when none), run first;
 * - part 1: `[progId, name, CallRequest]` as JSON, in which a top-level argument's
 *   WireLazyObject may give its `$lazy` as a number k: its text is part 2 + k.
 * A placement's request is such a lazy object, ~600 characters of JSON: sent apart, it is
 * neither escaped a second time on the host nor scanned again by the sandbox's JSON.parse
 * (which costs QuickJS ~30 ns a character), and no JSON result is made for the queued calls.
 */
export const CALL_TEXT_SEPARATOR = "\u0001";

/** A WireLazyObject in CallText part 1 whose text is a later part. */
export type WireLazyPart = Omit<WireLazyObject, "$lazy"> & { $lazy: number | string };

/** The sandbox-side entry points, as the host calls them. JSON text in and out where the
 *  host reads the result. */
export interface Glue {
  /** Runs the calls of a GlueBatch (JSON text) in turn; the last one's result ("null" when
   *  it returns nothing). An exception fails the whole batch. */
  batch(json: string): string;
  instantiate(progId: string, factory: ProgramFactory, predeclared: Record<string, PredeclaredSpec>, recursion: boolean): void;
  /** Program.Init + Freeze. */
  init(progId: string): string;
  publish(progId: string, name: string, error: string | null): void;
  globals(progId: string): string;
  /** Calls global `name` with `{args, kwargs}` (wire values, or their JSON text). */
  call(progId: string, name: string, request: string | CallRequest): string;
  /** The queued calls, then call(), from one text (see CALL_TEXT_SEPARATOR). */
  callText(text: string): string;
  intern(json: string): string;
  release(handles: number[]): void;
  internedCount(): number;
  /** Calls an extension function with a JSON argument; its result as JSON text. */
  extensionCall(extension: string, fn: string, arg: unknown): string;
  setSemantics(options: Partial<SemanticsOptions>): void;
  takeOutput(): string;
  /** For sandbox extensions (not the host): a list of copies of interned values, as a
   *  {$refs} list decodes (copies reused when untouched, see host-copies.ts). */
  refList(handles: number[]): Value;
  /** For sandbox extensions: a copy of one interned value, as a {$ref} decodes. */
  ref(handle: number): Value;
  /** For sandbox extensions: which entry from the host (init or call) is running. */
  runId(): number;
}

/** The arguments of a call of a global function, in the wire format. */
export interface CallRequest {
  args: Wire[];
  kwargs: [string, Wire][];
}

/** Installed by the host before the runtime loads: serves a WireCall (JSON text) and
 *  answers a WireAnswer (JSON text). */
type HostCall = (request: string) => string;

function hostCall(): HostCall {
  return (globalThis as unknown as { __hostCall: HostCall }).__hostCall;
}

const interned = new InternedValues();
const programs = new Map<string, Program>();
const modules = new Map<string, { globals: Record<string, Value> } | { error: string }>();
let output: string[] = [];
setPrint((line) => output.push(line));

/** A host function as a builtin: one round trip per call. */
function hostImpl(id: number): HostImpl {
  return function (args, kwargs) {
    const req: WireCall = [id, args.map(toWire), kwargs.map(([k, v]) => [k, toWire(v)])];
    const res = JSON.parse(hostCall()(JSON.stringify(req))) as WireAnswer;
    if ("error" in res) throw new StarlarkError(res.error);
    return fromWire(res.ok, interned);
  };
}

// The runtime's call stack at the failure (it is not unwound by exceptions). The host
// merges the builtin frames into the backtrace it derives from the JS stack.
function activeCalls(): ActiveCall[] | undefined {
  try {
    return callStack().map((c) =>
      c instanceof SFunction ? { f: c.desc.pos } : { b: typeof c === "string" ? c : ((c as { name?: string })?.name ?? "?") },
    );
  } catch {
    return undefined;
  }
}

function describe(e: unknown): SandboxError {
  if (e instanceof StarlarkError) return { starlark: true, message: e.message, stack: String(e.stack ?? ""), calls: activeCalls() };
  if (e instanceof Error) return { starlark: false, name: e.name, message: e.message, stack: String(e.stack ?? ""), calls: activeCalls() };
  return { starlark: false, name: "throw", message: String(e), stack: "" };
}

/** The result of most calls (a placement scriptlet returns None), made once. */
const OK_NULL = JSON.stringify({ ok: null } satisfies GlueResult<null>);

function result<T>(r: GlueResult<T>): string {
  return JSON.stringify(r);
}

function program(progId: string): Program {
  const p = programs.get(progId);
  if (!p) throw new Error(`internal error: no program ${progId}`);
  return p;
}

// The runtime keeps its call stack outside try/finally (cheaper calls), so each entry from
// the host starts from a clean state, with the recursion option of the program it runs.
// Each entry is a run of its own for the interned values' copies (host-copies.ts: a copy is
// handed out at most once per run, and untouched ones again in later runs).
function enter(p: Program): void {
  reset();
  setOptions({ recursion: p.recursion });
  interned.beginRun();
}

/** A failed entry: what it was handed is not reused. */
function failed(e: unknown): string {
  interned.forgetCopies();
  return result({ error: describe(e) });
}

/** Runs queued glue calls (a batch's entries whose results nobody reads): extension
 *  functions are called directly, without a JSON result each. */
function runQueued(calls: GlueBatch): void {
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i];
    if (c[0] === "extensionCall") extensionFunction(c[1], c[2])(c[3]);
    else (glue[c[0]] as (...a: unknown[]) => unknown).apply(glue, c.slice(1));
  }
}

/** A CallText argument's lazy text put in place (WireLazyPart). */
function fillLazyPart(w: Wire, parts: string[]): void {
  if (w === null || typeof w !== "object" || Array.isArray(w)) return;
  const o = w as WireLazyPart;
  if (typeof o.$lazy === "number") o.$lazy = parts[2 + o.$lazy];
}

/** Whether keyword arguments name exactly `fn`'s parameters, in order: a function with
 *  those plain parameters (no keyword-only ones, no *args or **kwargs), which then binds
 *  them positionally to the same values, with no error either way. */
function bindsInOrder(fn: Value, kwargs: readonly (readonly [string, unknown])[]): boolean {
  if (!(fn instanceof SFunction)) return false;
  const d = fn.desc;
  if (d.hasVarargs || d.hasKwargs || d.numKwonly !== 0 || d.numParams !== kwargs.length) return false;
  for (let i = 0; i < kwargs.length; i++) if (d.params[i] !== kwargs[i][0]) return false;
  return true;
}

export const glue: Glue = {
  batch(json) {
    const calls = JSON.parse(json) as GlueBatch;
    let out: unknown;
    for (const [method, ...args] of calls) out = (glue[method] as (...a: unknown[]) => unknown)(...args);
    return typeof out === "string" ? out : "null";
  },
  instantiate(progId, factory, predeclared, recursion) {
    const values: Record<string, Value> = {};
    for (const [name, spec] of Object.entries(predeclared)) {
      if ("value" in spec) {
        values[name] = spec.value as Value;
        continue;
      }
      const impl = hostImpl(spec.host);
      values[name] = new SBuiltin(name, spec.fast ? extensionBuiltin(spec.fast.extension, spec.fast.builtin)(impl) : impl);
    }
    const env: ProgramEnv = {
      predeclared: values,
      load(name) {
        const m = modules.get(name);
        if (m === undefined) throw new StarlarkError(`cannot load ${name}: no such module`);
        if ("error" in m) throw new StarlarkError(`cannot load ${name}: ${m.error}`);
        return m.globals;
      },
    };
    programs.set(progId, { instance: factory((globalThis as unknown as { $rt: unknown }).$rt, env), recursion });
  },
  init(progId) {
    const p = program(progId);
    try {
      enter(p);
      p.instance.toplevel();
      return result({ ok: null });
    } catch (e) {
      return failed(e);
    } finally {
      for (const v of p.instance.globals) if (v !== undefined) freeze(v);
    }
  },
  publish(progId, name, error) {
    if (error !== null) {
      modules.set(name, { error });
      return;
    }
    const p = program(progId).instance;
    const globals: Record<string, Value> = {};
    p.globalNames.forEach((n, i) => {
      const v = p.globals[i];
      if (v !== undefined) globals[n] = v;
    });
    modules.set(name, { globals });
  },
  globals(progId) {
    const p = program(progId).instance;
    const out: GlueGlobal[] = [];
    p.globalNames.forEach((name, i) => {
      const v = p.globals[i];
      if (v === undefined) return;
      const g: GlueGlobal = { name, type: typeName(v) };
      if (v instanceof SFunction) {
        g.params = v.desc.params;
        g.numParams = v.desc.numParams;
        g.hasVarargs = v.desc.hasVarargs;
        g.hasKwargs = v.desc.hasKwargs;
      }
      out.push(g);
    });
    return result({ ok: out });
  },
  call(progId, name, request) {
    const p = program(progId);
    const i = p.instance.globalNames.indexOf(name);
    const fn = i < 0 ? undefined : p.instance.globals[i];
    if (fn === undefined) return result({ error: { starlark: true, message: `no global named ${name}`, stack: "" } });
    try {
      enter(p);
      const req = typeof request === "string" ? (JSON.parse(request) as CallRequest) : request;
      const pos = req.args;
      const kw = req.kwargs;
      let args: Value[];
      let kwargs: [string, Value][] | null = null;
      if (pos.length === 0 && kw.length !== 0 && bindsInOrder(fn, kw)) {
        // The same binding, positionally (the runtime's keyword path costs a placement run
        // ~20 us): Incus calls instance_placement(request=, candidate_members=), which
        // nearly every scriptlet declares as (request, candidate_members). (Loops, not map
        // with destructuring closures: each costs QuickJS microseconds per call.)
        args = new Array<Value>(kw.length);
        for (let i = 0; i < kw.length; i++) args[i] = fromWire(kw[i][1], interned);
      } else {
        args = new Array<Value>(pos.length);
        for (let i = 0; i < pos.length; i++) args[i] = fromWire(pos[i], interned);
        if (kw.length !== 0) {
          kwargs = new Array<[string, Value]>(kw.length);
          for (let i = 0; i < kw.length; i++) kwargs[i] = [kw[i][0], fromWire(kw[i][1], interned)];
        }
      }
      const value = call(fn, args, kwargs);
      const ok = toWire(value);
      const ext = callEndedOutputs();
      if (ext === undefined) return ok === null ? OK_NULL : result({ ok });
      return result({ ok, ext });
    } catch (e) {
      if (e instanceof MissingBase) return result({ resend: true });
      const r = failed(e);
      const ext = callEndedOutputs();
      return ext === undefined ? r : result({ ...(JSON.parse(r) as { error: SandboxError }), ext });
    }
  },
  callText(text) {
    const parts = text.split(CALL_TEXT_SEPARATOR);
    if (parts[0] !== "") runQueued(JSON.parse(parts[0]) as GlueBatch);
    // (Indexed rather than destructured: QuickJS destructures through the iterator protocol.)
    const head = JSON.parse(parts[1]) as [string, string, CallRequest];
    const request = head[2];
    if (parts.length > 2) {
      for (let i = 0; i < request.args.length; i++) fillLazyPart(request.args[i], parts);
      for (let i = 0; i < request.kwargs.length; i++) fillLazyPart(request.kwargs[i][1], parts);
    }
    return glue.call(head[0], head[1], request);
  },
  intern(json) {
    return result({ ok: interned.intern(JSON.parse(json) as Wire[]) });
  },
  release(handles) {
    interned.release(handles);
  },
  internedCount() {
    return interned.count;
  },
  extensionCall(name, fn, arg) {
    return JSON.stringify({ ok: extensionFunction(name, fn)(arg) ?? null });
  },
  setSemantics(options) {
    setSemantics(options);
  },
  takeOutput() {
    const o = output;
    output = [];
    return JSON.stringify(o);
  },
  refList(handles) {
    return fromWire({ $refs: handles }, interned);
  },
  ref(handle) {
    return interned.copy(handle);
  },
  runId() {
    return interned.currentRun;
  },
};

(globalThis as unknown as { $glue: Glue }).$glue = glue;
