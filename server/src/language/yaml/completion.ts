// Completion in Incus YAML: keys of the object under the cursor (config keys of its entity,
// device keys of the device's type, top-level fields), values (enums, booleans, device and nic
// types, pool names from the file and the active cluster, cluster groups), and inside an embedded
// scriptlet the scriptlet language service's completion.
import { isMap } from "yaml";
import { catalog } from "../../incus/knowledge/config-catalog";
import { complete } from "../scriptlet/completion";
import type { CompletionItem } from "../scriptlet/completion";
import type { YamlContext } from "./context";
import { DEVICE_TYPES, entityOfDevice, GPU_TYPES, NIC_TYPES } from "./devices";
import { YamlAnalysis } from "./analysis";
import { scriptletAt } from "./embedded";
import { INSTANCE_TYPES, NETWORK_TYPES, OBJECT_FIELDS, POOL_DRIVERS, PRESEED_ITEM_FIELDS } from "./fields";
import { concreteKeys } from "./knowledge";
import type { Layout, Owner } from "./layout";
import { entries, mapOf } from "./source";
import { cursorPath, type CursorPath } from "./text-path";

export function yamlCompletion(fileName: string, text: string, offset: number, ctx: YamlContext): CompletionItem[] {
  const a = YamlAnalysis.of(fileName, text, ctx);
  return a ? completionIn(a, offset) : [];
}

/** Completion at `offset` of an analysed buffer. */
export function completionIn(a: YamlAnalysis, offset: number): CompletionItem[] {
  try {
    if (!a.layout) return [];
    const inScriptlet = scriptletAt(a.scriptlets(), offset);
    if (inScriptlet) return complete(inScriptlet.e.analysis, inScriptlet.valueOffset);
    const cur = cursorPath(a.text, offset);
    return completeAt(a.layout, cur, a.ctx);
  } catch {
    return [];
  }
}

function ownerFor(layout: Layout, path: (string | number)[]): { owner?: Owner; rest: (string | number)[] } {
  let best: Owner | undefined;
  for (const o of layout.owners) {
    if (o.path.length <= path.length && o.path.every((p, i) => p === path[i]) && (!best || o.path.length > best.path.length)) best = o;
  }
  return { owner: best, rest: best ? path.slice(best.path.length) : path };
}

const PRESEED_LISTS: Record<string, keyof typeof PRESEED_ITEM_FIELDS> = {
  networks: "network", storage_pools: "storage-pool", storage_volumes: "storage-volume", profiles: "profile", projects: "project",
};

function completeAt(layout: Layout, cur: CursorPath, ctx: YamlContext): CompletionItem[] {
  const { owner, rest } = ownerFor(layout, cur.path);
  const preseed = layout.entity === "preseed";
  if (preseed && cur.path[0] === "cluster") return cur.mode === "key" && cur.path.length === 1 ? fields(OBJECT_FIELDS.cluster) : [];
  // A preseed list item the layout does not have yet (being typed).
  const list = preseed && typeof cur.path[0] === "string" ? PRESEED_LISTS[cur.path[0]] : undefined;
  if (list && (!owner || owner.path.length === 0)) {
    return cur.mode === "key" && cur.path.length === 2 ? fields(PRESEED_ITEM_FIELDS[list] ?? []) : [];
  }
  if (!owner) {
    // An empty document: its top-level fields.
    return cur.mode === "key" && cur.path.length === 0 ? fields(preseed ? OBJECT_FIELDS.preseed : OBJECT_FIELDS[layout.entity as keyof typeof OBJECT_FIELDS] ?? []) : [];
  }
  if (rest.length === 0) {
    if (cur.mode === "key") {
      const names = !preseed ? OBJECT_FIELDS[owner.kind] : owner.path.length === 0 ? OBJECT_FIELDS.preseed : PRESEED_ITEM_FIELDS[owner.kind] ?? [];
      return fields(names, owner);
    }
    return topLevelValues(owner, cur.key!, layout);
  }
  if (rest[0] === "config" && rest.length === 1) {
    return cur.mode === "key" ? configKeys(owner.entity, owner.config, ctx) : configValues(owner, owner.entity, cur, layout, ctx);
  }
  if (rest[0] === "devices" && rest.length === 2 && typeof rest[1] === "string") {
    const dev = mapOf(owner.devices, rest[1]);
    const config: Record<string, string> = {};
    for (const e of entries(dev)) if (e.value !== undefined) config[e.key] = e.value;
    if (cur.mode === "key") {
      if (!config.type) return [{ label: "type", kind: "field", insertText: "type: ", detail: "device type", sortText: "0" }];
      // nictype/gputype choose the device's kind: offered while unset (not catalog keys).
      const selector = config.type === "nic" && !config.nictype ? "nictype" : config.type === "gpu" && !config.gputype ? "gputype" : undefined;
      const extra: CompletionItem[] = selector ? [{ label: selector, kind: "field", insertText: `${selector}: `, detail: `${config.type} kind`, sortText: "0" }] : [];
      return [...extra, ...configKeys(entityOfDevice(config), dev, ctx, new Set(["type"]))];
    }
    return deviceValues(cur.key!, config, layout, ctx);
  }
  return [];
}

function fields(names: string[], owner?: Owner): CompletionItem[] {
  const present = new Set(owner ? entries(owner.node).map((e) => e.key) : []);
  return names.filter((n) => !present.has(n)).map((n) => ({ label: n, kind: "field" as const, insertText: `${n}: ` }));
}

function configKeys(entity: string, map: Owner["config"], ctx: YamlContext, skip: Set<string> = new Set()): CompletionItem[] {
  const present = new Set(isMap(map) ? entries(map).map((e) => e.key) : []);
  return concreteKeys(entity, ctx.version)
    .filter((k) => !present.has(k.key) && !skip.has(k.key))
    .map((k) => ({
      label: k.key, kind: "field" as const, insertText: `${k.key}: `,
      detail: k.type + (k.default ? ` (default ${k.default})` : ""),
      documentation: k.summary,
      sortText: (k.summary ? "0" : "1") + k.key,
    }));
}

function values(list: string[], detail?: string): CompletionItem[] {
  return list.map((v) => ({ label: v, kind: "value" as const, detail, insertText: /^(true|false|yes|no|on|off|[0-9].*)$/i.test(v) ? `"${v}"` : v }));
}

function configValues(owner: Owner, entity: string, cur: CursorPath, layout: Layout, ctx: YamlContext): CompletionItem[] {
  const key = cur.key!;
  if (owner.kind === "project" && key === "restricted.cluster.groups") {
    const groups = ["default", ...(ctx.cluster?.snapshot.groups ?? []).map((g) => g.name).filter((g) => g !== "default")];
    return values(groups, "cluster group");
  }
  const hit = catalog.lookup(entity, key, ctx.version);
  if (!hit) return [];
  if (hit.entry.type === "bool") return values(["true", "false"], "boolean");
  if (hit.entry.allowed?.length) return values([...hit.entry.allowed, ...(hit.entry.alsoAccepts ?? [])], key);
  return [];
}

function deviceValues(key: string, config: Record<string, string>, layout: Layout, ctx: YamlContext): CompletionItem[] {
  if (key === "type") return values(DEVICE_TYPES, "device type");
  if (key === "nictype") return values(NIC_TYPES, "NIC type");
  if (key === "gputype") return values(GPU_TYPES, "GPU type");
  if (key === "pool") return [...layout.pools].map(([name, p]) => ({ label: name, kind: "value" as const, detail: `${p.driver} pool (${p.from === "file" ? "this file" : "active cluster"})` }));
  const hit = config.type ? catalog.lookup(entityOfDevice(config), key, ctx.version) : undefined;
  if (!hit) return [];
  if (hit.entry.type === "bool") return values(["true", "false"], "boolean");
  return hit.entry.allowed?.length ? values(hit.entry.allowed, key) : [];
}

function topLevelValues(owner: Owner, key: string, layout: Layout): CompletionItem[] {
  if (owner.kind === "instance" && key === "type") return values(INSTANCE_TYPES, "instance type");
  if (owner.kind === "storage-pool" && key === "driver") return values(POOL_DRIVERS, "storage driver");
  if (owner.kind === "network" && key === "type") return values(NETWORK_TYPES, "network type");
  if (owner.kind === "storage-volume" && key === "pool") return values([...layout.pools.keys()], "storage pool");
  if (key === "ephemeral" || key === "stateful") return values(["true", "false"], "boolean");
  return [];
}
