// Value checks for one config key, as Incus's validators would answer (shared/validate,
// shared/units, internal/instance/expiry.go). The catalog only says string/bool/integer, so
// size and expiry validators are named here for the keys known to use them. A value we cannot
// judge is accepted: the checks must never refuse what Incus accepts.
import type { ConfigKey } from "../../incus/knowledge/config-catalog";
import { parseByteSize } from "../../incus/placement/units";

/** validate.IsBool: these spellings, case-insensitive. */
export const BOOL_TRUE = ["true", "1", "yes", "on"];
export const BOOL_FALSE = ["false", "0", "no", "off"];

export function isTrue(v: string | undefined): boolean {
  return v !== undefined && BOOL_TRUE.includes(v.toLowerCase());
}

export function isFalse(v: string | undefined): boolean {
  return v !== undefined && BOOL_FALSE.includes(v.toLowerCase());
}

type Kind = "size" | "size-or-percent" | "expiry" | "uuid";

/** Keys whose validator is validate.IsSize / the instance memory limit / GetExpiry. The key is
 *  matched on the concrete catalog entity's family (text before the first ':'). */
const SPECIAL: Record<string, Record<string, Kind>> = {
  instance: { "limits.memory": "size-or-percent", "snapshots.expiry": "expiry", "volatile.uuid": "uuid", "volatile.uuid.generation": "uuid" },
  project: { "limits.memory": "size", "limits.disk": "size" },
  device: { size: "size", "size.state": "size" },
  "storage-volume": { size: "size", "snapshots.expiry": "expiry" },
  "storage-pool": { "volume.size": "size", "volume.snapshots.expiry": "expiry" },
};

/** Keys the catalog calls integer whose validator accepts more (a list of VLAN ids). */
const NOT_PLAIN_INTEGER = new Set(["vlan.tagged"]);

export interface ValueProblem {
  message: string;
  /** Values to offer as replacements. */
  suggestions?: string[];
}

export function checkValue(entity: string, entry: ConfigKey, value: string): ValueProblem | undefined {
  // An empty value unsets the key (validate.Optional around nearly every validator).
  if (value === "") return undefined;
  const special = SPECIAL[entity.split(":")[0]]?.[entry.key];
  if (special) return checkSpecial(special, value);
  if (entry.type === "bool") {
    if (isTrue(value) || isFalse(value) || entry.alsoAccepts?.includes(value)) return undefined;
    return { message: `Invalid value for a boolean "${value}" (Incus accepts true/false, yes/no, on/off, 1/0${entry.alsoAccepts?.length ? ", " + entry.alsoAccepts.join(", ") : ""})`, suggestions: ["true", "false", ...(entry.alsoAccepts ?? [])] };
  }
  if (entry.type === "integer" && !NOT_PLAIN_INTEGER.has(entry.key)) {
    if (/^[+-]?\d+$/.test(value)) return undefined;
    return { message: `Invalid value for an integer "${value}"` };
  }
  if (entry.allowed?.length) {
    const parts = entry.allowedList ? value.split(",").map((s) => s.trim()) : [value];
    const bad = parts.filter((p) => !entry.allowed!.includes(p) && !entry.alsoAccepts?.includes(p));
    if (bad.length === 0) return undefined;
    return { message: `Invalid value "${bad[0]}" (not one of ${entry.allowed.join(", ")})`, suggestions: entry.allowed };
  }
  return undefined;
}

function checkSpecial(kind: Kind, value: string): ValueProblem | undefined {
  if (kind === "size-or-percent" && value.endsWith("%")) {
    const n = value.slice(0, -1);
    if (!/^[+-]?\d+$/.test(n)) return { message: `Invalid memory limit "${value}": a percentage must be an integer, e.g. 50%` };
    if (Number(n) === 0) return { message: "Memory limit can't be 0%" };
    return undefined;
  }
  if (kind === "size" || kind === "size-or-percent") {
    try {
      parseByteSize(value);
      return undefined;
    } catch (e) {
      return { message: `${(e as Error).message}: a size is digits and a unit: B, kB, MB, GB, TB, PB, EB, KiB, MiB, GiB, TiB, PiB, EiB (e.g. 10GiB)` };
    }
  }
  if (kind === "uuid") {
    // validate.IsUUID is google/uuid.Parse: dashed, {dashed}, urn:uuid:dashed or 32 hex digits
    // (seen on 6.0.4: `incus config set c volatile.uuid=abc` -> "Invalid UUID").
    const dashed = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    const ok = new RegExp(`^(${dashed}|\\{${dashed}\\}|urn:uuid:${dashed}|[0-9a-f]{32})$`, "i").test(value);
    return ok ? undefined : { message: "Invalid UUID" };
  }
  return checkExpiry(value);
}

/** internal/instance/expiry.go GetExpiry: space-separated `<int><S|M|H|d|w|m|y>`, each unit once. */
export function checkExpiry(value: string): ValueProblem | undefined {
  const expr = value.trim();
  if (expr === "") return undefined;
  const seen = new Set<string>();
  for (const field of expr.split(" ")) {
    const m = /^(\d+)(S|M|H|d|w|m|y)$/.exec(field);
    if (!m || seen.has(m[2])) return { message: `Invalid expiry expression "${value}": use e.g. 2w, 1d 12H (units S, M minutes, H, d, w, m months, y; each once)` };
    seen.add(m[2]);
  }
  return undefined;
}
