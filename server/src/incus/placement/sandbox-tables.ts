// What the placement simulator keeps inside a scriptlet's sandbox so that a placement does
// not pay for the host boundary per candidate (an evacuation repeats a placement per
// instance, and a scriptlet may ask for each of 1,000 candidates):
// - ClusterMember values, interned once (Session.intern) and handed to each run as copies
//   (HostRef: the sandbox copies on write, so a run may still mutate what it got);
// - instance counts per (project, member), which get_instances_count answers from in the
//   sandbox (placement-tables.sandbox.ts, a sandbox extension); the host keeps them in step with the cluster before each run (a few entries
//   per moved instance) and answers every other case itself (argument errors, an unknown
//   project or member, pending=True), so behaviour is the host builtin's.
import { HostRef, Session, toByteString, type HostValue } from "../../starlark/engine";
import { noteRefListEdit } from "../../starlark/sandbox/ref-lists";
import { toHostValue } from "../scriptlet/host-values";
import type { ApiMember, PlacementCluster } from "./cluster";
import type { SharedValues } from "./builtins";
import { instanceIndex, type InstanceIndex } from "./instance-index";
import type { TablesUpdate } from "./placement-tables.sandbox";
import { memoReleased } from "./builtin-memo";

/** Releases interned handles, dropping the builtin answers the sandbox keeps that hold them. */
function release(session: Session, handles: number[]): void {
  memoReleased(session, handles);
  session.release(handles);
}

/** The sandbox side (placement-tables.sandbox.ts), loaded into each session that runs a
 *  placement scriptlet. */
export const TABLES_EXTENSION = "placement-tables";

/** Predeclared.fast for get_instances_count: its sandbox-side implementation. */
export const GET_INSTANCES_COUNT_FAST = { extension: TABLES_EXTENSION, builtin: "get_instances_count" };

interface TablesState {
  index?: InstanceIndex;
  /** Entries of the index's change log already applied. */
  seen: number;
  members?: readonly ApiMember[];
  memberNames?: string;
  projects?: readonly unknown[];
  projectNames?: string;
  /** The extension is loaded in the session. */
  loaded?: boolean;
}

/** What each session's sandbox holds (sessions are reused across simulations). */
const tables = new WeakMap<Session, TablesState>();

/** The byte string of a key (toByteString returns ASCII text as it is). */
function bytes(s: string): string {
  return toByteString(s);
}

/** Brings the sandbox's count tables in step with `cluster` (one small update when an
 *  instance moved, nothing when nothing changed). */
export function syncTables(session: Session, cluster: PlacementCluster): void {
  let st = tables.get(session);
  if (!st) tables.set(session, (st = { seen: 0 }));
  const update: TablesUpdate = {};
  let changed = false;
  const idx = instanceIndex(cluster);
  if (st.index !== idx) {
    const keys = st.index === undefined ? undefined : keysSinceShared(st.index, st.seen, idx);
    if (keys === undefined) {
      update.reset = true;
      update.counts = idx.counts().flatMap(([k, n]) => [bytes(k), n]);
    } else update.counts = countsOf(idx, keys);
    st.index = idx;
    st.seen = idx.changeCount;
    changed = true;
  } else if (st.seen !== idx.changeCount) {
    update.counts = countsOf(idx, idx.changedSince(st.seen));
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
  if (changed) {
    // (Once per session: Session.loadExtension works out the bundle's path on every call.)
    if (!st.loaded) {
      session.loadExtension(TABLES_EXTENSION);
      st.loaded = true;
    }
    session.queueExtensionCall(TABLES_EXTENSION, "update", update);
  }
}

/** [key, count, ...] of `keys` (duplicates skipped; a few per moved instance before every
 *  run, a plain loop; thousands after a whole evacuation, a set). */
function countsOf(idx: InstanceIndex, keys: readonly string[]): (string | number)[] {
  const counts: (string | number)[] = [];
  if (keys.length > 16) {
    for (const k of new Set(keys)) counts.push(bytes(k), idx.countOf(k));
    return counts;
  }
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (keys.indexOf(k) !== i) continue; // listed before
    counts.push(bytes(k), idx.countOf(k));
  }
  return counts;
}

/**
 * The keys whose counts may differ between `prev` (the tables hold its counts after `seen`
 * changes) and `idx`, when both come from one state of the same index: `idx` derived from
 * `prev` as it is, or both derived from the same base state (one evacuation after another on
 * the same cluster); else undefined (the tables are sent whole: ~3,000 keys for a
 * 1,000-member cluster, every evacuation).
 */
function keysSinceShared(prev: InstanceIndex, seen: number, idx: InstanceIndex): string[] | undefined {
  const o = idx.origin;
  if (o === undefined || o.base.changeCount !== o.at) return undefined;
  if (o.base === prev) return seen === o.at ? idx.changedSince(0) : undefined;
  const p = prev.origin;
  if (p === undefined || p.base !== o.base || p.at !== o.at) return undefined;
  return prev.changedSince(0).concat(idx.changedSince(0));
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
      release(session, [...cache.values()]);
      cache = undefined;
    }
    if (!cache) memberCaches.set(session, (cache = new Map()));
    this.cache = cache;
  }

  /** The last list(): most positions hold the same member from one run to the next (an
   *  evacuation moves one), answered without a map lookup. */
  private last?: { members: readonly ApiMember[]; refs: HostValue[] };

  /** The candidate list of a run as references (interning members not seen yet). `edit`:
   *  how `members` follows from an earlier list (CandidateSet.edit); when that list is the
   *  last one, the last references are rearranged the same way and the sandbox is sent the
   *  edit (noteRefListEdit) — nothing compared element by element. A list given with an edit
   *  is kept as it is, not copied: its owner (EvacuationCandidates) leaves it unchanged. */
  list(members: readonly ApiMember[], version: string, edit?: { base: readonly ApiMember[]; moves: number[] }): HostValue[] {
    const last0 = this.last;
    if (edit !== undefined && last0 !== undefined && last0.members === edit.base && edit.base.length === members.length) {
      const out = last0.refs.slice();
      const m = edit.moves;
      for (let i = 0; i + 1 < m.length; i += 2) moveElement(out, m[i], m[i + 1]);
      this.last = { members, refs: out };
      noteRefListEdit(out, last0.refs, m);
      return out;
    }
    const out = this.fromLast(members) ?? new Array<HostValue>(members.length);
    let missing: ApiMember[] | undefined;
    const last = this.last;
    const lm = last?.members;
    for (let i = 0; i < members.length; i++) {
      if (out[i] !== undefined) continue;
      const m = members[i];
      const r = lm !== undefined && lm[i] === m ? last!.refs[i] : this.refs.get(m);
      if (r === undefined) (missing ??= []).push(m);
      else out[i] = r;
    }
    if (missing === undefined) {
      this.last = { members: edit !== undefined ? members : members.slice(), refs: out };
      return out;
    }
    this.last = undefined;
    try {
      this.add(missing, version);
    } catch {
      // The sandbox cannot take them (a limit): marshal this run's members as they are,
      // and let the run report what went wrong.
      return members.map((m) => this.refs.get(m) ?? toHostValue(m, "ClusterMember", version));
    }
    return members.map((m) => this.refs.get(m)!);
  }

  /** `make()` interned once per session under `key` (content that recurs across runs, such
   *  as a request's empty `source`), handed out as a reference: copies in the sandbox, so a
   *  run may still mutate what it got. Undefined when the sandbox cannot take it. */
  byContent(key: string, make: () => HostValue): HostRef | undefined {
    const k = `content\u0000${key}`;
    let h = this.cache.get(k);
    if (h === undefined) {
      try {
        [h] = this.session.intern([make()]);
      } catch {
        return undefined;
      }
      this.cache.set(k, h);
    }
    return new HostRef(h);
  }

  /** The last run's references rearranged when `members` is the last list with one member
   *  moved along it (an evacuation's chosen member), else undefined. */
  private fromLast(members: readonly ApiMember[]): HostValue[] | undefined {
    const last = this.last;
    const n = members.length;
    if (last === undefined || last.members.length !== n) return undefined;
    const lm = last.members;
    let i = 0;
    while (i < n && lm[i] === members[i]) i++;
    if (i === n) return last.refs.slice();
    let e = n - 1;
    while (lm[e] === members[e]) e--;
    const out = last.refs.slice();
    if (members[e] === lm[i]) {
      // lm[i] moved to e: the ones between moved up by one.
      for (let k = i; k < e; k++) if (members[k] !== lm[k + 1]) return undefined;
      const r = out[i];
      for (let k = i; k < e; k++) out[k] = out[k + 1]; // (not copyWithin: generic, slow in V8)
      out[e] = r;
      return out;
    }
    if (members[i] === lm[e]) {
      for (let k = i + 1; k <= e; k++) if (members[k] !== lm[k - 1]) return undefined;
      const r = out[e];
      for (let k = e; k > i; k--) out[k] = out[k - 1];
      out[i] = r;
      return out;
    }
    return undefined;
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
    release(this.session, this.own);
    this.own.length = 0;
  }
}

/** Takes the element at `from` and inserts it at `to` (a loop: copyWithin is slow in V8). */
function moveElement<T>(a: T[], from: number, to: number): void {
  const x = a[from];
  if (from < to) for (let k = from; k < to; k++) a[k] = a[k + 1];
  else for (let k = from; k > to; k--) a[k] = a[k - 1];
  a[to] = x;
}

/** Beyond this many shared values a session's cache starts afresh (each may take a few KB of
 *  sandbox memory: an Instance with its config). */
const SHARED_MAX = 50_000;

interface SharedEntry {
  handle: number;
  stamp: string;
}

/** Per session: key object → its interned value. */
const sharedCaches = new WeakMap<Session, { entries: WeakMap<object, SharedEntry>; handles: number[] }>();

/**
 * Values builtins return again and again across runs (get_instances' instances,
 * get_cluster_member_state's states): the first time marshalled as they are, and interned
 * before the next run (a run cannot intern: the sandbox is busy running it; a single run never
 * pays for it); from then on handed
 * over as references, which the sandbox copies (copy on write), as Incus marshals anew.
 */
export class SharedRefs implements SharedValues {
  private pending: { key: object; stamp: string; value: HostValue }[] = [];
  private readonly cache: { entries: WeakMap<object, SharedEntry>; handles: number[] };

  constructor(private readonly session: Session) {
    let cache = sharedCaches.get(session);
    if (!cache) sharedCaches.set(session, (cache = { entries: new WeakMap(), handles: [] }));
    this.cache = cache;
  }

  value(key: object, stamp: string, make: () => HostValue): HostValue {
    const e = this.cache.entries.get(key);
    if (e !== undefined && e.stamp === stamp) return new HostRef(e.handle);
    const value = make();
    if (this.pending.length < SHARED_MAX) this.pending.push({ key, stamp, value });
    return value;
  }

  /** Interns what the last run marshalled (call before the next run, with a healthy session). */
  flush(): void {
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0) return;
    // One value per key: the latest stamp wins.
    const latest = new Map<object, { stamp: string; value: HostValue }>();
    for (const p of pending) latest.set(p.key, p);
    const keys = [...latest.keys()];
    const cache = this.cache;
    if (cache.handles.length + keys.length > SHARED_MAX) {
      // Too many: start afresh (no reference to them survives a run).
      release(this.session, cache.handles);
      cache.handles = [];
      cache.entries = new WeakMap();
    }
    let handles: number[];
    try {
      handles = this.session.intern(keys.map((k) => latest.get(k)!.value));
    } catch {
      return; // the sandbox cannot take them: they stay marshalled per call
    }
    const stale = new Set<number>();
    keys.forEach((k, i) => {
      const old = cache.entries.get(k);
      if (old) stale.add(old.handle);
      cache.entries.set(k, { handle: handles[i], stamp: latest.get(k)!.stamp });
      cache.handles.push(handles[i]);
    });
    if (stale.size) {
      cache.handles = cache.handles.filter((h) => !stale.has(h));
      release(this.session, [...stale]);
    }
  }

  /** Forgets what the last run marshalled (a failed run: the session may be unusable). */
  drop(): void {
    this.pending = [];
  }
}
