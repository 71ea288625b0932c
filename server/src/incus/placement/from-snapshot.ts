// Adapts a loaded cluster snapshot to the simulator's cluster view.
import type { ClusterSnapshot } from "../snapshot";
import type { ApiGroup, ApiInstance, ApiMember, ApiProfile, ApiProject, PlacementCluster } from "./cluster";

export function clusterFromSnapshot(snapshot: ClusterSnapshot): PlacementCluster & { localMember: string } {
  const profiles = snapshot.profiles as Record<string, ApiProfile[]>;
  const projects = snapshot.projects as ApiProject[];
  const members = snapshot.members as ApiMember[];
  const env = snapshot.server.environment as { server_version: string; server_name?: string };
  return {
    serverVersion: env.server_version,
    serverConfig: (snapshot.server.config ?? {}) as Record<string, string>,
    members,
    groups: snapshot.groups as ApiGroup[],
    projects,
    profiles: (project) => profiles[project] ?? [],
    instances: snapshot.instances as ApiInstance[],
    resources: (m) => snapshot.resources[m],
    memberState: (m) => snapshot.member_state[m],
    poolDriver: (name) => (snapshot.storage_pools as { name: string; driver?: string }[]).find((p) => p.name === name)?.driver,
    memberPoolStatus: (m, pool) => (snapshot.member_storage_pools?.[m]?.[pool] as { status?: string } | undefined)?.status,
    localMember: env.server_name || members[0]?.server_name || "",
  };
}
