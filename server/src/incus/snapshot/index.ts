// Public surface of the cluster snapshot: load a file, get errors with positions or a
// normalized snapshot, and index it for queries.
export { loadSnapshot, parseSnapshotText, type LoadResult, type ParseOptions as SnapshotParseOptions } from "./load";
export { formatErrors, type SnapshotError } from "./errors";
export { ClusterModel, buildModel, type GroupEntry, type PoolEntry } from "./model";
export { poolKind, LOCAL_POOL_DRIVERS, REMOTE_POOL_DRIVERS, type PoolKind } from "./pool-kind";
export { clusterSnapshotSchema, SNAPSHOT_KEYS, type ClusterSnapshot, type ParsedSnapshot } from "./schema";
export { normalizeSnapshot, profileProjectOf } from "./normalize";
export { sampleSnapshotPath } from "./sample";
export { formatSnapshot, formatForFile, type SnapshotFormat } from "./write";
export { NEWEST_INCUS_VERSION } from "./api/server";
export type * from "./api";
