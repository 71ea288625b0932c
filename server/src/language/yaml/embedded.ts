// Scriptlets written inside the YAML (instances.placement.scriptlet and authorization.scriptlet
// in server config, raw.qemu.scriptlet in an instance or profile): found, analysed with the
// scriptlet language service, and positioned through the block scalar's indentation.
import { isScalar, type Scalar } from "yaml";
import { kindForConfigKey, scriptletKind } from "../../incus/knowledge/scriptlets";
import { Analysis } from "../scriptlet/analysis";
import type { ClusterNames } from "../scriptlet/context";
import type { Diagnostic } from "../scriptlet/diagnostic";
import type { YamlContext } from "./context";
import type { Layout } from "./layout";
import { scalarMap, type ScalarMap } from "./scalar-map";
import { entries, type YamlSource } from "./source";

export interface EmbeddedScriptlet {
  key: string;
  node: Scalar;
  map: ScalarMap;
  analysis: Analysis;
}

export function embeddedScriptlets(src: YamlSource, layout: Layout, ctx: YamlContext, uri: string): EmbeddedScriptlet[] {
  const out: EmbeddedScriptlet[] = [];
  for (const owner of layout.owners) {
    for (const { key, value, pair } of entries(owner.config)) {
      const kind = kindForConfigKey(key);
      if (!kind || !value || !isScalar(pair.value)) continue;
      const entity = scriptletKind(kind, ctx.version).configKey.entity;
      const fits = entity === "server" ? owner.kind === "server" : owner.kind === "instance" || owner.kind === "profile";
      if (!fits) continue;
      const map = scalarMap(src, pair.value as Scalar);
      const analysis = new Analysis(`${uri}#${key}`, map.value, { kind, version: ctx.version, cluster: clusterNames(ctx) });
      out.push({ key, node: pair.value as Scalar, map, analysis });
    }
  }
  return out;
}

export function clusterNames(ctx: YamlContext): ClusterNames | undefined {
  const s = ctx.cluster?.snapshot;
  if (!s) return undefined;
  return {
    source: "the active cluster",
    members: s.members.map((m) => m.server_name),
    groups: s.groups.map((g) => g.name),
    projects: s.projects.map((p) => p.name),
  };
}

/** A scriptlet diagnostic placed in the YAML text. */
export function mapDiagnostic(src: YamlSource, e: EmbeddedScriptlet, d: Diagnostic): Diagnostic {
  const range = mapRange(src, e, d.range);
  const fixes = e.map.exact
    ? d.fixes?.map((f) => ({ title: f.title, edits: f.edits.map((ed) => ({ range: mapRange(src, e, ed.range), newText: reindent(src, e, ed.newText) })) }))
    : undefined;
  const out: Diagnostic = { ...d, range, message: e.map.exact ? d.message : `${e.key}: ${d.message}` };
  if (fixes) out.fixes = fixes;
  else delete out.fixes;
  return out;
}

export function mapRange(src: YamlSource, e: EmbeddedScriptlet, r: Diagnostic["range"]): Diagnostic["range"] {
  if (!e.map.exact) return src.nodeRange(e.node);
  const s = e.map.toSource(e.analysis.lines.offsetAt(r.start));
  const t = e.map.toSource(e.analysis.lines.offsetAt(r.end));
  return src.range(s, t);
}

/** Text inserted into a block scalar continues at the block's indentation. */
function reindent(src: YamlSource, e: EmbeddedScriptlet, text: string): string {
  if (!text.includes("\n") || e.node.type !== "BLOCK_LITERAL") return text;
  const firstLine = e.map.toSource(0);
  const ls = src.text.lastIndexOf("\n", firstLine - 1) + 1;
  const indent = " ".repeat(firstLine - ls);
  return text.replace(/\n/g, "\n" + indent);
}

/** The embedded scriptlet whose value contains a source offset. */
export function scriptletAt(list: EmbeddedScriptlet[], offset: number): { e: EmbeddedScriptlet; valueOffset: number } | undefined {
  for (const e of list) {
    const [start, , end] = e.node.range ?? [0, 0, 0];
    if (offset < start || offset > end) continue;
    const v = e.map.fromSource(offset);
    if (v !== undefined && e.map.exact) return { e, valueOffset: v };
  }
  return undefined;
}
