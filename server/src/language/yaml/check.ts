// What every rule receives: the parsed buffer, its layout and the context, plus a helper to
// make a diagnostic on a node.
import type { Node } from "yaml";
import type { Diagnostic, QuickFix } from "../scriptlet/diagnostic";
import type { YamlContext } from "./context";
import type { Layout } from "./layout";
import type { YamlSource } from "./source";

export interface CheckInput {
  src: YamlSource;
  layout: Layout;
  ctx: YamlContext;
}

export type Rule = (input: CheckInput) => Diagnostic[];

export function diag(
  src: YamlSource, node: Node | null | undefined, severity: Diagnostic["severity"], code: string, message: string, fixes?: QuickFix[],
): Diagnostic {
  const d: Diagnostic = { range: src.nodeRange(node), severity, code, message };
  if (fixes?.length) d.fixes = fixes;
  return d;
}

/** A fix replacing a scalar node's text. */
export function replaceFix(src: YamlSource, node: Node | null | undefined, title: string, newText: string): QuickFix {
  return { title, edits: [{ range: src.nodeRange(node), newText }] };
}
