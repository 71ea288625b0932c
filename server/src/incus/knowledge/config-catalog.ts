// Typed access to config-catalog.json: Incus config keys per entity and version, with key
// patterns (`user.*`, `volatile.<name>.hwaddr`, `limits.disk.pool.POOL_NAME`) resolved.
// Regenerate the data with tools/gen-catalog.ts.

import data from "./config-catalog.json";
import { IncusVersion, INCUS_VERSIONS, releasesIn, toSnapshot } from "./versions";

export interface ConfigKeyFacts {
  /** string, bool, integer, blob, "string set" (as Incus's metadata says; int/int64 -> integer). */
  type: string;
  /** Literal default, when Incus states one. */
  default?: string;
  /** The default depends on context (instance type, host...): see the docs link. */
  defaultDescribed?: true;
  allowed?: string[];
  allowedFrom?: "validator" | "override" | "docs";
  /** Value is a comma-separated list of `allowed` values. */
  allowedList?: true;
  /** Accepted besides the key's usual form (boot.autostart: last-state besides booleans). */
  alsoAccepts?: string[];
  scope?: "global" | "local";
  liveUpdate?: boolean | "containers";
  /** Where the key applies, as Incus words it ("virtual machine", "container", ...). */
  condition?: string;
  required?: boolean | "containers";
  managed?: boolean;
}

export interface ConfigKey extends ConfigKeyFacts {
  /** The key or key pattern as Incus spells it. */
  key: string;
  /** Incus's metadata group (e.g. "resource-limits", "security"). */
  group: string;
  /** Versions whose metadata lists the key. */
  versions: IncusVersion[];
  docs: string;
  /** Our one-line description, for the most used keys. */
  summary?: string;
  /** Facts that differ in older versions, keyed by a version range; null means "absent in that version". */
  byVersion?: Record<string, Partial<Record<keyof ConfigKeyFacts, unknown>>>;
}

export interface ConfigKeyMatch {
  /** The entity the key was found in (a concrete one, e.g. "device:nic:bridged"). */
  entity: string;
  /** The key asked for. */
  key: string;
  /** The catalog entry, with facts as they are in the version asked for. */
  entry: ConfigKey;
  /** Matched through a pattern (`user.*`...) rather than by name. */
  pattern: boolean;
  /** Values of the pattern's placeholders, e.g. { name: "eth0" } for volatile.<name>.hwaddr. */
  placeholders?: Record<string, string>;
  /** Whether that version's metadata lists the key: "unknown" when it does not cover the entity at all. */
  listed: boolean | "unknown";
}

interface CatalogData {
  coverage: Record<IncusVersion, string[]>;
  entities: Record<string, { keys: ConfigKey[] }>;
}

/** The stored form: ranges instead of version lists (see tools/gen-catalog.ts). */
interface StoredCatalog {
  releases: string[];
  coverage: Record<string, string>;
  entities: Record<string, { keys: Array<Omit<ConfigKey, "versions"> & { versions: string }> }>;
}

/** Expand the stored ranges into per-release lists once, at load. */
function load(d: StoredCatalog): CatalogData {
  const known = new Set(INCUS_VERSIONS);
  const missing = d.releases.filter((r) => !known.has(r));
  if (missing.length || d.releases.length !== INCUS_VERSIONS.length) {
    throw new Error(`config-catalog.json describes ${d.releases.join(", ")} but releases.json ${INCUS_VERSIONS.join(", ")}: rerun npm run gen:incus`);
  }
  const coverage: Record<string, string[]> = Object.fromEntries(INCUS_VERSIONS.map((v) => [v, []]));
  for (const [entity, range] of Object.entries(d.coverage)) for (const v of releasesIn(range)) coverage[v].push(entity);
  const entities = Object.fromEntries(
    Object.entries(d.entities).map(([id, { keys }]) => [id, { keys: keys.map((k) => ({ ...k, versions: releasesIn(k.versions) })) }]),
  );
  return { coverage, entities };
}

interface CompiledPattern {
  entry: ConfigKey;
  re: RegExp;
  names: string[];
  /** Literal characters: more literal = more specific, tried first. */
  weight: number;
}

/** Entities that are views of another one. */
const ALIASES: Record<string, { entity: string; exclude?: RegExp }> = {
  // Profiles hold instance config, but volatile.* and image.* can only be set on instances.
  profile: { entity: "instance", exclude: /^(volatile|image)\./ },
  member: { entity: "cluster-member" },
  "cluster member": { entity: "cluster-member" },
};

const PLACEHOLDER = /^(\*|<([^>]+)>|[A-Z][A-Z_]{2,})$/;

function compilePattern(entry: ConfigKey): CompiledPattern | undefined {
  const segs = entry.key.split(".");
  if (!segs.some((s) => PLACEHOLDER.test(s))) return undefined;
  const names: string[] = [];
  let weight = 0;
  const parts = segs.map((s) => {
    const m = PLACEHOLDER.exec(s);
    if (!m) {
      weight += s.length + 1;
      return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
    names.push(m[2] ?? (s === "*" ? "*" : s.toLowerCase()));
    // `*` may span dots (user.a.b); a named placeholder is one or more segments.
    return "(.+)";
  });
  return { entry, re: new RegExp(`^${parts.join("\\.")}$`), names, weight };
}

function resolveFacts(entry: ConfigKey, version: IncusVersion): ConfigKey {
  const range = entry.byVersion && Object.keys(entry.byVersion).find((r) => releasesIn(r).includes(version));
  const diff = range && entry.byVersion![range];
  if (!diff) return entry;
  const out: Record<string, unknown> = { ...entry };
  for (const [k, v] of Object.entries(diff)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out as unknown as ConfigKey;
}

export class ConfigCatalog {
  private exact = new Map<string, Map<string, ConfigKey>>();
  private patterns = new Map<string, CompiledPattern[]>();

  constructor(private readonly d: CatalogData) {
    for (const [id, { keys }] of Object.entries(d.entities)) {
      this.exact.set(id, new Map(keys.map((k) => [k.key, k])));
      const pats = keys.map(compilePattern).filter((p): p is CompiledPattern => !!p);
      pats.sort((a, b) => b.weight - a.weight);
      this.patterns.set(id, pats);
    }
  }

  /** Concrete entity ids: instance, server, project, cluster-member, cluster-group, image,
   *  device:<type>[:<subtype>], network:<type>, network-forward..., storage-pool:<driver>,
   *  storage-volume:<driver>, storage-bucket:<driver>. */
  entities(): string[] {
    return Object.keys(this.d.entities);
  }

  /** Expand an entity name: aliases (profile), and a bare family ("device:nic", "storage-pool")
   *  to all its members. */
  private expand(entity: string): Array<{ id: string; exclude?: RegExp }> {
    const alias = ALIASES[entity];
    if (alias) return [{ id: alias.entity, exclude: alias.exclude }];
    if (this.d.entities[entity]) return [{ id: entity }];
    return this.entities()
      .filter((id) => id.startsWith(entity + ":"))
      .map((id) => ({ id }));
  }

  private listed(entity: string, entry: ConfigKey, version: IncusVersion): boolean | "unknown" {
    if (entry.versions.includes(version)) return true;
    return this.d.coverage[version]?.includes(entity) ? false : "unknown";
  }

  /**
   * Find `key` for `entity` in `version` (default: the default version). Exact names win over
   * patterns, and more specific patterns over general ones. Returns undefined when no version
   * knows the key; check `listed` for whether the asked version does.
   */
  lookup(entity: string, key: string, version?: string): ConfigKeyMatch | undefined {
    const v = toSnapshot(version);
    const targets = this.expand(entity);
    for (const { id, exclude } of targets) {
      if (exclude?.test(key)) continue;
      const hit = this.exact.get(id)?.get(key);
      if (hit) return { entity: id, key, entry: resolveFacts(hit, v), pattern: false, listed: this.listed(id, hit, v) };
    }
    for (const { id, exclude } of targets) {
      if (exclude?.test(key)) continue;
      for (const p of this.patterns.get(id) ?? []) {
        const m = p.re.exec(key);
        if (!m) continue;
        const placeholders: Record<string, string> = {};
        p.names.forEach((n, i) => (placeholders[n] = m[i + 1]));
        return { entity: id, key, entry: resolveFacts(p.entry, v), pattern: true, placeholders, listed: this.listed(id, p.entry, v) };
      }
    }
    return undefined;
  }

  /** Keys of an entity in `version` (for completion): those its metadata lists, or all keys when
   *  that version's metadata does not cover the entity. Facts resolved for the version. */
  keys(entity: string, version?: string): ConfigKey[] {
    const v = toSnapshot(version);
    const out: ConfigKey[] = [];
    for (const { id, exclude } of this.expand(entity)) {
      for (const k of this.d.entities[id]?.keys ?? []) {
        if (exclude?.test(k.key)) continue;
        if (this.listed(id, k, v) === false) continue;
        out.push(resolveFacts(k, v));
      }
    }
    return out;
  }

  /** Allowed values of a key in a version, if Incus restricts it to a fixed set. */
  allowedValues(entity: string, key: string, version?: string): string[] | undefined {
    return this.lookup(entity, key, version)?.entry.allowed;
  }

  /** Entities a version's metadata describes at all. */
  coverage(version?: string): string[] {
    return [...(this.d.coverage[toSnapshot(version)] ?? [])];
  }
}

/** The catalog entity of a device, from its config: `{type: "nic", nictype: "bridged"}` ->
 *  "device:nic:bridged"; unix-char -> "device:unix-char"; a NIC without nictype (network=...) ->
 *  "device:nic" (all NIC kinds). */
export function deviceEntity(device: Record<string, string | undefined>): string {
  const type = device.type ?? "";
  if (type === "nic") return device.nictype ? `device:nic:${device.nictype}` : "device:nic";
  if (type === "gpu") return `device:gpu:${device.gputype || "physical"}`;
  return `device:${type}`;
}

export const catalog = new ConfigCatalog(load(data as unknown as StoredCatalog));
