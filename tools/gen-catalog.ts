// Generates server/src/incus/knowledge/config-catalog.json: every Incus config key (or key
// pattern) per entity, with the FACTS Incus's metadata states (type, default, allowed values, scope,
// live update, condition, which versions list it) plus a docs link and, for the keys people use
// most, our own one-line description (config-key-notes.json). Incus's own descriptions are NOT
// copied: they are only mined for backticked allowed values and literal defaults.
//
// Usage: npx tsc -p . && node out/tools/gen-catalog.js [--source VERSION=FILE|git:REF]... [--repo DIR] [--out FILE]
// VERSION is 6.0, 7.3 or main. FILE is a configuration-*.json or a live server's
// `GET /1.0/metadata/configuration` response; git:REF reads internal/server/metadata/configuration.json
// from the Incus repository at REF. Defaults:
//   6.0  = /work/shared/incus-metadata/configuration-6.0.4.json (identical to v6.0.4's file)
//   7.3  = git:v7.3.0
//   main = /work/shared/incus-metadata/configuration-7.3.json, which is byte-for-byte the metadata of
//          main@be7afc5 (after 7.3.0: it documents e.g. cluster.evacuate=refresh-migrate, which
//          7.3.0 rejects), so it is filed under main.
// Allowed values are taken, in order of preference, from the validators in the Incus source at each
// version's git revision (gen-catalog-validators.ts), a small override table, then the metadata prose.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { allowedValues, literalDefault } from "./gen-catalog-values";
import { ValidatorIndex } from "./gen-catalog-validators";

/** Incus's metadata in the shared facts folder beside the project root (../shared). */
function sharedMetadata(file: string): string {
  return path.resolve(__dirname, "../../../shared/incus-metadata", file);
}

const CATALOG_VERSIONS = ["main", "7.3", "6.0"] as const; // newest first: its facts win when versions differ
type CatalogVersion = (typeof CATALOG_VERSIONS)[number];

/** The Incus git revision each version's validators are read from. */
const GIT_REFS: Record<CatalogVersion, string> = { "6.0": "v6.0.4", "7.3": "v7.3.0", main: "be7afc5df39f089bc21e4f1d2e955fc6be8fae34" };

const DOCS = "https://linuxcontainers.org/incus/docs/main/";

type RawKey = Record<string, string | undefined>;
type RawConfigs = Record<string, Record<string, { keys: Array<Record<string, RawKey>> }>>;

export interface KeyFacts {
  type: string;
  default?: string;
  /** The default is explained in the docs rather than a literal (computed, per instance type...). */
  defaultDescribed?: true;
  allowed?: string[];
  /** Where `allowed` comes from: the source's validator, our override table, or the docs text. */
  allowedFrom?: "validator" | "override" | "docs";
  /** The validator accepts these values besides the key's usual form (e.g. boot.autostart: last-state). */
  alsoAccepts?: string[];
  /** The value is a comma-separated list of allowed values. */
  allowedList?: true;
  scope?: "global" | "local";
  liveUpdate?: boolean | "containers";
  condition?: string;
  required?: boolean | "containers";
  managed?: boolean;
}

export interface KeyOut extends KeyFacts {
  key: string;
  group: string;
  versions: CatalogVersion[];
  docs: string;
  summary?: string;
  /** Facts that differ in an older version. */
  byVersion?: Partial<Record<CatalogVersion, Partial<KeyFacts>>>;
}

/** Allowed values Incus states in prose we do not parse reliably; checked against the metadata text. */
const ALLOWED_OVERRIDES: Record<string, Record<string, string[]>> = {
  instance: {
    "cluster.evacuate": ["auto", "migrate", "live-migrate", "refresh-migrate", "stop", "stateful-stop", "force-stop"],
  },
  "cluster-member": { "scheduler.instance": ["all", "group", "manual"] },
};

/** Our entity id(s) for a metadata (entity, group) pair. */
export function entityIds(entity: string, group: string): string[] {
  if (entity === "instance" || entity === "kernel") return ["instance"];
  if (entity === "cluster") return ["cluster-member"];
  if (entity === "cluster_group") return ["cluster-group"];
  if (entity === "devices") {
    if (group === "unix-char-block") return ["device:unix-char", "device:unix-block"];
    const m = /^(nic|gpu)_(.+)$/.exec(group);
    return [m ? `device:${m[1]}:${m[2].replace(/_/g, "-")}` : `device:${group}`];
  }
  let m = /^network_(bridge|macvlan|ovn|physical|sriov)$/.exec(entity);
  if (m) return [`network:${m[1]}`];
  m = /^storage_(volume|bucket)_(.+)$/.exec(entity);
  if (m) return [`storage-${m[1]}:${m[2]}`];
  m = /^storage_(.+)$/.exec(entity);
  if (m) return [`storage-pool:${m[1]}`];
  return [entity.replace(/_/g, "-")];
}

/** Docs page for a metadata (entity, group): the page that includes that config group. */
export function docsPage(entity: string, group: string, id = ""): string {
  const page = (p: string) => `${DOCS}${p}/`;
  if (entity === "server") return page("server_config");
  if (entity === "instance" || entity === "kernel") return page("reference/instance_options");
  if (entity === "project") return page("reference/projects");
  if (entity === "cluster") return page("reference/cluster_member_config");
  if (entity === "cluster_group") return page("howto/cluster_groups");
  if (entity === "image") return page("image-handling");
  if (entity === "devices") {
    if (group.startsWith("nic_")) return page("reference/devices_nic");
    if (group.startsWith("gpu_")) return page("reference/devices_gpu");
    if (group === "unix-char-block") return page(id === "device:unix-block" ? "reference/devices_unix_block" : "reference/devices_unix_char");
    return page(`reference/devices_${group.replace(/-/g, "_")}`);
  }
  let m = /^network_(bridge|macvlan|ovn|physical|sriov)$/.exec(entity);
  if (m) return page(`reference/network_${m[1]}`);
  m = /^network_(.+)$/.exec(entity);
  if (m) return page(`howto/network_${m[1]}s`);
  m = /^storage_(?:volume_|bucket_)?(.+)$/.exec(entity);
  if (m) return page(`reference/storage_${m[1]}`);
  return page("reference");
}

function yesNo(v: string | undefined): boolean | "containers" | undefined {
  if (v === undefined) return undefined;
  if (v === "yes") return true;
  if (v === "no") return false;
  if (/container/.test(v)) return "containers";
  return undefined;
}

function normalizeType(t: string | undefined): string {
  if (t === undefined) return "string";
  if (t === "int" || t === "int64") return "integer";
  return t;
}

function facts(raw: RawKey, entityId: string, key: string, validators: ValidatorIndex | undefined): KeyFacts {
  const f: KeyFacts = { type: normalizeType(raw.type) };
  if (raw.default !== undefined) f.default = raw.default;
  else {
    const d = literalDefault(raw.defaultdesc);
    if (d && "value" in d) f.default = d.value;
    else if (d) f.defaultDescribed = true;
  }
  const v = validators?.lookup(entityId, key);
  if (v && v.exhaustive) {
    f.allowed = v.values;
    f.allowedFrom = "validator";
    if (v.list) f.allowedList = true;
  } else {
    if (v) f.alsoAccepts = v.values;
    const override = ALLOWED_OVERRIDES[entityId]?.[key];
    const prose = f.type === "bool" ? undefined : allowedValues(raw.longdesc, raw.shortdesc, raw.type);
    if (override) [f.allowed, f.allowedFrom] = [override, "override"];
    else if (prose) [f.allowed, f.allowedFrom] = [prose, "docs"];
  }
  if (raw.scope === "global" || raw.scope === "local") f.scope = raw.scope;
  const live = yesNo(raw.liveupdate);
  if (live !== undefined) f.liveUpdate = live;
  if (raw.condition && raw.condition !== "-") f.condition = raw.condition;
  const req = yesNo(raw.required);
  if (req !== undefined) f.required = req;
  const managed = yesNo(raw.managed);
  if (typeof managed === "boolean") f.managed = managed;
  return f;
}

/** Accept the metadata file or a live server's sync response wrapping it. */
export function readConfigs(json: unknown): RawConfigs {
  const j = json as { configs?: RawConfigs; metadata?: { configs?: RawConfigs } };
  const configs = j.configs ?? j.metadata?.configs;
  if (!configs) throw new Error("not a /1.0/metadata/configuration document (no configs)");
  return configs;
}

export function generate(
  sources: Record<CatalogVersion, RawConfigs>,
  notes: Record<string, Record<string, string>>,
  validators: Partial<Record<CatalogVersion, ValidatorIndex>>,
) {
  const entities = new Map<string, Map<string, KeyOut>>();
  const coverage: Record<string, string[]> = {};
  const warnings: string[] = [];

  for (const version of CATALOG_VERSIONS) {
    const configs = sources[version];
    const covered = new Set<string>();
    for (const entity of Object.keys(configs)) {
      for (const group of Object.keys(configs[entity])) {
        for (const ent of configs[entity][group].keys) {
          for (const [key, raw] of Object.entries(ent)) {
            for (const id of entityIds(entity, group)) {
              covered.add(id);
              let keys = entities.get(id);
              if (!keys) entities.set(id, (keys = new Map()));
              const f = facts(raw, id, key, validators[version]);
              const known = keys.get(key);
              if (!known) {
                keys.set(key, { key, group: entity === "kernel" ? "kernel-limits" : group, versions: [version], docs: docsPage(entity, group, id), ...f });
                continue;
              }
              if (known.versions.includes(version)) {
                warnings.push(`${version}: ${id} lists ${key} twice; keeping the first`);
                continue;
              }
              known.versions.push(version);
              // Record only what differs from the newer version's facts.
              const diff: Partial<KeyFacts> = {};
              for (const k of Object.keys({ ...f, ...pickFacts(known) }) as Array<keyof KeyFacts>) {
                if (JSON.stringify(f[k]) !== JSON.stringify(known[k])) (diff as Record<string, unknown>)[k] = f[k] ?? null;
              }
              if (Object.keys(diff).length) known.byVersion = { ...known.byVersion, [version]: diff };
            }
          }
        }
      }
    }
    coverage[version] = [...covered].sort();
  }

  for (const [id, byKey] of Object.entries(notes)) {
    if (id.startsWith("$")) continue;
    for (const [key, summary] of Object.entries(byKey)) {
      const k = entities.get(id)?.get(key);
      if (k) k.summary = summary;
      else warnings.push(`note for unknown key ${id} ${key}`);
    }
  }

  const sorted = [...entities.keys()].sort();
  return {
    out: {
      $comment:
        "Generated by tools/gen-catalog.ts from Incus's config metadata (GET /1.0/metadata/configuration) of 6.0.4, 7.3.0 and main@be7afc5, and the validators in the Incus source. Facts only; summaries are ours (config-key-notes.json); see the docs link for Incus's descriptions. `versions` lists the versions whose metadata lists the key; `coverage` says which entities each version's metadata covers at all (6.0.4's metadata is incomplete). `byVersion` holds facts that differ from the newest version listing the key. Do not edit.",
      versions: [...CATALOG_VERSIONS].reverse(),
      gitRefs: GIT_REFS,
      coverage,
      entities: Object.fromEntries(sorted.map((id) => [id, { keys: [...entities.get(id)!.values()].map(orderFields) }])),
    },
    warnings,
  };
}

function pickFacts(k: KeyOut): KeyFacts {
  const { key: _k, group: _g, versions: _v, docs: _d, summary: _s, byVersion: _b, ...f } = k;
  return f;
}

/** Stable field order in the output, whatever order facts were found in. */
function orderFields(k: KeyOut): KeyOut {
  const order: Array<keyof KeyOut> = ["key", "group", "type", "default", "defaultDescribed", "allowed", "allowedFrom", "allowedList", "alsoAccepts", "scope", "liveUpdate", "condition", "required", "managed", "versions", "docs", "summary", "byVersion"];
  const o: Record<string, unknown> = {};
  for (const f of order) if (k[f] !== undefined) o[f] = f === "versions" ? [...k.versions].sort() : k[f];
  return o as unknown as KeyOut;
}

function main() {
  const args = process.argv.slice(2);
  const root = path.join(__dirname, "../..");
  const sourceFiles: Record<CatalogVersion, string> = {
    "6.0": sharedMetadata("configuration-6.0.4.json"),
    "7.3": `git:${GIT_REFS["7.3"]}`,
    main: sharedMetadata("configuration-7.3.json"),
  };
  let repo = "/work/.mirror/lxc+incus/repo";
  let out = path.join(root, "server/src/incus/knowledge/config-catalog.json");
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--source") {
      const [v, file] = args[++i].split("=");
      if (!(CATALOG_VERSIONS as readonly string[]).includes(v)) throw new Error(`--source: version must be one of ${CATALOG_VERSIONS.join(", ")}`);
      sourceFiles[v as CatalogVersion] = file;
    } else if (args[i] === "--out") out = args[++i];
    else if (args[i] === "--repo") repo = args[++i];
    else throw new Error(`unknown argument ${args[i]}`);
  }
  const read = (src: string) =>
    src.startsWith("git:")
      ? execFileSync("git", ["-C", repo, "show", `${src.slice(4)}:internal/server/metadata/configuration.json`], { encoding: "utf8", maxBuffer: 64 << 20 })
      : readFileSync(src, "utf8");
  const sources = Object.fromEntries(CATALOG_VERSIONS.map((v) => [v, readConfigs(JSON.parse(read(sourceFiles[v])))])) as Record<CatalogVersion, RawConfigs>;
  const validators: Partial<Record<CatalogVersion, ValidatorIndex>> = {};
  if (existsSync(repo)) for (const v of CATALOG_VERSIONS) validators[v] = new ValidatorIndex(repo, GIT_REFS[v]);
  else console.warn(`warning: no Incus repository at ${repo}: allowed values come from the docs text only`);
  const notes = JSON.parse(readFileSync(path.join(root, "server/src/incus/knowledge/config-key-notes.json"), "utf8"));
  const { out: catalog, warnings } = generate(sources, notes, validators);
  for (const w of warnings) console.warn(`warning: ${w}`);
  writeFileSync(out, JSON.stringify(catalog, null, 1) + "\n");
  const count = Object.values(catalog.entities).reduce((n, e) => n + e.keys.length, 0);
  console.log(`wrote ${out}: ${Object.keys(catalog.entities).length} entities, ${count} keys`);
}

if (require.main === module) main();
