// The cluster snapshot document: Incus API objects, verbatim, under fixed top-level keys.
// Each key names the request that produced it, so a captured snapshot and a hand-written one
// read the same. Only the top level is strict (a misspelt section is an error, not silently
// ignored); inside, unknown fields are kept as they are.
import { z } from "zod";
import * as api from "./api";

/** Optional record of how the snapshot was taken; not an Incus object. */
export const captureInfo = z.looseObject({
  captured_at: z.string().optional(),
  source: z.string().optional(),
  /** Requests that failed during capture (e.g. an offline member's resources). */
  errors: z.array(z.looseObject({ request: z.string(), message: z.string() })).default([]),
});

export const clusterSnapshotSchema = z.strictObject({
  /** Lets JSON files name their schema; ignored otherwise. */
  $schema: z.string().optional(),
  /** GET /1.0 */
  server: api.server.prefault({}),
  /** GET /1.0/cluster/members?recursion=1 */
  members: z.array(api.clusterMember).default([]),
  /** GET /1.0/cluster/groups?recursion=1 */
  groups: z.array(api.clusterGroup).default([]),
  /** GET /1.0/projects?recursion=1 */
  projects: z.array(api.project).default([]),
  /** project name → GET /1.0/profiles?recursion=1&project=NAME */
  profiles: z.record(z.string(), z.array(api.profile)).default({}),
  /** GET /1.0/instances?recursion=1&all-projects=true */
  instances: z.array(api.instance).default([]),
  /** GET /1.0/storage-pools?recursion=1 */
  storage_pools: z.array(api.storagePool).default([]),
  /** member → pool → GET /1.0/storage-pools/POOL?target=MEMBER (member-specific status and config) */
  member_storage_pools: z.record(z.string(), z.record(z.string(), api.storagePool)).default({}),
  /** member → GET /1.0/resources?target=MEMBER */
  resources: z.record(z.string(), api.resources).default({}),
  /** member → GET /1.0/cluster/members/MEMBER/state */
  member_state: z.record(z.string(), api.clusterMemberState).default({}),
  /** GET /1.0/warnings?recursion=1 */
  warnings: z.array(api.warning).default([]),
  capture: captureInfo.optional(),
});

/** The snapshot as parsed, before cross-object defaults (see normalize.ts). */
export type ParsedSnapshot = z.infer<typeof clusterSnapshotSchema>;

/** A snapshot after normalization: every cross-reference has a target and instances are expanded. */
export type ClusterSnapshot = Omit<ParsedSnapshot, "instances"> & { instances: api.Instance[] };

/** The top-level keys, in the order a captured snapshot writes them. */
export const SNAPSHOT_KEYS = Object.keys(clusterSnapshotSchema.shape);
