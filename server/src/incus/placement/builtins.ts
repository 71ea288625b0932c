// The eleven placement builtins, as host functions over a cluster view, with Incus's
// argument handling, return values, log lines and errors (6.0.x and 7.x where they differ).
import { displayString, StarlarkError, type HostFunction, type HostValue } from "../../starlark/engine";
import { hostStr } from "../scriptlet/host-repr";
import { toHostValue } from "../scriptlet/host-values";
import { unpackArgs } from "../scriptlet/unpack";
import { memberNameCheck } from "../knowledge/scriptlets";
import { candidateMembers } from "./candidates";
import type { ApiMember, PlacementCluster } from "./cluster";
import { instanceResourceUsage } from "./instance-resources";
import { instanceIndex } from "./instance-index";
import type { PlacementRequest } from "./request";
import type { LogLevel, LogLine } from "./result";

const LOG_PREFIX = "Instance placement scriptlet";

export interface PlacementRun {
  cluster: PlacementCluster;
  /** Incus version the builtins behave as (e.g. "6.0.4"). */
  version: string;
  request: PlacementRequest;
  candidates: ApiMember[];
  /** The member that serves the request (Incus's s.ServerName). */
  localMember: string;
  logs: LogLine[];
  /** Set by set_target. */
  target?: ApiMember;
  /** Things the simulator could not know and had to assume. */
  notes: string[];
}

function log(run: PlacementRun, level: LogLevel, message: string, context?: Record<string, string>): void {
  run.logs.push(context ? { level, message, context } : { level, message });
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

export function placementBuiltins(run: PlacementRun): Record<string, HostFunction> {
  const { cluster, version } = run;
  const memberByName = (name: string) => run.candidates.find((m) => m.server_name === name);

  /** get_cluster_member_resources / get_cluster_member_state share their member lookup. */
  const memberLookup = (fn: string, what: (m: string) => unknown, typeName: string): HostFunction => (args, kwargs) => {
    const name = unpackArgs(fn, args, kwargs, [{ name: "member_name", kind: "string" }]).get("member_name") as string;
    if (name !== run.localMember && !memberByName(name)) {
      // Up to 6.0.4 Incus returns the string instead of failing (knowledge: memberNameCheck).
      if (memberNameCheck(version) === "string") return "Invalid member name";
      throw new StarlarkError(`Invalid member name: ${name}`);
    }
    const data = what(name);
    if (data === undefined) run.notes.push(`${fn}("${name}"): the snapshot has no data for this member; zero values were used`);
    return toHostValue(data ?? {}, typeName, version);
  };

  return {
    log_info: logBuiltin(run, "info"),
    log_warn: logBuiltin(run, "warn"),
    log_error: logBuiltin(run, "error"),

    set_target: (args, kwargs) => {
      const name = unpackArgs("set_target", args, kwargs, [{ name: "member_name", kind: "string" }]).get("member_name") as string;
      const found = memberByName(name);
      // Incus keeps an earlier valid choice when a later call names a non-candidate (its
      // lookup variable is never reset), and then logs the earlier member.
      if (found) run.target = found;
      if (!run.target) {
        log(run, "error", `${LOG_PREFIX} set invalid member target`, { member: name });
        throw new StarlarkError(`Invalid member name: ${name}`);
      }
      log(run, "info", `${LOG_PREFIX} set member target`, { member: run.target.server_name });
      return null;
    },

    get_cluster_member_resources: memberLookup("get_cluster_member_resources", (m) => cluster.resources(m), "Resources"),
    get_cluster_member_state: memberLookup("get_cluster_member_state", (m) => cluster.memberState(m), "ClusterMemberState"),

    get_instance_resources: (args, kwargs) => {
      unpackArgs("get_instance_resources", args, kwargs, []);
      let usage;
      try {
        usage = instanceResourceUsage(run.request.config, run.request.devices, run.request.type);
      } catch (e) {
        throw new StarlarkError(`Failed to calculate instance resource usage: ${(e as Error).message}`);
      }
      return toHostValue(
        { cpu_cores: usage.cpu_cores, memory_size: usage.memory_size, root_disk_size: usage.root_disk_size },
        "InstanceResources",
        version,
      );
    },

    get_instances: (args, kwargs) => {
      const a = unpackArgs("get_instances", args, kwargs, [
        { name: "project??", kind: "string" },
        { name: "location??", kind: "string" },
      ]);
      const project = (a.get("project") as string | undefined) ?? "";
      const location = (a.get("location") as string | undefined) ?? "";
      // Incus builds these from its database records, not from the running instances: the
      // state fields are zero values (seen on 6.0.4: status "", status_code 0).
      return instanceIndex(cluster).find(project, location).map((i) => toHostValue({ ...i, status: "", status_code: 0 }, "Instance", version));
    },

    get_instances_count: (args, kwargs) => {
      const a = unpackArgs("get_instances_count", args, kwargs, [
        { name: "project??", kind: "string" },
        { name: "location??", kind: "string" },
        { name: "pending??", kind: "bool" },
      ]);
      const project = (a.get("project") as string | undefined) ?? "";
      const location = (a.get("location") as string | undefined) ?? "";
      if (project !== "" && !cluster.projects.some((p) => p.name === project)) throw new StarlarkError("Project not found");
      if (location !== "" && !memberNames(cluster).has(location)) throw new StarlarkError("Node not found");
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
      const group = (unpackArgs("get_cluster_members", args, kwargs, [{ name: "group??", kind: "string" }]).get("group") as string | undefined) ?? "";
      const set = candidateMembers(cluster, { targetGroup: group || undefined });
      return set.candidates.map((m) => toHostValue(m, "ClusterMember", version));
    },

    get_project: (args, kwargs) => {
      const name = (unpackArgs("get_project", args, kwargs, [{ name: "name??", kind: "string" }]).get("name") as string | undefined) ?? "";
      const p = cluster.projects.find((x) => x.name === name);
      if (!p) throw new StarlarkError("Project not found");
      // Incus hands over the database record: used_by is not filled in (seen on 6.0.4: []).
      return toHostValue({ ...p, used_by: [] }, "Project", version);
    },
  };
}

export type { HostValue };
