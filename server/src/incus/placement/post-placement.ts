// The checks Incus makes after the placement, on the chosen member, before it commits (v6.0.4):
// the instance record (config validation, architecture: internal/server/instance/
// instance_utils.go CreateInternal), the storage pool on that member (isStatusReady,
// internal/server/storage/backend.go), the member being offline (instance_post.go for moves).
// Only what a snapshot can tell is an error; what it cannot tell is a note.
import { supportedArchitectures } from "./candidates";
import type { ApiMember, PlacementCluster } from "./cluster";
import type { PlacementRequest } from "./request";

export type Arrival = "create-empty" | "create-image" | "copy" | "migration";

export interface PostCheck {
  error?: string;
  notes: string[];
}

/** shared/validate IsValidCPUSet (limits.cpu's validator), with its words. */
export function cpuLimitError(value: string): string | undefined {
  if (!/^(?:[0-9]+(?:[,-][0-9]+)?)(?:,[0-9]+(?:[,-][0-9]+)*)?$/.test(value)) return "Invalid CPU limit syntax";
  if (/^\d+$/.test(value)) return BigInt(value) < 1n ? `Invalid cpuset value: ${value}` : undefined;
  const seen = new Set<bigint>();
  for (const chunk of value.split(",")) {
    const [lo, hi] = chunk.includes("-") ? chunk.split("-").map(BigInt) : [BigInt(chunk), BigInt(chunk)];
    for (let i = lo; i <= hi && i - lo < 100000n; i++) {
      if (seen.has(i)) return "Cannot define CPU multiple times";
      seen.add(i);
    }
  }
  return undefined;
}

function rootPool(request: PlacementRequest): string | undefined {
  const root = Object.values(request.devices).find((d) => d.type === "disk" && d.path === "/" && !d.source);
  return root?.pool;
}

/** The storage pool's error on `member` (its per-member status), as the storage layer words it. */
function poolError(cluster: PlacementCluster, member: string, pool: string): string | undefined {
  const status = cluster.memberPoolStatus?.(member, pool);
  if (status === "Unavailable") return "Storage pool is unavailable on this server";
  if (status === "Pending") return "Specified pool is not fully created";
  return undefined;
}

export function checkOnMember(cluster: PlacementCluster, member: ApiMember, request: PlacementRequest, arrival: Arrival, opts: { nameTaken?: boolean; architecture?: string } = {}): PostCheck {
  const notes: string[] = [];
  const project = request.project;
  const name = member.server_name;
  if ((member.status ?? "Online") === "Offline") {
    if (arrival === "migration") return { error: "Target cluster member is offline", notes };
    // A create with --target on it: the scriptlet runs, then the request is forwarded and the
    // connection fails (seen on 6.0.4 with the member's daemon stopped). The tail is the
    // operating system's: "connection refused" for a stopped daemon on a reachable host.
    const host = (member.url ?? "").replace(/^https?:\/\//, "");
    notes.push(`${name} is offline: the request forwarded to it fails; the end of the message depends on why (a stopped daemon gives "connection refused", an unreachable host a timeout)`);
    return { error: `Post "https://${host}/1.0/instances?project=${encodeURIComponent(project)}&target=${encodeURIComponent(name)}": Unable to connect to: ${host} ([dial tcp ${host}: connect: connection refused])`, notes };
  }
  // The instance record: config validation first, then the architecture.
  if (arrival !== "migration") {
    const cpu = request.config["limits.cpu"];
    const cpuErr = cpu !== undefined && cpu !== "" ? cpuLimitError(cpu) : undefined;
    if (cpuErr) return { error: `Failed creating instance record: ${cpuErr}`, notes };

    // The database insert (seen on 6.0.4: the scriptlet runs, then this).
    if (opts.nameTaken) {
      return { error: `Failed creating instance record: Add instance info to the database: Failed to create "instances" entry: UNIQUE constraint failed: instances.project_id, instances.name`, notes };
    }
    if (request.type === "virtual-machine") {
      notes.push(`whether ${name} can run virtual machines (QEMU and vhost_vsock available) is not in the snapshot; Incus refuses with "Instance type \"virtual-machine\" is not supported on this server: ..." when it cannot`);
    }
  }
  // A move or evacuation onto a member that cannot run the instance's architecture (a
  // --target member is not filtered by architecture): the receiving member's CreateInternal
  // refuses it (instance_utils.go; a copy skips this check, instance.go:272).
  const arch = opts.architecture;
  if (arrival === "migration" && arch && member.architecture && !supportedArchitectures(member.architecture).includes(arch)) {
    notes.push(`${name} (${member.architecture}) cannot run ${arch}; Incus's message wraps this text in the migration's words`);
    return { error: "Requested architecture isn't supported by this host", notes };
  }
  const pool = rootPool(request);
  if (pool) {
    const err = poolError(cluster, name, pool);
    if (err) {
      const wrapped = {
        "create-empty": `Failed creating instance: ${err}`,
        "create-image": `Failed creating instance from image: ${err}`,
        copy: err,
        migration: err,
      }[arrival];
      if (arrival === "copy" || arrival === "migration") {
        notes.push(`the storage pool ${pool} is unavailable on ${name}; Incus's message wraps "${err}" in the ${arrival === "copy" ? "copy" : "migration"}'s own words`);
      }
      return { error: wrapped, notes };
    }
  }
  return { notes };
}
