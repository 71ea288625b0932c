// The eleven placement builtins, as host functions over a cluster view, with Incus's
// argument handling, return values, log lines and errors (6.0.x and 7.x where they differ).
import { displayString, StarlarkError, type HostFunction, type HostValue } from "../../starlark/engine";
import { hostStr } from "../scriptlet/host-repr";
import { toHostValue } from "../scriptlet/host-values";
import { unpackArgs } from "../scriptlet/unpack";
import { memberNameCheck } from "../knowledge/scriptlets";
import { builtinError, unpackSpec } from "./builtin-specs";
import { candidateMembers } from "./candidates";
import type { ApiInstance, ApiMember, PlacementCluster } from "./cluster";
import { instanceResourceUsage } from "./instance-resources";
import { instanceIndex } from "./instance-index";
import type { PlacementRequest } from "./request";
import type { LogLevel, LogLine } from "./result";
import type { BuiltinMemoRecorder } from "./builtin-memo";

const LOG_PREFIX = "Instance placement scriptlet";

export interface PlacementRun {
  cluster: PlacementCluster;
  /** Incus version the builtins behave as (e.g. "6.0.4"). */
  version: string;
  request: PlacementRequest;
  candidates: ApiMember[];
  /** Stands for the candidates as a set (CandidateSet.membership), when known. */
  membership?: object;
  /** How `candidates` follows from an earlier run's list (CandidateSet.edit), when known. */
  candidatesEdit?: { base: readonly ApiMember[]; moves: number[] };
  /** The member that serves the request (Incus's s.ServerName). */
  localMember: string;
  logs: LogLine[];
  /** Set by set_target. */
  target?: ApiMember;
  /** Things the simulator could not know and had to assume. */
  notes: string[];
  /** Values that recur across runs (an instance, a member's state), handed to the sandbox
   *  once and then by reference (see sandbox-tables.ts); absent: marshalled every time. */
  shared?: SharedValues;
  /** Told of get_instances / get_cluster_member_state answers given without side effects,
   *  which the sandbox may then give itself in later runs (builtin-memo.ts). */
  memo?: BuiltinMemoRecorder;
}

/** `value(key, stamp, make)`: make()'s value, or a reference to the one made earlier for the
 *  same key object and stamp (the sandbox hands out copies, as Incus marshals anew). */
export interface SharedValues {
  value(key: object, stamp: string, make: () => HostValue): HostValue;
}

function shared(run: PlacementRun, key: object, stamp: string, make: () => HostValue): HostValue {
  return run.shared ? run.shared.value(key, stamp, make) : make();
}

function log(run: PlacementRun, level: LogLevel, message: string, context?: Record<string, string>): void {
  run.logs.push(context ? { level, message, context } : { level, message });
}

/** A valid set_target: the run's target, and the line Incus logs for it (the member kept
 *  when a later call names a non-candidate; sandbox-target.ts applies the sandbox's records
 *  through here too). */
export function recordTarget(run: PlacementRun, member: ApiMember): void {
  run.target = member;
  log(run, "info", `${LOG_PREFIX} set member target`, { member: member.server_name });
}

/** log_info/log_warn/log_error: each argument's str() (strings as they are), joined with no
 *  separator; keyword arguments are ignored. */
function logBuiltin(run: PlacementRun, level: LogLevel): HostFunction {
  return (args) => {
    log(run, level, displayString(`${LOG_PREFIX}: ${args.map(hostStr).join("")}`));
    return null;
  };
}

const memberNameSets = new WeakMap<readonly ApiMember[], Set<string>>();

/** The cluster's member names (get_instances_count checks `location` once per call). */
function memberNames(cluster: PlacementCluster): Set<string> {
  let names = memberNameSets.get(cluster.members);
  if (!names) memberNameSets.set(cluster.members, (names = new Set(cluster.members.map((m) => m.server_name))));
  return names;
}

const memberMaps = new WeakMap<readonly ApiMember[], Map<string, ApiMember>>();

/** The cluster's members by name (the first of a name, as a find() would give). */
function membersByName(cluster: PlacementCluster): Map<string, ApiMember> {
  let map = memberMaps.get(cluster.members);
  if (!map) {
    map = new Map();
    for (const m of cluster.members) if (!map.has(m.server_name)) map.set(m.server_name, m);
    memberMaps.set(cluster.members, map);
  }
  return map;
}

/** Incus reads instances with `ORDER BY projects.id, instances.name` (internal/server/db/
 *  cluster/instances.mapper.go, v6.0.4). Project ids are not in the API; a snapshot that
 *  records them (a numeric `id` on each project) gives Incus's order, else the order stays the
 *  snapshot's and, when it matters (several projects), a note says so. */
function databaseOrder(cluster: PlacementCluster, list: readonly ApiInstance[], notes: string[]): { list: readonly ApiInstance[]; noted: boolean } {
  const ids = new Map<string, number>();
  for (const p of cluster.projects) if (typeof p.id === "number") ids.set(p.name, p.id);
  const byName = (a: ApiInstance, b: ApiInstance) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const projects = new Set(list.map((i) => i.project ?? "default"));
  // (A snapshot's lists are usually in order already: check before sorting 100,000 instances.)
  const sorted = (cmp: (a: ApiInstance, b: ApiInstance) => number) => (list.every((x, i) => i === 0 || cmp(list[i - 1], x) <= 0) ? list : [...list].sort(cmp));
  if (projects.size <= 1) return { list: sorted(byName), noted: false };
  if (![...projects].every((p) => ids.has(p))) {
    const note = "get_instances(): Incus orders instances by project id, then name; the snapshot has no project ids, so instances of different projects keep the snapshot's order";
    if (!notes.includes(note)) notes.push(note);
    return { list, noted: true };
  }
  return { list: sorted((a, b) => ids.get(a.project ?? "default")! - ids.get(b.project ?? "default")! || byName(a, b)), noted: false };
}

export function placementBuiltins(run: PlacementRun): Record<string, HostFunction> {
  const { cluster, version } = run;
  // (By name through a map once a run asks several times: a scriptlet may ask for each of
  // 1,000 candidates; the usual single set_target only scans the list, as building the map
  // per run cost more than the run's scriptlet in an evacuation.)
  let byName: Map<string, ApiMember> | undefined;
  let scans = 0;
  const memberByName = (name: string) => {
    if (!byName && scans < 4) {
      scans++;
      for (const m of run.candidates) if (m.server_name === name) return m;
      return undefined;
    }
    if (!byName) {
      byName = new Map();
      for (const m of run.candidates) if (!byName.has(m.server_name)) byName.set(m.server_name, m);
    }
    return byName.get(name);
  };

  /** get_cluster_member_resources / get_cluster_member_state share their member lookup. */
  const memberLookup = (fn: string, what: (m: string) => unknown, typeName: string): HostFunction => (args, kwargs) => {
    const name = unpackArgs(fn, args, kwargs, unpackSpec(fn, version)).get("member_name") as string;
    if (name !== run.localMember && !memberByName(name)) {
      // Up to 6.0.4 Incus returns the string instead of failing (knowledge: memberNameCheck).
      if (memberNameCheck(version) === "string") return "Invalid member name";
      throw new StarlarkError(builtinError(fn, version, "Invalid member name", name));
    }
    // Incus asks the member itself over the network (instance_placement.go): an offline member
    // fails with the connection error (a stopped daemon: connection refused).
    const member = membersByName(cluster).get(name);
    if (member?.status === "Offline" && name !== run.localMember) {
      const host = (member.url ?? "").replace(/^https?:\/\//, "");
      const path = fn === "get_cluster_member_resources" ? "/1.0/resources" : `/1.0/cluster/members/${name}/state`;
      throw new StarlarkError(`Get "https://${host}${path}": Unable to connect to: ${host} ([dial tcp ${host}: connect: connection refused])`);
    }
    const data = what(name);
    if (data === undefined) {
      run.notes.push(`${fn}("${name}"): the snapshot has no data for this member; zero values were used`);
      return toHostValue({}, typeName, version);
    }
    if (data === null || typeof data !== "object") return toHostValue(data, typeName, version);
    const value = shared(run, data, `${typeName}\u0000${version}`, () => toHostValue(data, typeName, version));
    if (fn === "get_cluster_member_state") run.memo?.record(fn, [name], name, value);
    return value;
  };

  return {
    log_info: logBuiltin(run, "info"),
    log_warn: logBuiltin(run, "warn"),
    log_error: logBuiltin(run, "error"),

    set_target: (args, kwargs) => {
      const name = unpackArgs("set_target", args, kwargs, unpackSpec("set_target", version)).get("member_name") as string;
      const found = memberByName(name);
      // Incus keeps an earlier valid choice when a later call names a non-candidate (its
      // lookup variable is never reset), and then logs the earlier member.
      if (!found && !run.target) {
        log(run, "error", `${LOG_PREFIX} set invalid member target`, { member: name });
        throw new StarlarkError(builtinError("set_target", version, "Invalid member name", name));
      }
      recordTarget(run, found ?? run.target!);
      return null;
    },

    get_cluster_member_resources: memberLookup("get_cluster_member_resources", (m) => cluster.resources(m), "Resources"),
    get_cluster_member_state: memberLookup("get_cluster_member_state", (m) => cluster.memberState(m), "ClusterMemberState"),

    get_instance_resources: (args, kwargs) => {
      unpackArgs("get_instance_resources", args, kwargs, unpackSpec("get_instance_resources", version));
      let usage;
      try {
        usage = instanceResourceUsage(run.request.config, run.request.devices, run.request.type);
      } catch (e) {
        throw new StarlarkError(builtinError("get_instance_resources", version, "Failed to calculate instance resource usage", e));
      }
      return toHostValue(
        { cpu_cores: usage.cpu_cores, memory_size: usage.memory_size, root_disk_size: usage.root_disk_size },
        "InstanceResources",
        version,
      );
    },

    get_instances: (args, kwargs) => {
      const a = unpackArgs("get_instances", args, kwargs, unpackSpec("get_instances", version));
      const project = (a.get("project") as string | undefined) ?? "";
      const location = (a.get("location") as string | undefined) ?? "";
      // Incus builds these from its database records, not from the running instances: the
      // state fields are zero values (seen on 6.0.4: status "", status_code 0).
      const { list: found, noted } = databaseOrder(cluster, instanceIndex(cluster).find(project, location), run.notes);
      // (An instance's value depends on its record and, as evacuations move instances, its member.)
      const value = found.map((i) => shared(run, i, `Instance\u0000${version}\u0000${i.location ?? ""}`, () => toHostValue({ ...i, status: "", status_code: 0 }, "Instance", version)));
      run.memo?.record("get_instances", unpackSpec("get_instances", version).map((p) => (a.get(p.name.replace(/\?+$/, "")) as string | undefined) ?? ""), location, value, noted);
      return value;
    },

    get_instances_count: (args, kwargs) => {
      const a = unpackArgs("get_instances_count", args, kwargs, unpackSpec("get_instances_count", version));
      const project = (a.get("project") as string | undefined) ?? "";
      const location = (a.get("location") as string | undefined) ?? "";
      if (project !== "" && !cluster.projects.some((p) => p.name === project)) throw new StarlarkError(builtinError("get_instances_count", version, "Project not found"));
      if (location !== "" && !memberNames(cluster).has(location)) throw new StarlarkError(builtinError("get_instances_count", version, "Node not found"));
      // pending=True also counts "Creating instance" operations still in the cluster database
      // (in progress, or finished within the last ~5 s), which a snapshot does not hold; on a
      // quiet 6.0.4 cluster it equals the plain count, the placed instance included or not.
      if (a.get("pending") === true) {
        const note = "get_instances_count(pending=True): instance creations in progress (or finished within the last seconds) would count too; the snapshot does not show them";
        if (!run.notes.includes(note)) run.notes.push(note);
      }
      return instanceIndex(cluster).count(project, location);
    },

    get_cluster_members: (args, kwargs) => {
      const group = (unpackArgs("get_cluster_members", args, kwargs, unpackSpec("get_cluster_members", version)).get("group") as string | undefined) ?? "";
      const set = candidateMembers(cluster, { targetGroup: group || undefined });
      return set.candidates.map((m) => toHostValue(m, "ClusterMember", version));
    },

    get_project: (args, kwargs) => {
      const name = (unpackArgs("get_project", args, kwargs, unpackSpec("get_project", version)).get("name") as string | undefined) ?? "";
      const p = cluster.projects.find((x) => x.name === name);
      if (!p) throw new StarlarkError(builtinError("get_project", version, "Project not found"));
      // Incus hands over the database record: used_by is not filled in (seen on 6.0.4: []).
      return toHostValue({ ...p, used_by: [] }, "Project", version);
    },
  };
}

export type { HostValue };
