// Checks a create form before anything reaches Incus: the name as Incus's own checks take it,
// and each config key and value against the config catalog (server/src/incus/knowledge) with the
// same value checks the YAML editor uses. A key the catalog does not know for this entity in any
// release is refused (with a "did you mean"); free-form user.* keys pass.
import { catalog, type ConfigKey, type ConfigKeyMatch } from "../../incus/knowledge/config-catalog";
import { toSnapshot } from "../../incus/knowledge/versions";
import { acceptedByPrefix, catalogName, concreteKeys, didYouMean, entityLabel } from "../../language/yaml/knowledge";
import { checkValue } from "../../language/yaml/values";
import type { CreateFormAnswer, CreateKind, CreateObjectParams, CreateProblem } from "../protocol";

/** Network types Incus 6.0.x/7.x create (internal/server/network/network_load.go's drivers). */
export const NETWORK_TYPES = ["bridge", "macvlan", "sriov", "ovn", "physical"];

/** The catalog entity of the object's config. */
export function entityOf(kind: CreateKind, detail: { networkType?: string; poolDriver?: string }): string {
  if (kind === "profile") return "profile";
  if (kind === "network") return `network:${detail.networkType ?? "bridge"}`;
  return `storage-volume:${detail.poolDriver ?? "dir"}`;
}

/**
 * Incus 6.0.4's name checks, before its own answer: profiles (cmd/incusd/profiles.go: not empty,
 * no "/", not "." or ".."), custom volumes (cmd/incusd/storage_volumes.go: not empty, no "/";
 * a space is accepted, seen), networks (internal/server/network/driver_common.go ValidateName:
 * none of / ? & + :, and for a bridge shared/validate IsInterfaceName: 2 to 15 of [-_a-zA-Z0-9.]).
 */
export function nameProblem(kind: CreateKind, name: string, networkType?: string): string | undefined {
  if (name === "") return "a name is required";
  if (kind === "profile") {
    if (name.includes("/")) return "Profile names may not contain slashes";
    if (name === "." || name === "..") return `Invalid profile name "${name}"`;
    return undefined;
  }
  if (kind === "volume") return name.includes("/") ? "Storage volume names may not contain slashes" : undefined;
  for (const ch of ["/", "?", "&", "+", ":"]) if (name.includes(ch)) return `Cannot contain "${ch}"`;
  if (networkType === "bridge") {
    if (name.length < 2) return "Network interface is too short (minimum 2 characters)";
    if (name.length > 15) return "Network interface is too long (maximum 15 characters)";
    if (!/^[-_a-zA-Z0-9.]+$/.test(name)) return "Network interface contains invalid characters (letters, digits, - _ . only)";
  }
  return undefined;
}

/** One config key and value against the entity's catalog entries. */
export function configProblem(entity: string, key: string, value: string, version: string): string | undefined {
  if (key.trim() === "") return "a key is required";
  if (key.startsWith("user.") && key.length > 5) return undefined;
  const hit = catalog.lookup(entity, catalogName(key), version) ?? siblingMatch(entity, key, version);
  if (!hit) {
    if (acceptedByPrefix(entity, key)) return undefined;
    const guess = didYouMean(key, entity, version);
    return `Unknown configuration key for ${entityLabel(entity)}: ${key}${guess ? ` — did you mean "${guess}"?` : ` (free-form keys start with "user.")`}`;
  }
  if (hit.listed === false) return `"${key}" is not a key of ${entityLabel(entity)} in Incus ${toSnapshot(version)} (a newer release has it)`;
  const problem = checkValue(hit.entity, hit.entry, value);
  return problem ? `${key}: ${problem.message}${problem.suggestions?.length ? ` (one of: ${problem.suggestions.slice(0, 8).join(", ")})` : ""}` : undefined;
}

/**
 * A key another driver of the same family has (storage-volume:zfs's `size` for a dir volume) is
 * checked as that driver's (its value) and otherwise left to Incus: the catalog's per-driver lists come from Incus's metadata, which is not always
 * complete (seen: the 6.0.4 metadata lists `security.size` for dir volumes, Incus accepts `size`
 * and refuses `security.size`). A check here must never refuse what Incus accepts.
 */
function siblingMatch(entity: string, key: string, version: string): ConfigKeyMatch | undefined {
  const family = entity.split(":")[0];
  if (family === entity) return undefined;
  for (const other of catalog.entities()) {
    if (other === entity || !other.startsWith(family + ":")) continue;
    const hit = catalog.lookup(other, catalogName(key), version);
    if (hit) return { ...hit, listed: "unknown" };
  }
  return undefined;
}

/** Whether Incus takes the key per member (scope "local": a network's `parent`, a bridge's external interfaces). */
export function memberSpecific(entity: string, key: string, version: string): boolean {
  return catalog.lookup(entity, catalogName(key), version)?.entry.scope === "local";
}

export interface FormContext {
  version: string;
  pools: CreateFormAnswer["pools"];
  members: string[];
  projects: string[];
}

/** Every problem of a filled form, field by field. */
export function formProblems(p: CreateObjectParams, ctx: FormContext): CreateProblem[] {
  const out: CreateProblem[] = [];
  const pool = p.kind === "volume" ? ctx.pools.find((x) => x.name === p.pool) : undefined;
  if (p.kind === "network" && !NETWORK_TYPES.includes(p.networkType ?? "")) out.push({ field: "networkType", message: `network type "${p.networkType ?? ""}" is not one of ${NETWORK_TYPES.join(", ")}` });
  if (p.kind === "volume") {
    if (!pool) out.push({ field: "pool", message: `no storage pool "${p.pool ?? ""}" (pools: ${ctx.pools.map((x) => x.name).join(", ") || "none"})` });
    else if (pool.local && ctx.members.length > 0 && !p.member) out.push({ field: "member", message: `pool ${pool.name} (${pool.driver}) is local to each member: choose the member the volume is made on` });
    if (p.member && !ctx.members.includes(p.member)) out.push({ field: "member", message: `no cluster member "${p.member}"` });
  }
  if (p.project && ctx.projects.length && !ctx.projects.includes(p.project)) out.push({ field: "project", message: `no project "${p.project}"` });
  const name = nameProblem(p.kind, p.name, p.networkType);
  if (name) out.push({ field: "name", message: name });
  const entity = entityOf(p.kind, { networkType: p.networkType, poolDriver: pool?.driver });
  for (const [key, value] of Object.entries(p.config)) {
    const problem = configProblem(entity, key, value, ctx.version);
    if (problem) out.push({ field: "config", key, message: problem });
  }
  return out;
}

/** The keys a form offers for the entity: concrete catalog keys of the version, user.* last. */
export function formKeys(entity: string, version: string): CreateFormAnswer["keys"] {
  const keys = concreteKeys(entity, version).filter((k) => !/^volatile\.|^image\./.test(k.key));
  return keys.map((k: ConfigKey) => ({
    key: k.key,
    type: k.type,
    default: k.default,
    allowed: k.allowed,
    memberSpecific: k.scope === "local" || undefined,
    summary: k.summary,
    docs: k.docs,
  }));
}
