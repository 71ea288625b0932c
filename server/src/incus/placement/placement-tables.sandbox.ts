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
import type { BuiltinImpl, Value } from "../../starlark/runtime/values";

/** The update sandbox-tables.ts sends (strings are byte strings, as Starlark strings are here). */
export interface TablesUpdate {
  reset?: boolean;
  /** Flat [key, count, key, count, ...]; key = "project\0location" ("" = any). */
  counts?: (string | number)[];
  members?: string[];
  projects?: string[];
}

const T = {
  counts: new Map<string, number>(),
  /** member -> count over all projects (the common call; a prototype-less object, quicker
   *  to read than a Map in QuickJS). */
  loc: Object.create(null) as Record<string, number>,
  members: new Set<string>(),
  projects: new Set<string>(),
};

function update(u: TablesUpdate): null {
  if (u.reset) T.counts = new Map();
  const c = u.counts ?? [];
  for (let i = 0; i < c.length; i += 2) T.counts.set(c[i] as string, c[i + 1] as number);
  if (u.members) T.members = new Set(u.members);
  if (u.projects) T.projects = new Set(u.projects);
  if (u.reset || u.members) {
    T.loc = Object.create(null) as Record<string, number>;
    for (const m of T.members) T.loc[m] = T.counts.get("\0" + m) ?? 0;
  } else {
    for (let i = 0; i < c.length; i += 2) {
      const k = c[i] as string;
      if (k.charCodeAt(0) === 0 && T.members.has(k.slice(1))) T.loc[k.slice(1)] = c[i + 1] as number;
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
  // build no argument arrays (runtime/values.ts KeywordEntry; undefined: the call above).
  impl.keywordEntries = { location: (v) => (typeof v === "string" ? T.loc[v] : undefined) };
  return impl;
}

defineSandboxExtension("placement-tables", {
  builtins: { get_instances_count: getInstancesCount },
  functions: { update },
});
