// The active cluster as the language services see it: its names (members, groups, projects)
// for checks and completions, and its version. Built from the registry's loaded cluster.
import type { PlacementCluster } from "../incus/placement/cluster";
import type { ClusterSnapshot } from "../incus/snapshot";
import type { ClusterNames } from "../language/scriptlet/context";
import type { LoadedConnection } from "./cluster/registry";

export interface ActiveCluster {
  /** The connection key (part of the analysis cache key). */
  setting: string;
  snapshot: ClusterSnapshot;
  cluster: PlacementCluster & { localMember: string };
  names: ClusterNames;
  version: string;
}

export function activeClusterOf(c: LoadedConnection): ActiveCluster {
  return {
    setting: `${c.key}#${c.generation}`,
    snapshot: c.snapshot,
    cluster: c.placement,
    names: {
      source: c.spec.kind === "sample" ? "the sample cluster" : c.label,
      members: c.placement.members.map((m) => m.server_name),
      groups: c.placement.groups.map((g) => g.name),
      projects: c.placement.projects.map((p) => p.name),
    },
    version: c.version,
  };
}
