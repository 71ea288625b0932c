// Whether a storage driver keeps data on one member (local) or shares it across the cluster
// (remote). This decides e.g. which disks a stateful VM may have and whether an instance can
// move without copying its volumes.
export type PoolKind = "local" | "remote" | "unknown";

export const LOCAL_POOL_DRIVERS: ReadonlySet<string> = new Set(["dir", "btrfs", "lvm", "zfs"]);
/** `lvmcluster` is its own driver (clustered LVM), distinct from `lvm`. */
export const REMOTE_POOL_DRIVERS: ReadonlySet<string> = new Set(["ceph", "cephfs", "cephobject", "linstor", "truenas", "lvmcluster"]);

export function poolKind(driver: string): PoolKind {
  if (LOCAL_POOL_DRIVERS.has(driver)) return "local";
  if (REMOTE_POOL_DRIVERS.has(driver)) return "remote";
  return "unknown";
}
