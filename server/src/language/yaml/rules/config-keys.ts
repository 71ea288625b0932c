// Config keys of each object: unknown (with "did you mean"), a key of another entity (a server
// key in an instance), keys a version does not list, instance-only keys in a profile, keys of
// the other instance type, and values (booleans, integers, sizes, expiries, enums, UUIDs) as
// Incus's validators take them. An instance's own volatile keys are checked, not flagged: its
// edit buffer always shows them.
import { isScalar, type Scalar } from "yaml";
import { catalog } from "../../../incus/knowledge/config-catalog";
import { toSnapshot } from "../../../incus/knowledge/versions";
import type { Diagnostic } from "../../scriptlet/diagnostic";
import { diag, replaceFix, type CheckInput } from "../check";
import { acceptedByPrefix, catalogCovers, catalogName, didYouMean, entityLabel, ownerElsewhere } from "../knowledge";
import type { Owner } from "../layout";
import { entries, keyNode } from "../source";
import { checkValue } from "../values";

export function configKeys(input: CheckInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const owner of input.layout.owners) {
    if (!owner.config || !catalogCovers(owner.entity)) continue;
    checkMap(input, owner, owner.entity, owner.config, out);
  }
  return out;
}

/** Check one map of config keys (an object's `config`, or a device's keys) against `entity`. */
export function checkMap(input: CheckInput, owner: Owner, entity: string, map: Owner["config"], out: Diagnostic[], skip: Set<string> = new Set()): void {
  const { src, ctx } = input;
  const version = ctx.version;
  for (const { key, value, pair } of entries(map)) {
    if (skip.has(key)) continue;
    const kn = keyNode(pair);
    // Every object but a device takes free-form user.* keys (the catalog lists the pattern for
    // some entities only; Incus 6.0.4 accepts `incus config set user.x=1` on the server too).
    if (key.startsWith("user.") && key.length > 5 && !entity.startsWith("device:")) continue;
    const hit = catalog.lookup(entity, catalogName(key), version);
    if (!hit && acceptedByPrefix(entity, key)) continue;
    if (!hit) {
      out.push(unknownKey(input, owner, entity, key, kn));
      continue;
    }
    if (hit.listed === false) {
      out.push(diag(src, kn, "information", "yaml-key-version",
        `"${key}" is not listed in the config metadata of Incus ${toSnapshot(version)}: it may be newer than that version.`));
    }
    const typeProblem = instanceTypeProblem(owner, key, hit.entry.condition);
    if (typeProblem) out.push(diag(src, kn, typeProblem.severity, "yaml-key-instance-type", typeProblem.message));
    if (value === undefined) {
      if (pair.value && !isScalar(pair.value)) {
        out.push(diag(src, pair.value as Scalar, "error", "yaml-value-type", `"${key}" takes a string: config values are strings (quote lists and maps, or write them as text).`));
      }
      continue;
    }
    const problem = checkValue(hit.entity, hit.entry, value);
    if (problem) {
      const fixes = problem.suggestions?.slice(0, 8).map((s) => replaceFix(src, pair.value as Scalar, `Use "${s}"`, quoteIfNeeded(s)));
      out.push(diag(src, pair.value as Scalar, "error", "yaml-value", `${key}: ${problem.message}`, fixes));
    }
  }
}

function unknownKey(input: CheckInput, owner: Owner, entity: string, key: string, kn: ReturnType<typeof keyNode>) {
  const { src, ctx } = input;
  // instance_utils.go ValidConfig, for profiles (6.0.4 wording).
  if (owner.kind === "profile" && key.startsWith("volatile.")) {
    return diag(src, kn, "error", "yaml-instance-only-key", `Volatile keys can only be set on instances ("${key}" is in a profile).`);
  }
  if (owner.kind === "profile" && key.startsWith("image.")) {
    return diag(src, kn, "error", "yaml-instance-only-key", `Image keys can only be set on instances ("${key}" is in a profile).`);
  }
  const lxd = LXD_ONLY[key];
  if (lxd && !entity.startsWith("device:")) return diag(src, kn, "error", "yaml-lxd-key", `Unknown configuration key: ${key} — ${lxd}`);
  const elsewhere = ownerElsewhere(key, entity, ctx.version);
  if (elsewhere && !entity.startsWith("device:")) {
    return diag(src, kn, "error", "yaml-key-wrong-entity",
      `Unknown configuration key: ${key} — it is a key of ${entityLabel(elsewhere)}, not of ${entityLabel(entity)}.`);
  }
  const guess = didYouMean(key, entity, ctx.version);
  const device = entity.startsWith("device:");
  const msg = (device ? `Invalid device option "${key}" for ${entityLabel(entity)}` : `Unknown configuration key: ${key}`) +
    (guess ? ` — did you mean "${guess}"?` : device ? "" : ` (free-form keys start with "user.")`);
  return diag(src, kn, "error", "yaml-unknown-key", msg, guess ? [replaceFix(src, kn, `Change to "${guess}"`, guess)] : undefined);
}

/** LXD keys people carry over, which Incus does not have, and what to write instead. */
const LXD_ONLY: Record<string, string> = {
  "instances.migration.stateful": "LXD's server-wide default for migration.stateful; Incus has no such key: set migration.stateful=true on the VMs or in a profile.",
  "core.trust_password": "Incus has no trust password: add clients with `incus config trust add` (a token).",
};

function quoteIfNeeded(s: string): string {
  return /^(true|false|yes|no|on|off|y|n|null|~|[0-9.+-].*)$/i.test(s) ? JSON.stringify(s) : s;
}

/** Keys for one instance type on an instance of the other type. Incus 6.0.4 refuses a VM key on
 *  a container as unknown (seen: raw.qemu.scriptlet); the reverse is only warned about. */
function instanceTypeProblem(owner: Owner, key: string, condition: string | undefined): { severity: "error" | "warning"; message: string } | undefined {
  if (owner.kind !== "instance" || !owner.instanceType || !condition) return undefined;
  if (condition === "virtual machine" && owner.instanceType === "container") {
    return { severity: "error", message: `Unknown configuration key: ${key} — it only applies to virtual machines and this instance is a container.` };
  }
  if (/^(unprivileged |OCI )?container$/.test(condition) && owner.instanceType === "virtual-machine") {
    return { severity: "warning", message: `"${key}" only applies to containers; this instance is a virtual machine.` };
  }
  return undefined;
}
