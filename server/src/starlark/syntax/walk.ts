// Tree traversal, after go.starlark.net/syntax/walk.go: visits every node in pre-order
// (children in source order). The visitor returns false to skip a node's children.
import type * as ast from "./ast";

export type Visitor = (node: ast.Node) => boolean | void;

/** Calls `visit` for `node` and, unless it returns false, for each descendant. */
export function walk(node: ast.Node, visit: Visitor): void {
  if (visit(node) === false) return;
  for (const child of children(node)) walk(child, visit);
}

/** The direct children of a node, in the order walk.go visits them. */
export function children(n: ast.Node): ast.Node[] {
  const opt = (x: ast.Node | undefined): ast.Node[] => (x ? [x] : []);
  switch (n.kind) {
    case "File": return n.stmts;
    case "ExprStmt": return [n.x];
    case "BranchStmt": return [];
    case "IfStmt": return [n.cond, ...n.trueBody, ...n.falseBody];
    case "AssignStmt": return [n.lhs, n.rhs];
    case "DefStmt": return [n.name, ...n.params, ...n.body];
    case "ForStmt": return [n.vars, n.x, ...n.body];
    case "WhileStmt": return [n.cond, ...n.body];
    case "ReturnStmt": return opt(n.result);
    // walk.go visits all the From idents, then all the To idents; for the quoted form
    // `load("m", "x")` both lists hold the same Ident object.
    case "LoadStmt": return [n.module, ...n.from, ...n.to];
    case "Ident": case "Literal": case "BadExpr": return [];
    case "ListExpr": return n.list;
    case "ParenExpr": return [n.x];
    case "CondExpr": return [n.cond, n.trueX, n.falseX];
    case "IndexExpr": return [n.x, n.y];
    case "DictEntry": return [n.key, n.value];
    case "SliceExpr": return [n.x, ...opt(n.lo), ...opt(n.hi), ...opt(n.step)];
    case "Comprehension": return [n.body, ...n.clauses];
    case "IfClause": return [n.cond];
    case "ForClause": return [n.vars, n.x];
    case "TupleExpr": return n.list;
    case "DictExpr": return n.list;
    case "UnaryExpr": return opt(n.x);
    case "BinaryExpr": return [n.x, n.y];
    case "DotExpr": return [n.x, n.name];
    case "CallExpr": return [n.fn, ...n.args];
    case "LambdaExpr": return [...n.params, n.body];
  }
}
