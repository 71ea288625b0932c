// Generates server/src/incus/knowledge/config-catalog.json: every Incus config key (or key
// pattern) per entity, with the FACTS Incus's metadata states (type, default, allowed values, scope,
// live update, condition, which versions list it) plus a docs link and, for the keys people use
// most, our own one-line description (config-key-notes.json). Incus's own descriptions are NOT
// copied: they are only mined for backticked allowed values and literal defaults.
//
// Run through the one generator command: `npm run gen:incus -- --repo DIR` (tools/gen-incus.ts),
// which reads internal/server/metadata/configuration.json (the file a live server returns from
// `GET /1.0/metadata/configuration`) at every release's git revision. One base catalog: each key
// once, with `versions` (a range over the manifest's releases) and `byVersion` (range -> facts that
// differ from the newest release listing the key).
// Allowed values are taken, in order of preference, from the validators in the Incus source at each
// version's git revision (gen-catalog-validators.ts), a small override table, then the metadata prose.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { compactRange } from "../server/src/incus/knowledge/version-range";
import { allowedValues, literalDefault } from "./gen-catalog-values";
import { ValidatorIndex } from "./gen-catalog-validators";

/** A release to read: its id in the manifest and its git revision. */
export interface CatalogRelease {
  version: string;
  ref: string;
}

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
  versions: string[];
  docs: string;
  summary?: string;
  /** Facts that differ in an older version. */
  byVersion?: Record<string, Partial<KeyFacts>>;
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
  sources: Array<CatalogRelease & { configs: RawConfigs; validators?: ValidatorIndex }>,
  notes: Record<string, Record<string, string>>,
) {
  const all = sources.map((r) => r.version); // oldest first
  const entities = new Map<string, Map<string, KeyOut>>();
  const covered = new Map<string, Set<string>>(); // entity -> versions whose metadata covers it
  const diffs = new Map<KeyOut, Map<string, string>>(); // key -> version -> JSON of its differences
  const warnings: string[] = [];

  for (const { version, configs, validators } of [...sources].reverse()) { // newest first: its facts are the base
    for (const entity of Object.keys(configs)) {
      for (const group of Object.keys(configs[entity])) {
        for (const ent of configs[entity][group].keys) {
          for (const [key, raw] of Object.entries(ent)) {
            for (const id of entityIds(entity, group)) {
              if (!covered.has(id)) covered.set(id, new Set());
              covered.get(id)!.add(version);
              let keys = entities.get(id);
              if (!keys) entities.set(id, (keys = new Map()));
              const f = facts(raw, id, key, validators);
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
              // Record only what differs from the newest release's facts.
              const diff: Partial<KeyFacts> = {};
              for (const k of Object.keys({ ...f, ...pickFacts(known) }) as Array<keyof KeyFacts>) {
                if (JSON.stringify(f[k]) !== JSON.stringify(known[k])) (diff as Record<string, unknown>)[k] = f[k] ?? null;
              }
              if (Object.keys(diff).length) {
                if (!diffs.has(known)) diffs.set(known, new Map());
                diffs.get(known)!.set(version, JSON.stringify(diff));
              }
            }
          }
        }
      }
    }
  }

  // Releases with the same differences share one range key.
  for (const [k, byVersion] of diffs) {
    const groups = new Map<string, string[]>();
    for (const [v, d] of byVersion) groups.set(d, [...(groups.get(d) ?? []), v]);
    k.byVersion = Object.fromEntries([...groups].map(([d, vs]) => [compactRange(all, vs), JSON.parse(d)]));
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
  const withRange = (k: KeyOut) => ({ ...orderFields(k), versions: compactRange(all, k.versions) });
  return {
    out: {
      $comment:
        "Generated by `npm run gen:incus` (tools/gen-catalog.ts) from Incus's config metadata (internal/server/metadata/configuration.json, what GET /1.0/metadata/configuration returns) of every release in releases.json, and the validators in the Incus source. Facts only; summaries are ours (config-key-notes.json); see the docs link for Incus's descriptions. Version ranges are over releases.json's order: `versions` = the releases whose metadata lists the key; `coverage` = which releases' metadata covers an entity at all (early 6.0.x metadata is incomplete); `byVersion` = facts that differ from the newest release listing the key. Do not edit.",
      releases: all,
      coverage: Object.fromEntries([...covered.keys()].sort().map((id) => [id, compactRange(all, covered.get(id)!)])),
      entities: Object.fromEntries(sorted.map((id) => [id, { keys: [...entities.get(id)!.values()].map(withRange) }])),
    },
    warnings,
  };
}

/** Read every release's metadata and validators from the Incus repository and build the catalog. */
export function generateCatalogFromRepo(repo: string, releases: CatalogRelease[], notesFile: string) {
  const read = (ref: string) =>
    execFileSync("git", ["-C", repo, "show", `${ref}:internal/server/metadata/configuration.json`], { encoding: "utf8", maxBuffer: 64 << 20 });
  const sources = releases.map((r) => ({ ...r, configs: readConfigs(JSON.parse(read(r.ref))), validators: new ValidatorIndex(repo, r.ref) }));
  const notes = JSON.parse(readFileSync(notesFile, "utf8"));
  return generate(sources, notes);
}

function pickFacts(k: KeyOut): KeyFacts {
  const { key: _k, group: _g, versions: _v, docs: _d, summary: _s, byVersion: _b, ...f } = k;
  return f;
}
/** Stable field order in the output, whatever order facts were found in. */
function orderFields(k: KeyOut): KeyOut {
  const order: Array<keyof KeyOut> = ["key", "group", "type", "default", "defaultDescribed", "allowed", "allowedFrom", "allowedList", "alsoAccepts", "scope", "liveUpdate", "condition", "required", "managed", "versions", "docs", "summary", "byVersion"];
  const o: Record<string, unknown> = {};
  for (const f of order) if (k[f] !== undefined) o[f] = k[f];
  return o as unknown as KeyOut;
}
