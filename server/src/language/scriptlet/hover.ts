// Hover: builtins (signature and our doc), attributes of Incus objects (type and owner),
// variables (inferred type), instance config keys inside request.config lookups.
import { apiTypes } from "../../incus/knowledge/api-types";
import { catalog } from "../../incus/knowledge/config-catalog";
import { builtin } from "../../incus/knowledge/scriptlets";
import { fromByteString } from "../../starlark/runtime/text";
import type { Analysis } from "./analysis";
import { rangeOf } from "./diagnostic";
import { nodePathAt } from "./node-at";
import { formatSignature } from "./signature";
import { formatType, fromTypeRef, objectType } from "./types";
import { configKeyLiteral, isInstanceConfig } from "./lint/config-key";

export interface Hover {
  markdown: string;
  range: ReturnType<typeof rangeOf>;
}

export function hover(a: Analysis, offset: number): Hover | undefined {
  return hoverNode(a, offset) ?? hoverWord(a, offset);
}

/** While a line does not parse, a builtin's name is still worth a hover. */
function hoverWord(a: Analysis, offset: number): Hover | undefined {
  let s = offset;
  let e = offset;
  while (s > 0 && /[A-Za-z0-9_]/.test(a.text[s - 1])) s--;
  while (e < a.text.length && /[A-Za-z0-9_]/.test(a.text[e])) e++;
  const word = a.text.slice(s, e);
  const b = word && a.predeclared.has(word) ? builtin(a.ctx.kind, word, a.ctx.version) : undefined;
  if (!b) return undefined;
  const notes = b.notes?.length ? `\n\n${b.notes.join("\n\n")}` : "";
  return { markdown: "```\n" + formatSignature(b) + "\n```\n" + b.doc + notes, range: { start: a.lines.positionAt(s), end: a.lines.positionAt(e) } };
}

function hoverNode(a: Analysis, offset: number): Hover | undefined {
  const path = nodePathAt(a.file, offset);
  const node = path[path.length - 1];
  const parent = path[path.length - 2];
  const scope = a.scopeAt(offset);
  const v = a.ctx.version;
  if (node.kind === "Ident") {
    if (parent?.kind === "DotExpr" && parent.name === node) {
      const owner = objectType(a.typeOf(parent.x, scope), v);
      const f = owner ? apiTypes(v).field(owner, node.name) : undefined;
      if (!owner || !f) return undefined;
      const ownerName = apiTypes(v).get(owner)?.starlarkName || owner;
      return { markdown: "```\n" + `${ownerName}.${f.name}: ${formatType(fromTypeRef(f.type), v)}` + "\n```", range: rangeOf(a, node) };
    }
    if (node.binding?.scope === "predeclared" || (!node.binding && a.predeclared.has(node.name))) {
      const b = builtin(a.ctx.kind, node.name, v);
      if (!b) return undefined;
      const notes = b.notes?.length ? `\n\n${b.notes.join("\n\n")}` : "";
      return { markdown: "```\n" + formatSignature(b) + "\n```\n" + b.doc + notes, range: rangeOf(a, node) };
    }
    const t = a.variableType(node.name, scope);
    if (t.k === "unknown") return undefined;
    return { markdown: "```\n" + `${node.name}: ${formatType(t, v)}` + "\n```", range: rangeOf(a, node) };
  }
  if (node.kind === "Literal" && node.token === "STRING" && parent) {
    const m = configKeyLiteral(parent as never);
    if (m && m.key === node && isInstanceConfig(a, m.config, scope)) {
      const key = fromByteString(node.value as string);
      const match = catalog.lookup("instance", key, v);
      if (!match) return undefined;
      const e = match.entry;
      const lines = [`**${e.key}** (${e.type}${e.default ? `, default \`${e.default}\`` : ""})`];
      if (e.summary) lines.push(e.summary);
      if (e.allowed) lines.push(`Values: ${e.allowed.map((x) => `\`${x}\``).join(", ")}`);
      lines.push(`[Incus documentation](${e.docs})`);
      return { markdown: lines.join("\n\n"), range: rangeOf(a, node) };
    }
  }
  return undefined;
}
