// Answers of get_instances and get_cluster_member_state kept in the sandbox
// (placement-tables.sandbox.ts answers from them without a host round trip), so that a
// scriptlet asking for each of 1,000 candidates pays the host boundary once per answer, not
// once per call per run. An answer is kept only when the host builtin gave it with no side
// effect (no note, no log, no error) and as interned references (the sandbox hands out
// copies, as Incus marshals anew); it is dropped as soon as it may differ:
// - every answer, when the cluster's instance index, members, member states, projects or the
//   Incus version are not those it was given under, or after a failed run;
// - get_instances answers for a member whose instances changed (an evacuation moving an
//   instance), and those over all members;
// - get_cluster_member_state answers when the candidates or the local member change (the
//   builtin accepts only those names);
// - any answer holding a handle the session released.
// Answers given during a run reach the sandbox before the next run (a run cannot be
// interrupted to update it), checked against what changed in between.
import { toByteString, type HostValue, HostRef, type Session } from "../../starlark/engine";
import type { ApiMember, PlacementCluster } from "./cluster";
import { instanceIndex, type InstanceIndex } from "./instance-index";
import type { MemoUpdate } from "./placement-tables.sandbox";

/** The builtins answered from the memo. */
export const MEMOISED = ["get_instances", "get_cluster_member_state"] as const;
export type MemoisedBuiltin = (typeof MEMOISED)[number];

/** What builtins.ts tells about an answer it gave without side effects. */
export interface BuiltinMemoRecorder {
  /** `values`: each parameter's value in UnpackArgs order ("" when omitted); `location`:
   *  the member the answer is about ("" = all); `noted`: the builtin adds a note to the run
   *  when it gives this answer (once per run: the sandbox then asks the host first each run). */
  record(name: MemoisedBuiltin, values: string[], location: string, value: HostValue, noted?: boolean): void;
}

interface Held {
  name: MemoisedBuiltin;
  location: string;
  handles: number[];
  noted: boolean;
}

interface Context {
  index: InstanceIndex;
  members: readonly ApiMember[];
  memberState: PlacementCluster["memberState"];
  projects: readonly unknown[];
  version: string;
}

interface MemoState {
  /** What the sandbox holds (after the queued updates run), by key. */
  held: Map<string, Held>;
  /** Answers of the current run, not yet sent. */
  pending: Map<string, Held>;
  drop: string[];
  /** The sandbox's memo is unknown (new session, failed run): start with a reset. */
  reset: boolean;
  context?: Context;
  changesSeen: number;
  candidates?: Set<ApiMember>;
  localMember?: string;
}

const states = new WeakMap<Session, MemoState>();

let enabled = true;

/** Tests compare runs with and without the memo (every call then goes to the host). */
export function setBuiltinMemo(on: boolean): void {
  enabled = on;
}

function state(session: Session): MemoState {
  let s = states.get(session);
  if (!s) states.set(session, (s = { held: new Map(), pending: new Map(), drop: [], reset: true, changesSeen: 0 }));
  return s;
}

function bytes(s: string): string {
  return /^[\x00-\x7f]*$/.test(s) ? s : toByteString(s);
}

/** The sandbox's key of a call (placement-tables.sandbox.ts memoKey). */
function memoKey(name: string, values: string[]): string {
  let k = name;
  for (const v of values) k += "\u0000" + bytes(v);
  return k;
}

function handlesOf(value: HostValue): number[] | undefined {
  if (value instanceof HostRef) return [value.handle];
  if (!Array.isArray(value)) return undefined;
  const hs = new Array<number>(value.length);
  for (let i = 0; i < value.length; i++) {
    const r = value[i];
    if (!(r instanceof HostRef)) return undefined;
    hs[i] = r.handle;
  }
  return hs;
}

/** The recorder of one run in `session`. */
export function memoRecorder(session: Session): BuiltinMemoRecorder {
  const st = state(session);
  return {
    record(name, values, location, value, noted = false) {
      if (!enabled) return;
      const handles = handlesOf(value);
      if (handles === undefined || (name === "get_cluster_member_state" && !(value instanceof HostRef))) return;
      st.pending.set(memoKey(name, values), { name, location, handles, noted });
    },
  };
}

/** Handles the session released: answers holding them are dropped. */
export function memoReleased(session: Session, handles: readonly number[]): void {
  const st = states.get(session);
  if (!st || handles.length === 0) return;
  const gone = new Set(handles);
  const hit = (h: Held) => h.handles.some((x) => gone.has(x));
  for (const [k, h] of st.held) if (hit(h)) dropKey(st, k);
  for (const [k, h] of st.pending) if (hit(h)) st.pending.delete(k);
}

/** After a failed run: the sandbox's memo is not known any more. */
export function forgetMemo(session: Session): void {
  states.delete(session);
}

function dropKey(st: MemoState, k: string): void {
  if (st.held.delete(k)) st.drop.push(k);
}

/**
 * Before a run: drops what may have changed since the answers were given, and queues the
 * update (the last run's answers, the drops) for the sandbox. `specs`: each memoised
 * builtin's UnpackArgs parameters in this version.
 */
export function syncMemo(session: Session, extension: string, run: { cluster: PlacementCluster; version: string; candidates: readonly ApiMember[]; localMember: string }, specs: Record<MemoisedBuiltin, string[]>): void {
  const st = state(session);
  const { cluster } = run;
  const index = instanceIndex(cluster);
  const c = st.context;
  const update: MemoUpdate = {};
  if (st.reset || !c || c.index !== index || c.members !== cluster.members || c.memberState !== cluster.memberState || c.projects !== cluster.projects || c.version !== run.version) {
    // (Answers of the last run were given under the old context: dropped too, unless the
    // context is the same and only the sandbox's state was unknown.)
    const sameContext = c !== undefined && c.index === index && c.members === cluster.members && c.memberState === cluster.memberState && c.projects === cluster.projects && c.version === run.version;
    if (!sameContext) st.pending.clear();
    st.held.clear();
    st.drop = [];
    update.reset = true;
    update.specs = specs;
    st.reset = false;
    st.context = { index, members: cluster.members, memberState: cluster.memberState, projects: cluster.projects, version: run.version };
    st.changesSeen = index.changeCount;
    st.candidates = undefined;
  }
  if (!update.reset && st.held.size === 0 && st.pending.size === 0) {
    // Nothing kept, nothing to send (a scriptlet that calls neither builtin): only follow the
    // changes, so that later answers are checked from here on.
    st.changesSeen = index.changeCount;
    st.candidates = undefined;
    return;
  }
  if (st.changesSeen !== index.changeCount) {
    const locations = new Set<string>();
    for (const k of index.changedSince(st.changesSeen)) locations.add(k.slice(k.indexOf("\u0000") + 1));
    st.changesSeen = index.changeCount;
    const stale = (h: Held) => h.name === "get_instances" && (h.location === "" || locations.has(h.location));
    for (const [k, h] of st.held) if (stale(h)) dropKey(st, k);
    for (const [k, h] of st.pending) if (stale(h)) st.pending.delete(k);
  }
  if (!sameCandidates(st, run.candidates, run.localMember)) {
    const stale = (h: Held) => h.name === "get_cluster_member_state";
    for (const [k, h] of st.held) if (stale(h)) dropKey(st, k);
    for (const [k, h] of st.pending) if (stale(h)) st.pending.delete(k);
  }
  if (st.pending.size) {
    update.set = [];
    for (const [k, h] of st.pending) {
      st.held.set(k, h);
      update.set.push([k, h.name === "get_cluster_member_state" ? h.handles[0] : h.handles, h.noted]);
    }
    st.pending.clear();
  }
  if (st.drop.length) {
    update.drop = st.drop;
    st.drop = [];
  }
  if (update.reset || update.set || update.drop) session.queueExtensionCall(extension, "update", { memo: update });
}

/** Whether the candidates (as a set) and the local member are the last run's; records them. */
function sameCandidates(st: MemoState, candidates: readonly ApiMember[], localMember: string): boolean {
  const prev = st.candidates;
  let same = prev !== undefined && prev.size === candidates.length && st.localMember === localMember;
  if (same) for (let i = 0; same && i < candidates.length; i++) same = prev!.has(candidates[i]);
  if (!same) {
    st.candidates = new Set(candidates);
    st.localMember = localMember;
  }
  return same;
}
