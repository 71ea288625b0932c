// The steps every simulated placement shares: an empty result, Incus's target check, the
// candidate list, one scriptlet run, Incus's default choice.
import { PlacementError, restrictedClusterGroups, type CandidateSet } from "./candidates";
import { findProject, type ApiMember, type PlacementCluster } from "./cluster";
import type { PlacementRequest } from "./request";
import type { Placement } from "./result";
import type { PlacementRun } from "./builtins";
import type { PlacementScriptlet } from "./scriptlet-runner";
import type { PostCheck } from "./post-placement";

export const FAILED = "Failed instance placement scriptlet: ";

export interface SimContext {
  cluster: PlacementCluster;
  scriptlet: PlacementScriptlet;
  version: string;
  localMember: string;
  timeoutMs: number;
  /** The tool's memory cap of the sandbox, in MiB (undefined: the engine's default). */
  memoryMb?: number;
  replayExisting?: boolean;
}

export function emptyPlacement(instance: string, project: string, reason: Placement["reason"]): Placement {
  return {
    instance, project, reason, candidates: [], counts: {}, excluded: [], target: null, chosenBy: "none",
    tiedWith: [], logs: [], error: null, incusMessage: null, notes: [],
  };
}

/** Fails a placement before the scriptlet ran (a target or project check, as Incus does). */
export function failEarly(p: Placement, message: string): Placement {
  p.error = message;
  p.incusMessage = message;
  return p;
}

/** Resolves `--target` as Incus's CheckTarget: a member (returned) or `@group` (its name). */
export function checkTarget(cluster: PlacementCluster, project: string, target: string | undefined, notes?: string[]): { member?: ApiMember; group?: string } {
  if (!target) return {};
  const p = findProject(cluster, project);
  const restricted = p?.config?.restricted === "true";
  const allowed = restrictedClusterGroups(p) ?? [];
  if (restricted && p?.config?.["restricted.cluster.target"] !== "allow") {
    // Server administrators (the unix socket, unrestricted certificates) may override this
    // restriction, and do (seen on 6.0.4 over the unix socket); the simulation assumes one.
    notes?.push(
      `Project ${project} does not set restricted.cluster.target=allow: Incus refuses --target to restricted clients ` +
        `("This project doesn't allow cluster member targeting"); server administrators may still target`,
    );
  }
  if (target.startsWith("@")) {
    const group = target.slice(1);
    if (restricted && allowed.length > 0 && !allowed.includes(group)) {
      throw new PlacementError(`Project isn't allowed to use this cluster group: "${group}"`);
    }
    if (!cluster.groups.some((g) => g.name === group)) throw new PlacementError(`Cluster group "${group}" doesn't exist`);
    return { group };
  }
  const member = cluster.members.find((m) => m.server_name === target);
  if (!member) throw new PlacementError(`Cluster member "${target}" not found`);
  if (restricted && allowed.length > 0 && !(member.groups ?? []).some((g) => allowed.includes(g))) {
    throw new PlacementError(`Project isn't allowed to use this cluster member: "${target}"`);
  }
  return { member };
}

export function fillCandidates(p: Placement, set: CandidateSet): void {
  p.excluded = set.excluded;
  const lazy = set.lists === undefined ? undefined : pendingLists.get(p);
  if (lazy !== undefined && !lazy.settled) {
    lazy.make = set.lists;
    return;
  }
  const n = set.candidates.length;
  const names = new Array<string>(n);
  for (let i = 0; i < n; i++) names[i] = set.candidates[i].server_name;
  p.candidates = names;
  const counts: Record<string, number> = {};
  for (const m of set.candidates) counts[m.server_name] = set.counts.get(m.server_name) ?? 0;
  p.counts = counts;
}

/**
 * A placement whose `candidates` and `counts` fillCandidates may give as lists made when first
 * read (CandidateSet.lists). An evacuation of 1,000 instances over 1,000 members fills a
 * placement per instance, and a list of 1,000 names and a record of 1,000 counts per
 * placement cost more than the scriptlet run it reports (and millions of entries for the
 * collector); most are never read. The two are accessors of the object literal (as cheap to
 * make as data properties; defining them afterwards cost ~20 us a placement) that turn into
 * plain data properties when first read or assigned: JSON.stringify, spreads, keys and
 * property reads see what emptyPlacement's placement shows. Until fillCandidates gives lists,
 * they are emptyPlacement's `[]` and `{}`.
 */
export function lazyPlacement(instance: string, project: string, reason: Placement["reason"]): Placement {
  const p: Placement = {
    instance, project, reason,
    get candidates(): string[] {
      const lists = listsOf(this);
      // (A copy: the counts, made later, are read along the lists as made.)
      const names = lists === undefined ? [] : lists.names.slice();
      settle(this, "candidates", names);
      return names;
    },
    set candidates(v: string[]) {
      settle(this, "candidates", v);
    },
    get counts(): Record<string, number> {
      const lists = listsOf(this);
      const record: Record<string, number> = {};
      if (lists !== undefined) for (let i = 0; i < lists.names.length; i++) record[lists.names[i]] = lists.counts[i];
      settle(this, "counts", record);
      return record;
    },
    set counts(v: Record<string, number>) {
      settle(this, "counts", v);
    },
    excluded: [], target: null, chosenBy: "none", tiedWith: [], logs: [], error: null, incusMessage: null, notes: [],
  };
  pendingLists.set(p, {});
  return p;
}

/** The lists a lazy placement's candidates and counts are made from (see lazyPlacement). */
const pendingLists = new WeakMap<Placement, {
  make?: () => { names: string[]; counts: number[] };
  made?: { names: string[]; counts: number[] };
  /** Either property was read or assigned: later lists are given as plain values. */
  settled?: boolean;
}>();

function listsOf(p: Placement): { names: string[]; counts: number[] } | undefined {
  const e = pendingLists.get(p);
  if (e?.make === undefined) return undefined;
  return (e.made ??= e.make());
}

function settle(p: Placement, key: "candidates" | "counts", value: unknown): void {
  const e = pendingLists.get(p);
  if (e !== undefined) e.settled = true;
  Object.defineProperty(p, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Runs the scriptlet (when the cluster has one configured, or always in the simulator: the
 *  user asked us to run it) and records logs, the chosen member or the error. */
export function runScriptlet(
  ctx: SimContext, p: Placement, request: PlacementRequest, candidates: ApiMember[], membership?: object, candidatesEdit?: CandidateSet["edit"],
): ApiMember | undefined | "failed" {
  const run: PlacementRun = {
    cluster: ctx.cluster, version: ctx.version, request, candidates, localMember: ctx.localMember,
    logs: p.logs, notes: p.notes, membership, candidatesEdit,
  };
  const res = ctx.scriptlet.run(run, ctx.timeoutMs, ctx.memoryMb);
  if (res.stoppedBy !== undefined) {
    // The tool's own limit, not Incus's outcome: reported apart, with no Incus error text.
    p.stoppedBy = res.stoppedBy;
    p.backtrace = res.backtrace;
    p.notes.push("the tool stopped this run at its own limit: what Incus would do is not known (Incus has no such limit)");
    return "failed";
  }
  if (res.error !== undefined) {
    p.error = res.error;
    p.backtrace = res.backtrace;
    return "failed";
  }
  return run.target;
}

/** Incus's default when the scriptlet chose nothing: the first candidate (fewest instances).
 *  `counts`: the candidates' instance counts (a record, or a lookup by name). */
export function chooseDefault(p: Placement, candidates: ApiMember[], counts: Record<string, number> | ((name: string) => number)): void {
  const first = candidates[0];
  if (!first) {
    p.error = "Couldn't find a cluster member for the instance";
    p.incusMessage = p.error;
    return;
  }
  p.target = first.server_name;
  p.chosenBy = "default";
  const count = typeof counts === "function" ? counts : (name: string) => counts[name];
  const n = count(first.server_name);
  p.tiedWith = candidates.slice(1).filter((m) => count(m.server_name) === n).map((m) => m.server_name);
}
export function others(cluster: PlacementCluster, keep: ApiMember, why: string) {
  return cluster.members.filter((m) => m !== keep).map((m) => ({ member: m.server_name, why }));
}

export function countOn(cluster: PlacementCluster, member: string): number {
  return cluster.instances.filter((i) => i.location === member).length;
}

export function safeCheckTarget(cluster: PlacementCluster, project: string, target: string): { member?: ApiMember; group?: string } | undefined {
  try {
    return checkTarget(cluster, project, target);
  } catch {
    return undefined;
  }
}


/** Records a post-placement check: its notes, and its error (the placement then fails). */
export function applyPostCheck(p: Placement, check: PostCheck): void {
  p.notes.push(...check.notes);
  if (!check.error) return;
  p.error = check.error;
  p.incusMessage = check.error;
  p.target = null;
}
