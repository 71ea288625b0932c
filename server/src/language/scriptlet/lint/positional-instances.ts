// get_instances / get_instances_count take `project` first, then `location` — Incus's docs
// list location first, so positional calls often filter on the wrong thing. Keywords are safe.
import { builtin } from "../../../incus/knowledge/scriptlets";
import type { Stmt } from "../../../starlark/syntax/ast";
import type { Analysis } from "../analysis";
import { rangeOf, type Diagnostic } from "../diagnostic";
import { nodesOfKind } from "../walk-scoped";

const NAMES = new Set(["get_instances", "get_instances_count"]);

export function positionalInstances(a: Analysis, stmts: readonly Stmt[] = a.file.stmts): Diagnostic[] {
  if (a.ctx.kind !== "placement") return [];
  const out: Diagnostic[] = [];
  const itemsCallExpr = nodesOfKind(a, "CallExpr", stmts);
  for (let k = 0; k < itemsCallExpr.length; k++) {
    const { node: n } = itemsCallExpr[k];
    if (n.fn.kind !== "Ident" || !NAMES.has(n.fn.name)) continue;
    if (n.fn.binding && n.fn.binding.scope !== "predeclared") continue;
    const positional = n.args.filter((x) => !(x.kind === "BinaryExpr" && x.op === "=") && x.kind !== "UnaryExpr");
    if (!positional.length) continue;
    const params = builtin("placement", n.fn.name, a.ctx.version)?.params.map((p) => p.name) ?? ["project", "location", "pending"];
    const edits = positional.slice(0, params.length).map((arg, i) => ({
      range: { start: a.lines.fromEngine(arg.start), end: a.lines.fromEngine(arg.start) },
      newText: `${params[i]}=`,
    }));
    out.push({
      range: rangeOf(a, n),
      severity: "warning",
      code: "positional-instance-filter",
      message: `${n.fn.name} takes (${params.join(", ")}) in that order — the first positional argument is the PROJECT, not the member; use keywords (${params.slice(0, positional.length).map((p) => `${p}=`).join(", ")})`,
      fixes: [{ title: "Use keyword arguments", edits }],
    });
  }
  return out;
}
