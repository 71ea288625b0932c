// The CLI's cluster loader is the shared one (server/src/incus/cluster-source.ts): the language
// server loads clusters with it too.
export { loadClusterSource, UserError, type ClusterSourceArgs, type LoadedCluster } from "../incus/cluster-source";

/** The flags every command that simulates on a cluster takes: where the cluster comes from and
 *  which Incus release to behave as (read with loadClusterSource and the version check). */
export const CLUSTER_FLAGS = [
  { names: ["--cluster"], kind: "string" as const, key: "cluster" },
  { names: ["--remote"], kind: "string" as const, key: "remote" },
  { names: ["--socket"], kind: "string" as const, key: "socket" },
  { names: ["--incus-version"], kind: "string" as const, key: "version" },
];
