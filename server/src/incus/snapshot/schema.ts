// The cluster snapshot document: Incus API objects, verbatim, under fixed top-level keys.
// Each key names the request that produced it, so a captured snapshot and a hand-written one
// read the same. Only the top level is strict (a misspelt section is an error, not silently
// ignored); inside, unknown fields are kept as they are.
import { z } from "zod";
import * as api from "./api";

/**
 * One request that failed while capturing: a member that is offline or unreachable answers
 * its per-member requests (resources, state, pools) with an error. The snapshot keeps the
 * request and Incus's words instead of failing, so a cluster in any state can be captured.
 */
export const captureFailure = z.looseObject({
  request: z.string().describe('e.g. "GET /1.0/resources?target=node3"'),
  message: z.string().describe("why it failed, as the client reported it (Incus's error text)"),
  member: z.string().optional().describe("the member the request was about, for per-member requests"),
  status: z.number().int().optional().describe("HTTP status, when the server answered"),
});

/** A per-member section's value; null (written by some tools for a member that did not answer) reads as absent. */
function perMember<S extends z.ZodType>(schema: S) {
  return z
    .record(z.string(), schema.nullable())
    .default({})
    .transform((record) => {
      for (const key of Object.keys(record)) if (record[key] === null) delete record[key];
      return record as Record<string, z.output<S>>;
    });
}

/** Optional record of how the snapshot was taken; not an Incus object. */
export const captureInfo = z.looseObject({
  captured_at: z.string().optional(),
  source: z.string().optional(),
  /** Requests that failed during capture (e.g. an offline member's resources). */
  errors: z.array(captureFailure).default([]),
  /**
   * Project name → database id. Incus hands a scriptlet's get_instances() result ordered by
   * project id, then name; the REST API lists projects by name and never shows ids.
   */
  project_ids: z.record(z.string(), z.number().int()).optional().describe("project name → id (creation order), read with `incus admin sql global \"SELECT id, name FROM projects\"`"),
  /** Why project_ids is absent, when the capture tried. */
  project_ids_unknown: z.string().optional(),
});

export const clusterSnapshotSchema = z.strictObject({
  $schema: z.string().optional().describe("Lets JSON files name their schema; ignored otherwise."),
  server: api.server.prefault({}).describe("GET /1.0"),
  members: z.array(api.clusterMember).default([]).describe("GET /1.0/cluster/members?recursion=1"),
  groups: z.array(api.clusterGroup).default([]).describe("GET /1.0/cluster/groups?recursion=1"),
  projects: z.array(api.project).default([]).describe("GET /1.0/projects?recursion=1"),
  profiles: z.record(z.string(), z.array(api.profile)).default({}).describe("project name → GET /1.0/profiles?recursion=1&project=NAME"),
  instances: z.array(api.instance).default([]).describe("GET /1.0/instances?recursion=1&all-projects=true"),
  storage_pools: z.array(api.storagePool).default([]).describe("GET /1.0/storage-pools?recursion=1"),
  member_storage_pools: perMember(z.record(z.string(), api.storagePool)).describe("member → pool → GET /1.0/storage-pools/POOL?target=MEMBER (member-specific status and config)"),
  resources: perMember(api.resources).describe("member → GET /1.0/resources?target=MEMBER"),
  member_state: perMember(api.clusterMemberState).describe("member → GET /1.0/cluster/members/MEMBER/state"),
  warnings: z.array(api.warning).default([]).describe("GET /1.0/warnings?recursion=1"),
  certificates: z.array(api.certificate).default([]).describe("GET /1.0/certificates?recursion=1 (the trust store; for authorization runs)"),
  capture: captureInfo.optional().describe("How and when the snapshot was captured (written by incus-scriptlet snapshot)"),
});

export type CaptureFailure = z.infer<typeof captureFailure>;

/** The snapshot as parsed, before cross-object defaults (see normalize.ts). */
export type ParsedSnapshot = z.infer<typeof clusterSnapshotSchema>;

/** A snapshot after normalization: every cross-reference has a target and instances are expanded. */
export type ClusterSnapshot = Omit<ParsedSnapshot, "instances"> & { instances: api.Instance[] };

/** The top-level keys, in the order a captured snapshot writes them. */
export const SNAPSHOT_KEYS = Object.keys(clusterSnapshotSchema.shape);
