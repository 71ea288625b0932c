// Catalog questions the YAML checks ask: does the catalog describe an entity at all, which other
// entity owns a key, and the nearest known key to a typo.
import { catalog, type ConfigKey } from "../../incus/knowledge/config-catalog";
import { nearest } from "../../starlark/resolve/spell";

/** Keys Incus accepts by prefix whatever follows (internal/instance/config.go ConfigKeyChecker,
 *  6.0.4), which the metadata-built catalog lists only in part: image.* properties copied from
 *  the image, any limits.kernel.<rlimit>. */
const ACCEPTED_PREFIXES: Record<string, string[]> = {
  instance: ["image.", "limits.kernel.", "environment."],
  profile: ["limits.kernel.", "environment."],
};

/** Keys whose documented name differs from the name Incus uses (6.0.4 documents
 *  volatile.cloud_init.instance-id, validates and writes volatile.cloud-init.instance-id). */
const SPELLINGS: Record<string, string> = {
  "volatile.cloud-init.instance-id": "volatile.cloud_init.instance-id",
};

/** The catalog name to look `key` up by. */
export function catalogName(key: string): string {
  return SPELLINGS[key] ?? key;
}

export function acceptedByPrefix(entity: string, key: string): boolean {
  return (ACCEPTED_PREFIXES[entity] ?? []).some((p) => key.startsWith(p) && key.length > p.length);
}

/** Whether the catalog can judge keys of `entity` (a concrete id, a family or an alias). */
export function catalogCovers(entity: string): boolean {
  if (entity === "profile") return true;
  return catalog.entities().some((id) => id === entity || id.startsWith(entity + ":"));
}

const OWNERS = ["server", "instance", "project", "cluster-member", "cluster-group"];

const LABELS: Record<string, string> = {
  server: "a server", instance: "an instance", profile: "a profile (instance)", project: "a project",
  "cluster-member": "a cluster member", "cluster-group": "a cluster group",
};

export function entityLabel(entity: string): string {
  const family = entity.split(":")[0];
  if (LABELS[entity]) return LABELS[entity];
  const sub = entity.split(":").slice(1).join(" ");
  const base = family.replace(/-/g, " ");
  return sub ? `a ${base} (${sub})` : `a ${base}`;
}

/** The other top-level entity whose own (non-pattern) key this is, e.g. core.https_address -> server. */
export function ownerElsewhere(key: string, entity: string, version: string): string | undefined {
  const family = entity === "profile" ? "instance" : entity;
  for (const other of OWNERS) {
    if (other === family) continue;
    const hit = catalog.lookup(other, key, version);
    if (hit && !hit.pattern) return other;
  }
  return undefined;
}

/** Concrete keys of an entity (no patterns) for suggestions and completion. */
export function concreteKeys(entity: string, version: string): ConfigKey[] {
  const seen = new Set<string>();
  return catalog.keys(entity, version).filter((k) => {
    if (/[*<]|\.[A-Z][A-Z_]{2,}(\.|$)/.test(k.key) || seen.has(k.key)) return false;
    seen.add(k.key);
    return true;
  });
}

export function didYouMean(key: string, entity: string, version: string): string | undefined {
  const names = concreteKeys(entity, version).map((k) => k.key).sort();
  return nearest(key, names) || undefined;
}
