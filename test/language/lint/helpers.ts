// Run one lint rule directly on a scriptlet text (no LSP, no other rule).
import { Analysis } from "../../../server/src/language/scriptlet/analysis";
import type { ScriptletContext } from "../../../server/src/language/scriptlet/context";
import type { Diagnostic } from "../../../server/src/language/scriptlet/diagnostic";

export const CLUSTER = { source: "test", members: ["node1", "node2", "node3"], groups: ["default", "gpu"], projects: ["default"] };

export function lint(rule: (a: Analysis) => Diagnostic[], text: string, ctx: Partial<ScriptletContext> = {}): Diagnostic[] {
  const full: ScriptletContext = { kind: "placement", version: "6.0.4", ...ctx };
  return rule(new Analysis("t.placement.star", text, full));
}

/** A placement scriptlet with `body` (indented by the caller) as the entry function's body. */
export function placement(body: string, extra = ""): string {
  return `${extra}def instance_placement(request, candidate_members):\n${body}`;
}
