// Captures a cluster snapshot, read-only. The number of requests grows with members, projects
// and pools, never with instances: every list is fetched with recursion=1, then each member's
// resources, state and member-specific pool view. Requests run in parallel under a small limit.
// Objects are stored exactly as the server sent them (after checking their shape), so the
// written snapshot is the API's own words. A member that cannot answer (offline, pool down)
// does not fail the capture: its failed requests are listed under `capture.errors`.
import { z } from "zod";
import * as api from "../snapshot/api";
import { normalizeSnapshot } from "../snapshot/normalize";
import { clusterSnapshotSchema, type CaptureFailure, type ClusterSnapshot } from "../snapshot/schema";
import { isIncusClientError } from "./errors";
import type { IncusClient } from "./http";
import { mapLimit } from "./limit";
import { captureProjectIds } from "./project-ids";

export const DEFAULT_CAPTURE_CONCURRENCY = 6;

export interface CaptureOptions {
  concurrency?: number;
  /** Clock for `capture.captured_at` (tests pin it). */
  now?: () => Date;
}

export interface CaptureResult {
  /** The document to write: verbatim API objects under the snapshot's top-level keys. */
  document: Record<string, unknown>;
  /** The same document loaded like a file: defaults filled, ready for buildModel. */
  snapshot: ClusterSnapshot;
  /** How many requests the capture made. */
  requests: number;
}

type Input<S extends z.ZodType> = z.input<S>;

export async function captureSnapshot(client: IncusClient, options: CaptureOptions = {}): Promise<CaptureResult> {
  const limit = options.concurrency ?? DEFAULT_CAPTURE_CONCURRENCY;
  const errors: CaptureFailure[] = [];
  let requests = 0;
  const get = <S extends z.ZodType>(path: string, schema: S): Promise<Input<S>> => {
    requests++;
    return client.getVerbatim(path, schema);
  };
  /**
   * For per-member requests: an HTTP error or a timeout (a member that is down can make the
   * member we talk to wait for it) is recorded, not thrown. Failures reaching the server at
   * all still throw.
   */
  const tolerant = async <S extends z.ZodType>(path: string, schema: S, member?: string): Promise<Input<S> | undefined> => {
    try {
      return await get(path, schema);
    } catch (err) {
      if (isIncusClientError(err, "http") || isIncusClientError(err, "timeout")) {
        errors.push({ request: `GET ${path}`, message: err.message, ...(member !== undefined ? { member } : {}), ...(err.status ? { status: err.status } : {}) });
        return undefined;
      }
      throw err;
    }
  };

  const server = await get("/1.0", api.server);
  const clustered = (server as { environment?: { server_clustered?: boolean } }).environment?.server_clustered === true;

  // The cluster-wide lists, in parallel.
  const listJobs: (() => Promise<unknown>)[] = [
    () => (clustered ? get("/1.0/cluster/members?recursion=1", z.array(api.clusterMember)) : Promise.resolve(undefined)),
    () => (clustered ? get("/1.0/cluster/groups?recursion=1", z.array(api.clusterGroup)) : Promise.resolve([])),
    () => get("/1.0/projects?recursion=1", z.array(api.project)),
    () => get("/1.0/instances?recursion=1&all-projects=true", z.array(api.instance)),
    () => get("/1.0/storage-pools?recursion=1", z.array(api.storagePool)),
    () => tolerant("/1.0/warnings?recursion=1", z.array(api.warning)),
    // The trust store, for authorization runs; a restricted client may not list it.
    () => tolerant("/1.0/certificates?recursion=1", z.array(api.certificate)),
  ];
  const [membersRaw, groups, projects, instances, pools, warnings, certificates] = (await mapLimit(listJobs, limit, (job) => job())) as [
    Input<typeof api.clusterMember>[] | undefined,
    Input<typeof api.clusterGroup>[],
    Input<typeof api.project>[],
    Input<typeof api.instance>[],
    Input<typeof api.storagePool>[],
    Input<typeof api.warning>[] | undefined,
    Input<typeof api.certificate>[] | undefined,
  ];

  // A standalone server is a cluster of one: Incus reports its instances' location as "none".
  const members: Input<typeof api.clusterMember>[] = membersRaw ?? [standaloneMember(server)];
  const memberNames = members.map((m) => m.server_name);

  // Profiles: one listing per project that has its own profiles.
  const profileProjects = projects.filter((p) => p.name === "default" || p.config?.["features.profiles"] === "true").map((p) => p.name);
  if (client.target.kind === "unix") requests++; // the project ids query (project-ids.ts)
  const projectIdsJob = captureProjectIds(client);
  const profileLists = await mapLimit(profileProjects, limit, (p) =>
    get(`/1.0/profiles?recursion=1&project=${encodeURIComponent(p)}`, z.array(api.profile)),
  );

  // Per member: resources, state, and each pool as that member sees it.
  type MemberJob = { member: string; kind: "resources" | "state" | "pool"; pool?: string };
  const memberJobs: MemberJob[] = [];
  for (const member of memberNames) {
    memberJobs.push({ member, kind: "resources" });
    if (clustered) memberJobs.push({ member, kind: "state" });
    if (clustered) {
      for (const pool of pools) {
        if (!pool.locations || pool.locations.length === 0 || pool.locations.includes(member)) memberJobs.push({ member, kind: "pool", pool: pool.name });
      }
    }
  }
  const target = (m: string): string => (clustered ? `target=${encodeURIComponent(m)}` : "");
  const memberResults = await mapLimit(memberJobs, limit, (job): Promise<unknown> => {
    const m = encodeURIComponent(job.member);
    switch (job.kind) {
      case "resources":
        return tolerant(`/1.0/resources${clustered ? "?" + target(job.member) : ""}`, api.resources, job.member);
      case "state":
        return tolerant(`/1.0/cluster/members/${m}/state`, api.clusterMemberState, job.member);
      case "pool":
        return tolerant(`/1.0/storage-pools/${encodeURIComponent(job.pool!)}?${target(job.member)}`, api.storagePool, job.member);
    }
  });

  const resources: Record<string, unknown> = {};
  const memberState: Record<string, unknown> = {};
  const memberPools: Record<string, Record<string, unknown>> = {};
  memberJobs.forEach((job, i) => {
    const value = memberResults[i];
    if (value === undefined) return;
    if (job.kind === "resources") resources[job.member] = value;
    else if (job.kind === "state") memberState[job.member] = value;
    else (memberPools[job.member] ??= {})[job.pool!] = value;
  });

  const profiles: Record<string, unknown> = {};
  profileProjects.forEach((p, i) => (profiles[p] = profileLists[i]));

  const projectIds = await projectIdsJob;
  const document: Record<string, unknown> = {
    server,
    members,
    groups,
    projects,
    profiles,
    instances,
    storage_pools: pools,
    member_storage_pools: memberPools,
    resources,
    member_state: memberState,
    warnings: warnings ?? [],
    certificates: certificates ?? [],
    capture: {
      captured_at: (options.now ?? (() => new Date()))().toISOString(),
      source: client.label,
      errors,
      ...("ids" in projectIds ? { project_ids: projectIds.ids } : { project_ids_unknown: projectIds.unknown }),
    },
  };
  const parsed = clusterSnapshotSchema.safeParse(document);
  if (!parsed.success) {
    // Each object was checked on arrival, so this means the pieces disagree with the document schema.
    throw new Error(`captured snapshot does not validate: ${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}`);
  }
  return { document, snapshot: normalizeSnapshot(parsed.data), requests };
}

function standaloneMember(server: Input<typeof api.server>): Input<typeof api.clusterMember> {
  const env = (server.environment ?? {}) as { kernel_architecture?: string };
  return { server_name: "none", status: "Online", architecture: env.kernel_architecture ?? "x86_64", roles: [], groups: [] };
}
