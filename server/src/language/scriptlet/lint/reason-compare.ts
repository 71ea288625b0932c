// `request.reason == "x"` where x is not a reason this Incus version passes: the branch
// never runs.
import { placementReasons } from "../../../incus/knowledge/scriptlets";
import { fromByteString } from "../../../starlark/runtime/text";
import type { Expr, Stmt } from "../../../starlark/syntax/ast";
import type { Analysis, Scope } from "../analysis";
import { rangeOf, type Diagnostic } from "../diagnostic";
import { nodesOfKind } from "../walk-scoped";

export function isReason(a: Analysis, e: Expr, scope: Scope): boolean {
  if (e.kind !== "DotExpr" || e.name.name !== "reason") return false;
  const t = a.typeOf(e.x, scope);
  return t.k === "object" && t.type === "InstancePlacement";
}

export function reasonCompare(a: Analysis, stmts: readonly Stmt[] = a.file.stmts): Diagnostic[] {
  if (a.ctx.kind !== "placement") return [];
  const reasons = placementReasons(a.ctx.version).map((r) => r.value);
  const out: Diagnostic[] = [];
  const itemsBinaryExpr = nodesOfKind(a, "BinaryExpr", stmts);
  for (let k = 0; k < itemsBinaryExpr.length; k++) {
    const { node: n, scope } = itemsBinaryExpr[k];
    if (!["==", "!=", "in", "not in"].includes(n.op)) continue;
    const pairs: [Expr, Expr][] = [[n.x, n.y], [n.y, n.x]];
    for (const [side, other] of pairs) {
      if (!isReason(a, side, scope)) continue;
      const literals = other.kind === "Literal" ? [other] : other.kind === "ListExpr" || other.kind === "TupleExpr" ? other.list : [];
      for (const lit of literals) {
        if (lit.kind !== "Literal" || lit.token !== "STRING") continue;
        const value = fromByteString(lit.value as string);
        if (reasons.includes(value)) continue;
        out.push({
          range: rangeOf(a, lit),
          severity: "warning",
          code: "unknown-reason",
          message: `request.reason is never "${value}" on Incus ${a.ctx.version}: it is one of ${reasons.map((r) => `"${r}"`).join(", ")}`,
        });
      }
    }
  }
  return out;
}
