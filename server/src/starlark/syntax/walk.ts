// Tree traversal, after go.starlark.net/syntax/walk.go: visits every node in pre-order
// (children in source order). The visitor returns false to skip a node's children.
import type * as ast from "./ast";

export type Visitor = (node: ast.Node) => boolean | void;

/** Calls `visit` for `node` and, unless it returns false, for each descendant. Iterative
 *  (an explicit stack): trees nest as deep as the input does, far deeper than JS recursion
 *  allows (e.g. a 12,000-term `1 + 1 + ...` chain is a left spine 12,000 deep). */
export function walk(node: ast.Node, visit: Visitor): void {
  const stack: ast.Node[] = [node];
  const kids: ast.Node[] = [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    forEachChild(n, pushChild, kids);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    kids.length = 0;
  }
}

function pushChild(child: ast.Node, list: ast.Node[]): void {
  list.push(child);
}

/** The direct children of `n`, in order, appended to `out` (no per-call allocation). */
export function collectChildren(n: ast.Node, out: ast.Node[]): void {
  forEachChild(n, pushChild, out);
}

function eachOf<T>(list: readonly ast.Node[], f: (child: ast.Node, arg: T) => void, arg: T): void {
  for (let i = 0; i < list.length; i++) f(list[i], arg);
}

/** Calls `f(child, arg)` for each direct child of `n`, in the order of `children(n)`,
 *  without allocating. */
export function forEachChild<T>(n: ast.Node, f: (child: ast.Node, arg: T) => void, arg: T): void {
  switch (n.kind) {
    case "File": eachOf(n.stmts, f, arg); return;
    case "ExprStmt": f(n.x, arg); return;
    case "BranchStmt": return;
    case "IfStmt": f(n.cond, arg); eachOf(n.trueBody, f, arg); eachOf(n.falseBody, f, arg); return;
    case "AssignStmt": f(n.lhs, arg); f(n.rhs, arg); return;
    case "DefStmt": f(n.name, arg); eachOf(n.params, f, arg); eachOf(n.body, f, arg); return;
    case "ForStmt": f(n.vars, arg); f(n.x, arg); eachOf(n.body, f, arg); return;
    case "WhileStmt": f(n.cond, arg); eachOf(n.body, f, arg); return;
    case "ReturnStmt": if (n.result) f(n.result, arg); return;
    case "LoadStmt": f(n.module, arg); eachOf(n.from, f, arg); eachOf(n.to, f, arg); return;
    case "Ident": case "Literal": case "BadExpr": return;
    case "ListExpr": eachOf(n.list, f, arg); return;
    case "ParenExpr": f(n.x, arg); return;
    case "CondExpr": f(n.cond, arg); f(n.trueX, arg); f(n.falseX, arg); return;
    case "IndexExpr": f(n.x, arg); f(n.y, arg); return;
    case "DictEntry": f(n.key, arg); f(n.value, arg); return;
    case "SliceExpr":
      f(n.x, arg);
      if (n.lo) f(n.lo, arg);
      if (n.hi) f(n.hi, arg);
      if (n.step) f(n.step, arg);
      return;
    case "Comprehension": f(n.body, arg); eachOf(n.clauses, f, arg); return;
    case "IfClause": f(n.cond, arg); return;
    case "ForClause": f(n.vars, arg); f(n.x, arg); return;
    case "TupleExpr": eachOf(n.list, f, arg); return;
    case "DictExpr": eachOf(n.list, f, arg); return;
    case "UnaryExpr": if (n.x) f(n.x, arg); return;
    case "BinaryExpr": f(n.x, arg); f(n.y, arg); return;
    case "DotExpr": f(n.x, arg); f(n.name, arg); return;
    case "CallExpr": f(n.fn, arg); eachOf(n.args, f, arg); return;
    case "LambdaExpr": eachOf(n.params, f, arg); f(n.body, arg); return;
  }
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
