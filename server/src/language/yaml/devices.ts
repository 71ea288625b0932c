// Device facts shared by the device rule, completion and hover: the device types Incus knows
// and the catalog entity of a device map.
import { isMap, type YAMLMap } from "yaml";
import { deviceEntity } from "../../incus/knowledge/config-catalog";
import { entries } from "./source";

/** Device types of Incus (internal/server/device/device_load.go), "none" included: a `none`
 *  device hides a profile's device of the same name. */
export const DEVICE_TYPES = ["disk", "nic", "gpu", "infiniband", "pci", "proxy", "tpm", "unix-block", "unix-char", "unix-hotplug", "usb", "none"];

export const NIC_TYPES = ["bridged", "macvlan", "ipvlan", "p2p", "physical", "routed", "sriov", "ovn"];
export const GPU_TYPES = ["physical", "mdev", "mig", "sriov"];

/** Keys that choose the device's entity rather than configure it. */
export const SELECTOR_KEYS = new Set(["type", "nictype", "gputype"]);

export interface DeviceInfo {
  name: string;
  map: YAMLMap;
  config: Record<string, string>;
}

export function devicesOf(devices: YAMLMap | undefined): DeviceInfo[] {
  const out: DeviceInfo[] = [];
  for (const { key, pair } of entries(devices)) {
    if (!isMap(pair.value)) continue;
    const config: Record<string, string> = {};
    for (const e of entries(pair.value)) if (e.value !== undefined) config[e.key] = e.value;
    out.push({ name: key, map: pair.value, config });
  }
  return out;
}

export function entityOfDevice(config: Record<string, string>): string {
  return deviceEntity(config);
}
