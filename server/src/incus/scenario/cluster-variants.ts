// Variants of a cluster for what-if scenarios: a member's status changed, placements applied
// (instances moved or added). Copies only what changes; the scriptlet never sees the original
// mutated, so scenarios can share one loaded cluster.
import type { ApiInstance, PlacementCluster } from "../placement/cluster";
import type { PlacementOperation } from "../placement/command";
import type { Placement } from "../placement/result";

export function withMemberStatus(cluster: PlacementCluster, member: string, status: "Offline" | "Evacuated"): PlacementCluster {
  return {
    ...cluster,
    members: cluster.members.map((m) => (m.server_name === member ? { ...m, status, message: status === "Offline" ? "No heartbeat" : "Unavailable due to maintenance" } : m)),
  };
}

/** Instances per member, all projects (what Incus orders candidates by). */
export function countsByMember(cluster: PlacementCluster): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of cluster.members) counts[m.server_name] = 0;
  for (const i of cluster.instances) if (i.location && i.location in counts) counts[i.location]++;
  return counts;
}

const key = (project: string, name: string) => `${project}\u0000${name}`;

/**
 * The cluster after the placements of `op` happened: created instances added on their target,
 * moved/evacuated instances relocated. Failed placements change nothing (Incus stops there).
 */
export function applyPlacements(cluster: PlacementCluster, op: PlacementOperation, placements: Placement[]): PlacementCluster {
  const moves = new Map<string, string>();
  const added: ApiInstance[] = [];
  for (const p of placements) {
    if (p.error !== null || p.target === null) continue;
    if (op.kind === "create") added.push({ name: p.instance, project: p.project, location: p.target, type: op.vm ? "virtual-machine" : "container", config: { ...op.config }, profiles: op.profiles ?? ["default"], status: "Stopped" });
    else moves.set(key(op.kind === "move" ? op.project : p.project, p.instance), p.target);
  }
  if (!moves.size && !added.length) return cluster;
  const instances = cluster.instances.map((i) => {
    const to = moves.get(key(i.project ?? "default", i.name));
    return to && to !== i.location ? { ...i, location: to } : i;
  });
  let members = cluster.members;
  if (op.kind === "evacuate") members = members.map((m) => (m.server_name === op.member ? { ...m, status: "Evacuated" } : m));
  return { ...cluster, members, instances: [...instances, ...added] };
}
