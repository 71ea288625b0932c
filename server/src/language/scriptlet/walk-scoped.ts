// Walks a file keeping track of the enclosing function, so rules can ask "is this call at
// top level?" or "which scope types this expression?".
import type { DefStmt, LambdaExpr, Node } from "../../starlark/syntax/ast";
import { children } from "../../starlark/syntax/walk";
import type { Analysis, Scope } from "./analysis";

export function walkScoped(a: Analysis, visit: (node: Node, scope: Scope) => void): void {
  const go = (n: Node, scope: Scope) => {
    visit(n, scope);
    const inner = n.kind === "DefStmt" || n.kind === "LambdaExpr" ? (n as DefStmt | LambdaExpr) : scope;
    for (const c of children(n)) go(c, inner);
  };
  go(a.file, a.file);
}
