// What `cluster.evacuate=auto` does for an instance (driver_common.go canMigrate, 6.0.4): any
// device that cannot migrate makes Incus stop the instance instead of moving it; otherwise a VM
// with migration.stateful=true live-migrates and everything else migrates (cold).
import { poolKind } from "../../incus/snapshot/pool-kind";
import { DEVICE_TYPES, type DeviceInfo } from "./devices";
import type { PoolInfo } from "./layout";
import { isTrue } from "./values";

/** Why a device keeps the instance on the member (device CanMigrate() is false), or undefined. */
export function blocksMigration(dev: DeviceInfo, pools: Map<string, PoolInfo>): string | undefined {
  const c = dev.config;
  switch (c.type) {
    case "none":
    case "tpm":
      return undefined;
    case "disk": {
      if (c.path === "/") return undefined;
      if (c.source === "cloud-init:config" || c.source === "agent:config") return undefined;
      if (!c.pool) return "a disk from a host path";
      const pool = pools.get(c.pool);
      if (!pool) return undefined; // unknown pool: do not guess
      return poolKind(pool.driver) === "remote" ? undefined : `a disk on the local pool "${c.pool}" (${pool.driver})`;
    }
    case "nic": {
      const t = c.nictype;
      if (!t) return undefined; // `network=`: the network's type decides; bridges and OVN migrate
      if (t === "ovn") return undefined;
      if ((t === "bridged" || t === "macvlan" || t === "sriov") && c.network) return undefined;
      return `a ${t} NIC${t === "bridged" || t === "macvlan" || t === "sriov" ? " without a managed network" : ""}`;
    }
    default:
      // Every other device type keeps the default CanMigrate() = false; an unknown type is
      // reported by the device rule instead.
      return DEVICE_TYPES.includes(c.type ?? "") ? `a ${c.type} device` : undefined;
  }
}

export interface EvacuationOutcome {
  action: "stop" | "migrate" | "live-migrate";
  because?: { device: string; why: string };
}

export function autoEvacuation(devices: DeviceInfo[], pools: Map<string, PoolInfo>, config: Record<string, string | undefined>, instanceType?: string): EvacuationOutcome {
  for (const dev of [...devices].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const why = blocksMigration(dev, pools);
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
