// Completion for scriptlets: member/group/project names inside the string arguments of the
// builtins, config keys inside `request.config["` / `.get("`, reason values, attributes
// after a typed value's `.`, and otherwise keywords, builtins and variables in scope.
import { apiTypes } from "../../incus/knowledge/api-types";
import { catalog } from "../../incus/knowledge/config-catalog";
import { builtins, placementReasons } from "../../incus/knowledge/scriptlets";
import { UNIVERSE_NAMES } from "../../starlark/resolve";
import { parseExpr } from "../../starlark/syntax";
import type { Analysis } from "./analysis";
import { callAt, receiverBeforeDot, stringAt } from "./text-context";
import { formatType, fromTypeRef, METHODS, objectType } from "./types";
import { formatSignature } from "./signature";

export type CompletionKind = "keyword" | "function" | "variable" | "field" | "method" | "value" | "constant" | "module";

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert when it differs from the label. */
  insertText?: string;
  sortText?: string;
}

const KEYWORDS = ["and", "break", "continue", "def", "elif", "else", "for", "if", "in", "lambda", "not", "or", "pass", "return"];

/** Builtin parameters whose string values are names from the cluster. */
const NAME_ARGS: Record<string, Record<string, "members" | "groups" | "projects">> = {
  set_target: { "0": "members", member_name: "members" },
  get_cluster_member_resources: { "0": "members", member_name: "members" },
  get_cluster_member_state: { "0": "members", member_name: "members" },
  get_instances: { "0": "projects", project: "projects", "1": "members", location: "members" },
  get_instances_count: { "0": "projects", project: "projects", "1": "members", location: "members" },
  get_cluster_members: { "0": "groups", group: "groups" },
  get_project: { "0": "projects", name: "projects" },
};

export function complete(a: Analysis, offset: number): CompletionItem[] {
  const text = a.text;
  const str = stringAt(text, offset);
  if (str) return completeInString(a, str.quoteOffset, str.before);
  const dot = receiverBeforeDot(text, offset);
  if (dot) return completeAttributes(a, offset, dot.receiver);
  return completeNames(a, offset);
}

/** `offset` is the opening quote's: the call around the string is read from there. */
function completeInString(a: Analysis, offset: number, before: string): CompletionItem[] {
  const names = a.ctx.cluster;
  // request.config["...  or  request.config.get("...
  if (/\.(config|expanded_config)\s*(\[\s*|\.get\(\s*)$/.test(before)) {
    return catalog.keys("instance", a.ctx.version)
      .filter((k) => !k.key.includes("*") && !k.key.includes("<"))
      .map((k) => ({ label: k.key, kind: "constant" as const, detail: k.type + (k.default ? ` (default ${k.default})` : ""), documentation: k.summary }))
      .concat([{ label: "user.", kind: "constant", detail: "your own keys", documentation: "Free-form keys start with user." }]);
  }
  if (/\.reason\s*(==|!=)\s*$/.test(before) || /\.reason\s+(not\s+)?in\s*[[(]\s*(["'][^"']*["']\s*,\s*)*$/.test(before)) {
    return placementReasons(a.ctx.version).map((r) => ({ label: r.value, kind: "value" as const, documentation: r.doc }));
  }
  const call = callAt(a.text, offset);
  if (call && names) {
    const slot = NAME_ARGS[call.callee]?.[call.keyword ?? String(call.argIndex)];
    if (slot) return names[slot].map((n) => ({ label: n, kind: "value" as const, detail: `${slot.slice(0, -1)} in ${names.source}` }));
  }
  // Comparisons such as `m.server_name == "` offer member names.
  if (names && /\.(server_name|location)\s*(==|!=)\s*$/.test(before)) {
    return names.members.map((n) => ({ label: n, kind: "value" as const, detail: `member in ${names.source}` }));
  }
  return [];
}

function completeAttributes(a: Analysis, offset: number, receiver: string): CompletionItem[] {
  const parsed = parseExpr("completion", receiver);
  if (!parsed.expr) return [];
  const scope = a.scopeAt(offset);
  const t = a.typeOf(parsed.expr, scope);
  const v = a.ctx.version;
  const obj = objectType(t, v);
  if (obj) {
    const type = apiTypes(v).get(obj);
    return (type?.fields ?? []).map((f, i) => ({
      label: f.name,
      kind: "field" as const,
      detail: formatType(fromTypeRef(f.type), v),
      documentation: `${type!.starlarkName || obj}.${f.name}`,
      sortText: String(i).padStart(4, "0"),
    }));
  }
  const methods = t.k === "str" ? METHODS.str : t.k === "list" ? METHODS.list : t.k === "dict" ? METHODS.dict : [];
  return methods.map((m) => ({ label: m, kind: "method" as const }));
}

function completeNames(a: Analysis, offset: number): CompletionItem[] {
  const items: CompletionItem[] = KEYWORDS.map((k) => ({ label: k, kind: "keyword" as const }));
  for (const b of builtins(a.ctx.kind, a.ctx.version)) {
    items.push({ label: b.name, kind: "function", detail: formatSignature(b), documentation: b.doc, sortText: `1${b.name}` });
  }
  for (const u of UNIVERSE_NAMES) items.push({ label: u, kind: u[0] === u[0].toUpperCase() ? "constant" : "function", sortText: `2${u}` });
  for (const [name, t] of a.variables(a.scopeAt(offset))) {
    items.push({ label: name, kind: "variable", detail: formatType(t, a.ctx.version), sortText: `0${name}` });
  }
  return items;
}
