// What the placement simulator keeps inside a scriptlet's sandbox so that a placement does
// not pay for the host boundary per candidate (an evacuation repeats a placement per
// instance, and a scriptlet may ask for each of 1,000 candidates):
// - ClusterMember values, interned once (Session.intern) and handed to each run as copies
//   (HostRef: the sandbox copies on write, so a run may still mutate what it got);
// - instance counts per (project, member), which get_instances_count answers from in the
//   sandbox; the host keeps them in step with the cluster before each run (a few entries
//   per moved instance) and answers every other case itself (argument errors, an unknown
//   project or member, pending=True), so behaviour is the host builtin's.
import { HostRef, Session, toByteString, type HostValue } from "../../starlark/engine";
import { toHostValue } from "../scriptlet/host-values";
import type { ApiMember, PlacementCluster } from "./cluster";
import { instanceIndex, type InstanceIndex } from "./instance-index";

/** The tables, one object per sandbox (replaced contents, never replaced itself):
 *  counts: "project\0location" -> count ("" = any), keys not present count 0;
 *  loc: member -> count over all projects, for every member (the common call; a
 *  prototype-less object, quicker to read than a Map in QuickJS);
 *  members, projects: the names get_instances_count accepts. */
const TABLES = `(globalThis.$placementTables || (globalThis.$placementTables = { counts: new Map(), loc: Object.create(null), members: new Set(), projects: new Set() }))`;

/** get_instances_count in the sandbox (Session's `fast` builtins): the count when the
 *  arguments are what go.starlark.net's UnpackArgs accepts (project??: string,
 *  location??: string, pending??: bool; None = omitted), the project and member exist and
 *  pending is not True; otherwise the host builtin answers (its errors, its notes). */
export const GET_INSTANCES_COUNT_FAST = String.raw`function (host) {
  const T = ${TABLES};
  function general(args, kwargs) {
    const n = args.length;
    if (n > 3) return undefined;
    let project = "", location = "", pending = false, seen = 0;
    // Parameter i = project, location, pending; None means "not given" ("??" in UnpackArgs).
    // False: a type the host must report.
    function take(i, v) {
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
    }
    for (let i = 0; i < n; i++) if (!take(i, args[i])) return undefined;
    for (let j = 0; j < kwargs.length; j++) {
      const k = kwargs[j][0];
      const i = k === "location" ? 1 : k === "project" ? 0 : k === "pending" ? 2 : -1;
      if (i < 0 || (seen & (1 << i)) !== 0) return undefined;
      if (!take(i, kwargs[j][1])) return undefined;
    }
    if (pending) return undefined;
    if (project !== "" && !T.projects.has(project)) return undefined;
    if (location !== "" && !T.members.has(location)) return undefined;
    const c = T.counts.get(project + "\0" + location);
    return c === undefined ? 0 : c;
  }
  return function (args, kwargs) {
    if (args.length === 0 && kwargs.length === 1) {
      const kw = kwargs[0];
      if (kw[0] === "location") {
        const v = kw[1];
        if (typeof v === "string") {
          const c = T.loc[v];
          if (c !== undefined) return c;
        }
      }
    }
    const r = general(args, kwargs);
    return r !== undefined ? r : host(args, kwargs);
  };
}`;

/** Applies an update of the tables in the sandbox (run with Session.runJs). */
const UPDATE_TABLES = String.raw`function (rt, u) {
  const T = ${TABLES};
  if (u.reset) T.counts = new Map();
  const c = u.counts || [];
  for (let i = 0; i < c.length; i += 2) T.counts.set(c[i], c[i + 1]);
  if (u.members) T.members = new Set(u.members);
  if (u.projects) T.projects = new Set(u.projects);
  if (u.reset || u.members) {
    T.loc = Object.create(null);
    for (const m of T.members) {
      const n = T.counts.get("\0" + m);
      T.loc[m] = n === undefined ? 0 : n;
    }
  } else {
    for (let i = 0; i < c.length; i += 2) {
      const k = c[i];
      if (k.charCodeAt(0) === 0 && T.members.has(k.slice(1))) T.loc[k.slice(1)] = c[i + 1];
    }
  }
  return null;
}`;

interface TablesState {
  index?: InstanceIndex;
  /** Entries of the index's change log already applied. */
  seen: number;
  members?: readonly ApiMember[];
  memberNames?: string;
  projects?: readonly unknown[];
  projectNames?: string;
}

/** What each session's sandbox holds (sessions are reused across simulations). */
const tables = new WeakMap<Session, TablesState>();

function bytes(s: string): string {
  return /^[\x00-\x7f]*$/.test(s) ? s : toByteString(s);
}

/** Brings the sandbox's count tables in step with `cluster` (one small update when an
 *  instance moved, nothing when nothing changed). */
export function syncTables(session: Session, cluster: PlacementCluster): void {
  let st = tables.get(session);
  if (!st) tables.set(session, (st = { seen: 0 }));
  const update: { reset?: boolean; counts?: (string | number)[]; members?: string[]; projects?: string[] } = {};
  let changed = false;
  const idx = instanceIndex(cluster);
  if (st.index !== idx) {
    update.reset = true;
    update.counts = idx.counts().flatMap(([k, n]) => [bytes(k), n]);
    st.index = idx;
    st.seen = idx.changeCount;
    changed = true;
  } else if (st.seen !== idx.changeCount) {
    update.counts = [...new Set(idx.changedSince(st.seen))].flatMap((k) => [bytes(k), idx.countOf(k)]);
    st.seen = idx.changeCount;
    changed = true;
  }
  if (st.members !== cluster.members) {
    const names = cluster.members.map((m) => m.server_name);
    const joined = names.join("\u0000");
    if (joined !== st.memberNames) {
      update.members = names.map(bytes);
      st.memberNames = joined;
      changed = true;
    }
    st.members = cluster.members;
  }
  if (st.projects !== cluster.projects) {
    const names = cluster.projects.map((p) => p.name);
    const joined = names.join("\u0000");
    if (joined !== st.projectNames) {
      update.projects = names.map(bytes);
      st.projectNames = joined;
      changed = true;
    }
    st.projects = cluster.projects;
  }
  // Applied just before the run (no round trip of its own). Should that evaluation fail
  // (a sandbox that hit a limit), start over next time.
  if (changed) session.queueJs(UPDATE_TABLES, update);
}

/** After a failed run: the tables may not have been updated. */
export function forgetTables(session: Session): void {
  tables.delete(session);
}

/** Interned ClusterMember values of a session, by content (version + API JSON), so that
 *  simulations on the same cluster reuse them. */
const memberCaches = new WeakMap<Session, Map<string, number>>();
/** Beyond this many cached members a new simulation starts the cache afresh (bounds the
 *  sandbox memory they take: ~1-2 KB each). */
const MEMBER_CACHE_MAX = 4096;

/** The ClusterMember references of one simulation (members do not change during one). */
export class MemberRefs {
  private readonly refs = new Map<ApiMember, HostRef>();
  /** Handles this simulation interned without caching them (released by dispose). */
  private readonly own: number[] = [];
  private readonly cache: Map<string, number>;

  constructor(private readonly session: Session) {
    let cache = memberCaches.get(session);
    if (cache && cache.size > MEMBER_CACHE_MAX) {
      session.release([...cache.values()]);
      cache = undefined;
    }
    if (!cache) memberCaches.set(session, (cache = new Map()));
    this.cache = cache;
  }

  /** The candidate list of a run as references (interning members not seen yet). */
  list(members: readonly ApiMember[], version: string): HostValue[] {
    const missing: ApiMember[] = [];
    for (const m of members) if (!this.refs.has(m)) missing.push(m);
    if (missing.length) {
      try {
        this.add(missing, version);
      } catch {
        // The sandbox cannot take them (a limit): marshal this run's members as they are,
        // and let the run report what went wrong.
        return members.map((m) => this.refs.get(m) ?? toHostValue(m, "ClusterMember", version));
      }
    }
    return members.map((m) => this.refs.get(m)!);
  }

  private add(members: ApiMember[], version: string): void {
    const values: HostValue[] = [];
    const keys: (string | undefined)[] = [];
    const who: ApiMember[] = [];
    for (const m of members) {
      if (this.refs.has(m)) continue; // listed twice
      let key: string | undefined;
      try {
        key = `${version}\u0000${JSON.stringify(m)}`;
      } catch {
        key = undefined; // not plain JSON (hand-made clusters): interned for this simulation only
      }
      const h = key === undefined ? undefined : this.cache.get(key);
      if (h !== undefined) {
        this.refs.set(m, new HostRef(h));
        continue;
      }
      values.push(toHostValue(m, "ClusterMember", version));
      keys.push(key);
      who.push(m);
    }
    const handles = this.session.intern(values);
    handles.forEach((h, i) => {
      const key = keys[i];
      if (key !== undefined && !this.cache.has(key)) this.cache.set(key, h);
      else this.own.push(h);
      this.refs.set(who[i], new HostRef(h));
    });
  }

  dispose(): void {
    this.session.release(this.own);
    this.own.length = 0;
  }
}
