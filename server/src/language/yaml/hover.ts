// Hover on a config or device key (or its value): type, default, allowed values, scope, our
// summary or the live server's description, the docs link; what cluster.evacuate=auto will do
// for this instance; a disk pool's driver and whether it is shared; inside an embedded scriptlet
// the scriptlet hover.
import type { Node, Pair, Scalar } from "yaml";
import { catalog, type ConfigKeyMatch } from "../../incus/knowledge/config-catalog";
import { poolKind } from "../../incus/snapshot/pool-kind";
import { hover as scriptletHover } from "../scriptlet/hover";
import type { YamlContext } from "./context";
import { devicesOf, entityOfDevice } from "./devices";
import { YamlAnalysis } from "./analysis";
import { mapRange, scriptletAt } from "./embedded";
import { autoEvacuation, describeOutcome } from "./evacuation";
import { catalogName, entityLabel } from "./knowledge";
import type { Layout, Owner } from "./layout";
import { entries, YamlSource, type Range } from "./source";

export interface YamlHover {
  markdown: string;
  range: Range;
}

export function yamlHover(fileName: string, text: string, offset: number, ctx: YamlContext): YamlHover | undefined {
  const a = YamlAnalysis.of(fileName, text, ctx);
  return a ? hoverIn(a, offset) : undefined;
}

/** Hover at `offset` of an analysed buffer. */
export function hoverIn(a: YamlAnalysis, offset: number): YamlHover | undefined {
  try {
    if (!a.layout) return undefined;
    const inScriptlet = scriptletAt(a.scriptlets(), offset);
    if (inScriptlet) {
      const h = scriptletHover(inScriptlet.e.analysis, inScriptlet.valueOffset);
      if (h) return { markdown: h.markdown, range: mapRange(a.src, inScriptlet.e, h.range) };
    }
    return hoverPair(a.src, a.layout, offset, a.ctx);
  } catch {
    return undefined;
  }
}

function within(node: Node | null | undefined, offset: number): boolean {
  const r = node?.range;
  return !!r && offset >= r[0] && offset <= r[1];
}

function hoverPair(src: YamlSource, layout: Layout, offset: number, ctx: YamlContext): YamlHover | undefined {
  for (const owner of layout.owners) {
    for (const { key, pair } of entries(owner.config)) {
      if (!within(pair.key as Node, offset) && !within(pair.value as Node, offset)) continue;
      const hit = catalog.lookup(owner.entity, catalogName(key), ctx.version);
      let md = hit ? describeKey(hit, ctx) : `**${key}** — not a known key of ${entityLabel(owner.entity)}.`;
      if (key === "cluster.evacuate" || (key === "migration.stateful" && owner.kind === "instance")) md += evacuationNote(owner, layout, ctx.version);
      return { markdown: md, range: rangeOfHovered(src, pair, offset) };
    }
    for (const dev of devicesOf(owner.devices)) {
      for (const { key, value, pair } of entries(dev.map)) {
        if (!within(pair.key as Node, offset) && !within(pair.value as Node, offset)) continue;
        if (key === "type") return { markdown: `**type** — device type \`${value}\` of device \`${dev.name}\`.`, range: rangeOfHovered(src, pair, offset) };
        const hit = dev.config.type ? catalog.lookup(entityOfDevice(dev.config), key, ctx.version) : undefined;
        let md = hit ? describeKey(hit, ctx) : `**${key}**`;
        if (key === "pool" && value) md += poolNote(value, layout);
        return { markdown: md, range: rangeOfHovered(src, pair, offset) };
      }
    }
  }
  return undefined;
}

function rangeOfHovered(src: YamlSource, pair: Pair, offset: number): Range {
  return within(pair.key as Node, offset) ? src.nodeRange(pair.key as Scalar) : src.nodeRange(pair.value as Scalar);
}

export function describeKey(hit: ConfigKeyMatch, ctx: YamlContext): string {
  const e = hit.entry;
  const lines: string[] = [];
  const facts = [`\`${e.type}\``];
  if (e.default !== undefined && e.default !== "") facts.push(`default \`${e.default}\``);
  else if (e.defaultDescribed) facts.push("default depends on context");
  if (e.scope) facts.push(e.scope === "local" ? "member-specific" : "cluster-wide");
  if (e.liveUpdate !== undefined) facts.push(e.liveUpdate === true ? "live update" : e.liveUpdate === "containers" ? "live update (containers)" : "applies at next start");
  if (e.condition) facts.push(e.condition);
  lines.push(`**${hit.key}** (${entityLabel(hit.entity)}) — ${facts.join(" · ")}`);
  const live = ctx.liveDescriptions?.(hit.entity, e.key);
  if (live) lines.push("", live);
  else if (e.summary) lines.push("", e.summary);
  if (e.allowed?.length) lines.push("", `Values: ${[...e.allowed, ...(e.alsoAccepts ?? [])].map((v) => `\`${v}\``).join(", ")}`);
  if (e.type === "bool") lines.push("", "Incus reads `true`/`yes`/`on`/`1` and `false`/`no`/`off`/`0` (any case).");
  if (hit.listed === false) lines.push("", `Not listed by Incus ${ctx.version}.`);
  lines.push("", `[Incus documentation](${e.docs})`);
  return lines.join("\n");
}

function evacuationNote(owner: Owner, layout: Layout, version: string): string {
  if (owner.kind !== "instance" && owner.kind !== "profile") return "";
  const config = Object.fromEntries(entries(owner.config).map((e) => [e.key, e.value]));
  const mode = config["cluster.evacuate"] || "auto";
  if (mode !== "auto") return "";
  return "\n\n" + describeOutcome(autoEvacuation(devicesOf(owner.devices), layout.pools, config, owner.instanceType, version));
}

function poolNote(pool: string, layout: Layout): string {
  const p = layout.pools.get(pool);
  if (!p) return `\n\nPool \`${pool}\` is not known here (not in this file${layout.pools.size ? " nor the active cluster" : ""}).`;
  const kind = poolKind(p.driver);
  return `\n\nPool \`${pool}\`: driver \`${p.driver}\` (${kind === "remote" ? "shared across members" : kind === "local" ? "local to each member" : "unknown kind"}), from ${p.from === "file" ? "this file" : "the active cluster"}.`;
}
