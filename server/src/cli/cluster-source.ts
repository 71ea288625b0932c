// The CLI's cluster loader is the shared one (server/src/incus/cluster-source.ts): the language
// server loads clusters with it too.
export { loadClusterSource, UserError, type ClusterSourceArgs, type LoadedCluster } from "../incus/cluster-source";
