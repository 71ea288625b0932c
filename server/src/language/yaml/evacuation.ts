// What `cluster.evacuate=auto` does for an instance (driver_common.go canMigrate, 6.0.4): any
// device that cannot migrate makes Incus stop the instance instead of moving it; otherwise a VM
// with migration.stateful=true live-migrates and everything else migrates (cold).
import { deviceMigration } from "../../incus/placement/device-migration";
import type { DeviceInfo } from "./devices";
import type { PoolInfo } from "./layout";
import { isTrue } from "./values";

/** Why a device keeps the instance on the member (device CanMigrate() is false), or undefined.
 *  The rule itself is Incus's port in incus/placement/device-migration.ts; here only what is
 *  certain is reported (a pool or device type we cannot judge is left to other rules). */
export function blocksMigration(dev: DeviceInfo, pools: Map<string, PoolInfo>, version = "6.0"): string | undefined {
  const known = { driver: (name: string) => pools.get(name)?.driver, complete: [...pools.values()].some((p) => p.from === "cluster") };
  const v = deviceMigration(dev.config, known, version);
  return !v.migrates && v.certain ? v.why : undefined;
}

export interface EvacuationOutcome {
  action: "stop" | "migrate" | "live-migrate";
  because?: { device: string; why: string };
}

export function autoEvacuation(devices: DeviceInfo[], pools: Map<string, PoolInfo>, config: Record<string, string | undefined>, instanceType?: string, version = "6.0"): EvacuationOutcome {
  for (const dev of [...devices].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const why = blocksMigration(dev, pools, version);
    if (why) return { action: "stop", because: { device: dev.name, why } };
  }
  if (instanceType === "virtual-machine" && isTrue(config["migration.stateful"])) return { action: "live-migrate" };
  return { action: "migrate" };
}

export function describeOutcome(o: EvacuationOutcome): string {
  if (o.action === "stop") return `With cluster.evacuate=auto, evacuating its member stops this instance instead of moving it: device "${o.because!.device}" is ${o.because!.why}, which cannot migrate. Set cluster.evacuate=migrate to move it anyway (the device must then exist on the target), or stop to make it explicit.`;
  if (o.action === "live-migrate") return "With cluster.evacuate=auto this VM (migration.stateful=true) is live-migrated on evacuation.";
  return "With cluster.evacuate=auto this instance is migrated (stopped, moved, started) on evacuation.";
}
