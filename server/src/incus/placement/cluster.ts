// The view of a cluster the placement simulator works on: Incus API objects (as a snapshot
// holds them, verbatim) plus the few indexes placement needs. Built from a loaded snapshot
// (server/src/incus/snapshot) by `clusterFromSnapshot`; kept as an interface so the simulator
// can be driven by hand-made clusters in tests too.
import type { ApiInstance } from "./api-instance";
import { instanceIndex } from "./instance-index";

export type { ApiInstance };

export interface ApiMember {
  server_name: string;
  url?: string;
  status?: string;
  message?: string;
  architecture?: string;
  failure_domain?: string;
  description?: string;
  config?: Record<string, string>;
  groups?: string[];
  roles?: string[];
  database?: boolean;
  [field: string]: unknown;
}

export interface ApiGroup {
  name: string;
  description?: string;
  members?: string[];
  config?: Record<string, string>;
  [field: string]: unknown;
}

export interface ApiProject {
  name: string;
  config?: Record<string, string>;
  [field: string]: unknown;
}

export interface ApiProfile {
  name: string;
  project?: string;
  config?: Record<string, string>;
  devices?: Record<string, Record<string, string>>;
  [field: string]: unknown;
}


export interface PlacementCluster {
  /** Incus version of the server, e.g. "6.0.4". */
  serverVersion: string;
  /** Server config (`instances.placement.scriptlet`, `images.default_architecture`, ...). */
  serverConfig: Record<string, string>;
  /** Members in the order the API lists them. */
  members: ApiMember[];
  groups: ApiGroup[];
  projects: ApiProject[];
  profiles(project: string): ApiProfile[];
  instances: ApiInstance[];
  /** GET /1.0/resources?target=M, when captured. */
  resources(member: string): unknown | undefined;
  /** GET /1.0/cluster/members/M/state, when captured. */
  memberState(member: string): unknown | undefined;
  /** The driver of a storage pool (dir, zfs, ceph, ...), when known. */
  poolDriver?(pool: string): string | undefined;
  /** A pool's status on one member (GET /1.0/storage-pools/POOL?target=M: Created,
   *  Unavailable, Pending), when captured. */
  memberPoolStatus?(member: string, pool: string): string | undefined;
}

/** Instances per member (all projects), which is how Incus orders candidates. */
export function instanceCountsByMember(cluster: PlacementCluster): Map<string, number> {
  const idx = instanceIndex(cluster);
  const counts = new Map<string, number>();
  for (const m of cluster.members) counts.set(m.server_name, idx.countOnMember(m.server_name));
  return counts;
}

export function findProject(cluster: PlacementCluster, name: string): ApiProject | undefined {
  return cluster.projects.find((p) => p.name === name);
}

export function findInstance(cluster: PlacementCluster, project: string, name: string): ApiInstance | undefined {
  return cluster.instances.find((i) => i.name === name && (i.project ?? "default") === project);
}
