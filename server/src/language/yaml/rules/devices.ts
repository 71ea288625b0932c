// Devices of instances and profiles: a map per device with a known `type`, keys of that device
// kind (nic/gpu subtypes included), their values, and disk pools that exist.
import { isMap, type Scalar } from "yaml";
import type { Diagnostic } from "../../scriptlet/diagnostic";
import { diag, replaceFix, type CheckInput } from "../check";
import { DEVICE_TYPES, devicesOf, entityOfDevice, GPU_TYPES, NIC_TYPES, SELECTOR_KEYS } from "../devices";
import { catalogCovers } from "../knowledge";
import { entries, pairOf } from "../source";
import { nearest } from "../../../starlark/resolve/spell";
import { checkMap } from "./config-keys";

export function devices(input: CheckInput): Diagnostic[] {
  const { src, layout } = input;
  const out: Diagnostic[] = [];
  for (const owner of layout.owners) {
    if (!owner.devices) continue;
    for (const { key, pair } of entries(owner.devices)) {
      if (!isMap(pair.value)) {
        if (pair.value !== null && pair.value !== undefined) out.push(diag(src, pair.value as Scalar, "error", "yaml-device-shape", `Device "${key}" must be a map of keys (type: disk, ...).`));
      }
    }
    for (const dev of devicesOf(owner.devices)) {
      const typePair = pairOf(dev.map, "type");
      const type = dev.config.type;
      if (!type) {
        out.push(diag(src, typePair?.value as Scalar ?? (pairOf(owner.devices, dev.name)?.key as Scalar), "error", "yaml-device-type", `Missing device type for device "${dev.name}"`));
        continue;
      }
      if (!DEVICE_TYPES.includes(type)) {
        const guess = nearest(type, [...DEVICE_TYPES].sort());
        out.push(diag(src, typePair?.value as Scalar, "error", "yaml-device-type",
          `Unsupported device type "${type}"` + (guess ? `: did you mean "${guess}"?` : ` (one of ${DEVICE_TYPES.join(", ")})`),
          guess ? [replaceFix(src, typePair?.value as Scalar, `Change to "${guess}"`, guess)] : undefined));
        continue;
      }
      if (type === "none") continue;
      const sub = type === "nic" ? ["nictype", NIC_TYPES] as const : type === "gpu" ? ["gputype", GPU_TYPES] as const : undefined;
      if (sub && dev.config[sub[0]] && !sub[1].includes(dev.config[sub[0]])) {
        out.push(diag(src, pairOf(dev.map, sub[0])?.value as Scalar, "error", "yaml-device-type",
          `Unknown ${sub[0]} "${dev.config[sub[0]]}" (one of ${sub[1].join(", ")})`));
        continue;
      }
      const entity = entityOfDevice(dev.config);
      if (catalogCovers(entity)) checkMap(input, owner, entity, dev.map, out, SELECTOR_KEYS);
      if (type === "disk") out.push(...diskPool(input, dev.config.pool, pairOf(dev.map, "pool")?.value as Scalar | undefined));
    }
  }
  return out;
}

/** A disk's pool must exist where the object will be created: in this preseed or the cluster. */
function diskPool(input: CheckInput, pool: string | undefined, node: Scalar | undefined): Diagnostic[] {
  const { layout, src, ctx } = input;
  if (!pool || layout.pools.has(pool)) return [];
  const fromFile = layout.entity === "preseed";
  if (!fromFile && !ctx.cluster) return [];
  const where = [fromFile ? "this preseed" : "", ctx.cluster ? "the active cluster" : ""].filter(Boolean).join(" or ");
  const known = [...layout.pools.keys()];
  return [diag(src, node, "warning", "yaml-unknown-pool",
    `Storage pool "${pool}" is not defined in ${where}` + (known.length ? ` (pools: ${known.join(", ")})` : "") + ": Incus will not find it.")];
}
