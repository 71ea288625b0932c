// Which evacuation action applies to an instance: the --action override, else its
// `cluster.evacuate` (default auto); `auto` means migrate unless a device cannot move
// (then stop: device-migration.ts), and live-migrate for VMs with migration.stateful (Incus's canMigrate).
import type { ApiInstance, PlacementCluster } from "./cluster";
import { deviceMigration } from "./device-migration";

/** The first device (in name order, as Incus sorts them) that keeps the instance on its member. */
export function pinningDevice(cluster: PlacementCluster, inst: ApiInstance, version: string): { device: string; why: string } | undefined {
  const devices = inst.expanded_devices ?? inst.devices ?? {};
  const pools = { driver: (p: string) => cluster.poolDriver?.(p), complete: cluster.poolDriver !== undefined };
  for (const name of Object.keys(devices).sort()) {
    const v = deviceMigration(devices[name], pools, version);
    if (!v.migrates) return { device: name, why: v.why ?? "" };
  }
  return undefined;
}

export function evacuationAction(cluster: PlacementCluster, inst: ApiInstance, override?: string, version = cluster.serverVersion): string {
  const config = inst.expanded_config ?? inst.config ?? {};
  let action = config["cluster.evacuate"] ?? "auto";
  if (action === "auto") {
    const pinned = pinningDevice(cluster, inst, version) !== undefined;
    action = pinned ? "stop" : inst.type === "virtual-machine" && config["migration.stateful"] === "true" ? "live-migrate" : "migrate";
  }
  if (override && override !== "auto") action = override;
  if (action === "live-migrate" && inst.status !== "Running") action = "migrate";
  return action;
}
