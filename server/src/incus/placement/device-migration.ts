// Can this device follow its instance to another member? The one port of Incus's device
// CanMigrate() (internal/server/device/*.go, v6.0.4 and v7.3.0), read by the simulator's
// evacuation (cluster.evacuate=auto) and by the YAML analysis (language/yaml/evacuation.ts).
//
// Incus (driver_common.go canMigrate): a device that fails to load (unknown type, a disk on a
// pool that does not exist, a NIC with neither nictype nor network) stops the instance too.
// Per device type:
//   none, tpm                        migrate (tpm.go, none.go)
//   disk                             path=/ ; a pool whose driver is remote ; a special source
//                                    (cloud-init:config, agent:config; from 6.0.6 and 7.0.0 also tmpfs:, tmpfs-overlay:)
//   nic bridged                      a managed network (network=) — a bridge by parent alone does not
//   nic macvlan, sriov               network= set
//   nic ovn                          always
//   nic physical                     never up to 6.0.5; with network= from 6.0.6 and 7.0.0 (nic_physical.go)
//   nic ipvlan, p2p, routed; gpu, usb, unix-*, pci, infiniband, proxy   never (deviceCommon)
import { versionInRange } from "../knowledge/versions";
import { poolKind } from "../snapshot/pool-kind";

export interface MigrationVerdict {
  migrates: boolean;
  /** Why it cannot (for messages), when it cannot. */
  why?: string;
  /** False when the answer depends on something we do not know (an unknown pool driver,
   *  pools not known at all, an unknown device type that another rule reports). */
  certain: boolean;
}

export interface PoolDrivers {
  /** The driver of a pool, or undefined when no such pool is known. */
  driver(pool: string): string | undefined;
  /** True when the list of pools is complete (a cluster is known): a pool missing from it does not exist. */
  complete: boolean;
}

const SPECIAL_SOURCES_60 = ["cloud-init:config", "agent:config"];
const SPECIAL_SOURCES_7 = [...SPECIAL_SOURCES_60, "tmpfs:", "tmpfs-overlay:"];
const NEVER_MIGRATE = ["gpu", "usb", "unix-char", "unix-block", "unix-hotplug", "pci", "infiniband", "proxy"];

const yes: MigrationVerdict = { migrates: true, certain: true };
const no = (why: string, certain = true): MigrationVerdict => ({ migrates: false, why, certain });

export function deviceMigration(device: Record<string, string>, pools: PoolDrivers, version: string): MigrationVerdict {
  // Both changes arrived together: 6.0.6 and 7.0.0 (the release list is ordered, so one range).
  const older = !versionInRange("6.0.6..", version);
  switch (device.type) {
    case "none":
    case "tpm":
      return yes;
    case "disk": {
      if (device.path === "/") return yes;
      if ((older ? SPECIAL_SOURCES_60 : SPECIAL_SOURCES_7).includes(device.source ?? "")) return yes;
      if (!device.pool) return no("a disk from a host path");
      const driver = pools.driver(device.pool);
      if (driver === undefined) {
        return pools.complete
          ? no(`a disk on the pool "${device.pool}", which does not exist (Incus cannot load the device)`)
          : no(`a disk on the pool "${device.pool}", whose driver is not known here`, false);
      }
      const kind = poolKind(driver);
      if (kind === "remote") return yes;
      if (kind === "local") return no(`a disk on the local pool "${device.pool}" (${driver})`);
      return no(`a disk on the pool "${device.pool}" with the driver ${driver}, not known to be local or remote`, false);
    }
    case "nic": {
      const t = device.nictype ?? "";
      const network = (device.network ?? "") !== "";
      if (t === "") return network ? yes : no("a NIC with neither nictype nor network (Incus cannot load the device)");
      if (t === "ovn") return yes;
      if (t === "bridged" || t === "macvlan" || t === "sriov") return network ? yes : no(`a ${t} NIC without a managed network`);
      if (t === "physical") return !older && network ? yes : no(`a physical NIC${older ? "" : " without a managed network"}`);
      return no(`a ${t} NIC`);
    }
    default:
      if (NEVER_MIGRATE.includes(device.type ?? "")) return no(`a ${device.type} device`);
      return no(`a device of unknown type "${device.type ?? ""}" (Incus cannot load it)`, false);
  }
}
