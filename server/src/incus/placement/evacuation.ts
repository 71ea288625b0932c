// Which evacuation action applies to an instance: the --action override, else its
// `cluster.evacuate` (default auto); `auto` means migrate unless a device cannot move
// (then stop), and live-migrate for VMs with migration.stateful (Incus's canMigrate).
import type { ApiInstance, PlacementCluster } from "./cluster";

const LOCAL_POOL_DRIVERS = new Set(["dir", "btrfs", "lvm", "zfs"]);

/** Device types that can never follow an instance to another member. */
const PINNED_DEVICE_TYPES = new Set(["gpu", "usb", "unix-char", "unix-block", "unix-hotplug", "pci", "infiniband", "tpm"]);

export function deviceCanMigrate(cluster: PlacementCluster, device: Record<string, string>): boolean {
  const type = device.type ?? "";
  if (PINNED_DEVICE_TYPES.has(type)) return false;
  if (type === "nic") return !["physical", "sriov"].includes(device.nictype ?? "");
  if (type !== "disk") return true;
  if (device.path === "/") return true;
  const source = device.source ?? "";
  if (source.startsWith("cloud-init:") || source.startsWith("agent:")) return true;
  const poolName = device.pool;
  if (!poolName) return false; // a host path
  const driver = cluster.poolDriver?.(poolName);
  return driver !== undefined && !LOCAL_POOL_DRIVERS.has(driver);
}

export function evacuationAction(cluster: PlacementCluster, inst: ApiInstance, override?: string): string {
  const config = inst.expanded_config ?? inst.config ?? {};
  let action = config["cluster.evacuate"] ?? "auto";
  if (action === "auto") {
    const devices = inst.expanded_devices ?? inst.devices ?? {};
    const pinned = Object.values(devices).some((d) => !deviceCanMigrate(cluster, d));
    action = pinned ? "stop" : inst.type === "virtual-machine" && config["migration.stateful"] === "true" ? "live-migrate" : "migrate";
  }
  if (override && override !== "auto") action = override;
  if (action === "live-migrate" && inst.status !== "Running") action = "migrate";
  return action;
}
