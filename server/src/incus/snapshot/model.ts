// The indexed view of a snapshot that the simulator and the language server query.
// Everything is indexed once at construction; every query is a map lookup, so building it
// for 1,000 members and 100,000 instances stays linear and queries never scan.
import type { ClusterGroup, ClusterMember, ClusterMemberState, Instance, Profile, Project, Resources, StoragePool, Warning } from "./api";
import { profileProjectOf } from "./normalize";
import { poolKind, type PoolKind } from "./pool-kind";
import type { CaptureFailure, ClusterSnapshot } from "./schema";

export interface GroupEntry {
  group: ClusterGroup;
  /** The members of the group that exist in the snapshot, in member order. */
  members: ClusterMember[];
}

export interface PoolEntry {
  pool: StoragePool;
  kind: PoolKind;
}

const EMPTY: readonly never[] = Object.freeze([]);

export class ClusterModel {
  readonly snapshot: ClusterSnapshot;
  readonly serverVersion: string;
  readonly members: readonly ClusterMember[];
  readonly instances: readonly Instance[];
  readonly projects: readonly Project[];
  readonly warnings: readonly Warning[];

  private readonly memberByName = new Map<string, ClusterMember>();
  private readonly byMember = new Map<string, Instance[]>();
  private readonly byProject = new Map<string, Instance[]>();
  /** member → project → instances (nested maps: no per-instance key strings to build). */
  private readonly byMemberProject = new Map<string, Map<string, Instance[]>>();
  /** project → name → instance */
  private readonly byProjectName = new Map<string, Map<string, Instance>>();
  private readonly groupByName = new Map<string, GroupEntry>();
  private readonly projectByName = new Map<string, Project>();
  private readonly profilesByProject = new Map<string, Map<string, Profile>>();
  private readonly poolByName = new Map<string, PoolEntry>();
  private readonly failuresByMember = new Map<string, CaptureFailure[]>();

  constructor(snapshot: ClusterSnapshot) {
    this.snapshot = snapshot;
    this.serverVersion = snapshot.server.environment.server_version;
    this.members = snapshot.members;
    this.instances = snapshot.instances;
    this.projects = snapshot.projects;
    this.warnings = snapshot.warnings;

    for (const m of snapshot.members) this.memberByName.set(m.server_name, m);
    for (const inst of snapshot.instances) {
      push(this.byMember, inst.location, inst);
      push(this.byProject, inst.project, inst);
      push(inner(this.byMemberProject, inst.location), inst.project, inst);
      inner(this.byProjectName, inst.project).set(inst.name, inst);
    }
    for (const g of snapshot.groups) {
      const members = g.members.map((n) => this.memberByName.get(n)).filter((m): m is ClusterMember => m !== undefined);
      this.groupByName.set(g.name, { group: g, members });
    }
    for (const p of snapshot.projects) this.projectByName.set(p.name, p);
    for (const [project, list] of Object.entries(snapshot.profiles)) {
      this.profilesByProject.set(project, new Map(list.map((p) => [p.name, p])));
    }
    for (const pool of snapshot.storage_pools) this.poolByName.set(pool.name, { pool, kind: poolKind(pool.driver) });
    for (const failure of snapshot.capture?.errors ?? []) {
      const member = failure.member ?? memberOfRequest(failure.request);
      if (member !== undefined) push(this.failuresByMember, member, failure);
    }
  }

  /**
   * Projects in the order Incus's own queries list them (ORDER BY projects.id), e.g. the order
   * of get_instances() across projects (then by instance name). Known when the snapshot carries
   * `capture.project_ids`; otherwise "default" (always id 1) first, then by name, and
   * `projectOrderKnown` is false so callers can say the order is a guess.
   */
  get projectOrder(): readonly string[] {
    const ids = this.snapshot.capture?.project_ids;
    const rank = (name: string): number => ids?.[name] ?? (name === "default" ? 1 : Number.MAX_SAFE_INTEGER);
    return this.projects.map((p) => p.name).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Whether projectOrder comes from the server's project ids (not a guess). */
  get projectOrderKnown(): boolean {
    const ids = this.snapshot.capture?.project_ids;
    return ids !== undefined && this.projects.every((p) => ids[p.name] !== undefined);
  }

  /** The project's database id, when the snapshot carries it. */
  projectId(name: string): number | undefined {
    return this.snapshot.capture?.project_ids?.[name];
  }

  /**
   * The per-member requests that failed when the snapshot was captured (resources, state, a
   * pool's view), with the server's words: a member that is offline or cannot be reached from
   * the member that answered. Empty for a member that answered everything.
   */
  captureFailures(member: string): readonly CaptureFailure[] {
    return this.failuresByMember.get(member) ?? EMPTY;
  }

  /** Members some per-member request failed for, in member order. */
  get membersWithCaptureFailures(): readonly string[] {
    return this.members.map((m) => m.server_name).filter((n) => this.failuresByMember.has(n));
  }

  member(name: string): ClusterMember | undefined {
    return this.memberByName.get(name);
  }

  /** Instances located on `member`, optionally only those of `project`. */
  instancesOn(member: string, project?: string): readonly Instance[] {
    const list = project === undefined ? this.byMember.get(member) : this.byMemberProject.get(member)?.get(project);
    return list ?? EMPTY;
  }

  instancesIn(project: string): readonly Instance[] {
    return this.byProject.get(project) ?? EMPTY;
  }

  instance(project: string, name: string): Instance | undefined {
    return this.byProjectName.get(project)?.get(name);
  }

  /** Instance count filtered by member and/or project (both optional), without scanning. */
  instanceCount(filter: { member?: string; project?: string } = {}): number {
    const { member, project } = filter;
    if (member !== undefined) return this.instancesOn(member, project).length;
    if (project !== undefined) return this.instancesIn(project).length;
    return this.instances.length;
  }

  get groups(): readonly GroupEntry[] {
    return [...this.groupByName.values()];
  }

  group(name: string): GroupEntry | undefined {
    return this.groupByName.get(name);
  }

  project(name: string): Project | undefined {
    return this.projectByName.get(name);
  }

  /** The profiles instances of `project` use: its own with features.profiles, else default's. */
  profilesOf(project: string): ReadonlyMap<string, Profile> {
    return this.profilesByProject.get(profileProjectOf(this.projectByName.get(project))) ?? new Map();
  }

  profile(project: string, name: string): Profile | undefined {
    return this.profilesOf(project).get(name);
  }

  get pools(): readonly PoolEntry[] {
    return [...this.poolByName.values()];
  }

  pool(name: string): PoolEntry | undefined {
    return this.poolByName.get(name);
  }

  /** The member-specific view of a pool (its status there, e.g. "Unavailable"), when captured. */
  memberPool(member: string, pool: string): StoragePool | undefined {
    return this.snapshot.member_storage_pools[member]?.[pool];
  }

  resources(member: string): Resources | undefined {
    return this.snapshot.resources[member];
  }

  memberState(member: string): ClusterMemberState | undefined {
    return this.snapshot.member_state[member];
  }
}

/** The member a per-member request was about, for snapshots whose failures do not name it. */
function memberOfRequest(request: string): string | undefined {
  const target = /[?&]target=([^&\s]+)/.exec(request);
  if (target) return decodeURIComponent(target[1]);
  const state = /\/1\.0\/cluster\/members\/([^/?\s]+)\/state/.exec(request);
  return state ? decodeURIComponent(state[1]) : undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function inner<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let m = map.get(key);
  if (!m) map.set(key, (m = new Map()));
  return m;
}

export function buildModel(snapshot: ClusterSnapshot): ClusterModel {
  return new ClusterModel(snapshot);
}
