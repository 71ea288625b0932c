// Candidate members for a placement, computed as Incus computes them (6.0.x
// GetCandidateMembers and the target checks around it), plus what Incus never tells: why each
// other member was left out.
import { instanceCountsByMember, type ApiMember, type ApiProject, type PlacementCluster } from "./cluster";

export interface Exclusion {
  member: string;
  why: string;
}

export interface CandidateSet {
  /** Incus's order: ascending instance count; ties keep the API's member order. */
  candidates: ApiMember[];
  excluded: Exclusion[];
  /** Instance count per candidate, as used for the ordering. */
  counts: Map<string, number>;
  /** The candidates' names and counts in candidate order (the same as `candidates` and
   *  `counts` give), made on demand: when the set has a cheaper way to make them than from
   *  `candidates` and `counts` now (an evacuation's kept set, candidate-history.ts). */
  lists?: () => { names: string[]; counts: number[] };
  /** Stands for the candidates as a set: two sets with the same `membership` object have the
   *  same members (an evacuation's kept set, whose order alone changes). */
  membership?: object;
  /** How `candidates` follows from an earlier candidate list of the same set: `base` with
   *  `moves` applied ([from, to, ...]: take the element at `from`, insert it at `to`, in
   *  turn), when the set knows it (an evacuation's kept set: one member moved per placement).
   *  Lets the run hand the sandbox the edit instead of a list compared element by element. */
  edit?: { base: readonly ApiMember[]; moves: number[] };
}

export interface CandidateQuery {
  /** Architectures the instance can run as (undefined: don't filter). */
  architectures?: string[];
  /** `--target @group` */
  targetGroup?: string;
  /** The project's restricted.cluster.groups (undefined or empty: no restriction). */
  allowedGroups?: string[];
  /** Members removed before candidate selection, with the reason (evacuation: `volatile.cluster.group`). */
  prefilter?: (m: ApiMember) => string | undefined;
}

/** Architectures a member can run besides its own (Incus's osarch personalities). */
const PERSONALITIES: Record<string, string[]> = {
  x86_64: ["i686"],
  aarch64: ["armv7l", "armv8l"],
  ppc64: ["ppc"],
  s390x: ["s390"],
};

export function supportedArchitectures(arch: string): string[] {
  return [arch, ...(PERSONALITIES[arch] ?? [])];
}

/** Incus's util.SplitNTrimSpace(value, ",", -1, true): nil for an empty value. */
export function restrictedClusterGroups(project: ApiProject | undefined): string[] | undefined {
  const raw = project?.config?.["restricted.cluster.groups"] ?? "";
  if (raw === "") return undefined;
  return raw.split(",").map((s) => s.trim());
}

export class PlacementError extends Error {}

export function candidateMembers(cluster: PlacementCluster, query: CandidateQuery): CandidateSet {
  const excluded: Exclusion[] = [];
  const candidates: ApiMember[] = [];
  const groupNames = new Set(cluster.groups.map((g) => g.name));
  for (const member of cluster.members) {
    const why = exclusionReason(member, query, groupNames);
    if (why) excluded.push({ member: member.server_name, why });
    else candidates.push(member);
  }
  const counts = instanceCountsByMember(cluster);
  // Array.prototype.sort is stable: ties keep the API order, as Go's sort does for the
  // small member lists it sees in practice (insertion sort below 13 elements).
  // (Sorted by a precomputed key: 1,000 members take ~10,000 comparisons, per placement.)
  const keyed = candidates.map((m, i) => ({ m, n: counts.get(m.server_name) ?? 0, i }));
  keyed.sort((a, b) => a.n - b.n || a.i - b.i);
  for (let i = 0; i < keyed.length; i++) candidates[i] = keyed[i].m;
  return { candidates, excluded, counts };
}

function exclusionReason(member: ApiMember, query: CandidateQuery, groupNames: Set<string>): string | undefined {
  const pre = query.prefilter?.(member);
  if (pre) return pre;
  const status = member.status ?? "Online";
  if (status === "Offline") return "offline";
  if (status === "Evacuated") return "evacuated";
  if (status === "Pending") return "not fully created (pending)";
  const scheduler = member.config?.["scheduler.instance"] ?? "";
  const groups = member.groups ?? [];
  if (scheduler === "manual") return "scheduler.instance=manual (only placed with --target)";
  if (scheduler === "group" && !groups.includes(query.targetGroup ?? "")) {
    return "scheduler.instance=group and none of its groups was targeted";
  }
  if (query.targetGroup && !groups.includes(query.targetGroup)) return `not in the targeted group @${query.targetGroup}`;
  if (query.allowedGroups && query.allowedGroups.length > 0) {
    for (const g of query.allowedGroups) {
      if (!groupNames.has(g)) throw new PlacementError(`Cluster group "${g}" doesn't exist`);
    }
    if (!query.allowedGroups.some((g) => groups.includes(g))) {
      return `outside the project's restricted.cluster.groups (${query.allowedGroups.join(",")})`;
    }
  }
  if (query.architectures) {
    const supported = supportedArchitectures(member.architecture ?? "x86_64");
    if (!query.architectures.some((a) => supported.includes(a))) {
      return `architecture ${member.architecture ?? "x86_64"} cannot run ${query.architectures.join("/")}`;
    }
  }
  return undefined;
}
