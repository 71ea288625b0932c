// What get_instance_resources() returns: the instance's expected CPU cores, memory and root
// disk size, computed from its expanded config and devices the way Incus's ResourceUsage does
// (VM defaults: 1 core, 1GiB memory, 10GiB root disk).
import { cpusetCount, goParseInt64, parseByteSize } from "./units";

export type Devices = Record<string, Record<string, string>>;

export interface InstanceResources {
  cpu_cores: bigint;
  memory_size: bigint;
  root_disk_size: bigint;
}

const VM_DEFAULT_CPU_CORES = 1n;
const VM_DEFAULT_MEMORY = "1GiB";
const VM_DEFAULT_ROOT_DISK = "10GiB";

export function isRootDiskDevice(device: Record<string, string>): boolean {
  return device.type === "disk" && device.path === "/" && (device.source ?? "") === "";
}

/** The root disk device, or undefined when there is none; throws when there are several. */
export function rootDiskDevice(devices: Devices): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  for (const device of Object.values(devices)) {
    if (!isRootDiskDevice(device)) continue;
    if (found) throw new Error("More than one root device found");
    found = device;
  }
  return found;
}

/** Throws Error with Incus's wording when a limit cannot be parsed; get_instance_resources
 *  then fails with `Failed to calculate instance resource usage: <that>`. */
export function instanceResourceUsage(config: Record<string, string>, devices: Devices, type: string): InstanceResources {
  const isVM = type === "virtual-machine";
  let cpu = 0n;
  const limitsCPU = config["limits.cpu"] ?? "";
  if (limitsCPU !== "") {
    // ParseInt first (shared CPUs), else the count of pinned CPUs.
    let shared: bigint | undefined;
    try {
      shared = goParseInt64(limitsCPU);
    } catch {
      shared = undefined;
    }
    if (shared !== undefined) {
      cpu = shared;
    } else {
      try {
        cpu = cpusetCount(limitsCPU);
      } catch (err) {
        throw new Error(`Failed parsing instance resources limits.cpu: ${(err as Error).message}`);
      }
    }
  } else if (isVM) {
    cpu = VM_DEFAULT_CPU_CORES;
  }

  let memoryStr = config["limits.memory"] ?? "";
  if (isVM && memoryStr === "") memoryStr = VM_DEFAULT_MEMORY;
  let memory = 0n;
  if (memoryStr !== "") {
    try {
      memory = parseByteSize(memoryStr);
    } catch (err) {
      throw new Error(`Failed parsing instance resources limits.memory: ${(err as Error).message}`);
    }
  }

  let disk = 0n;
  let root: Record<string, string> | undefined;
  try {
    root = rootDiskDevice(devices);
  } catch {
    root = undefined; // Incus ignores a lookup error here and reports no disk usage.
  }
  if (root) {
    let sizeStr = root.size ?? "";
    if (isVM && sizeStr === "") sizeStr = VM_DEFAULT_ROOT_DISK;
    if (sizeStr !== "") {
      try {
        disk = parseByteSize(sizeStr);
      } catch (err) {
        throw new Error(`Failed parsing instance resources root disk size: ${(err as Error).message}`);
      }
    }
  }
  // Incus computes int64s and hands them to the scriptlet as uint64 (instance_placement.go:
  // `res.CPUCores = uint64(usageCPU)`): limits.cpu=-2 gives 18446744073709551614.
  const u64 = (v: bigint) => BigInt.asUintN(64, v);
  return { cpu_cores: u64(cpu), memory_size: u64(memory), root_disk_size: u64(disk) };
}
