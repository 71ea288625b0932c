// Where go.starlark.net says a function "is" before its first instruction ran: the frame of
// a function whose arguments could not be bound (setArgs fails at pc 0) reports the
// position of its first instruction, which is the last setPos before that instruction was
// emitted in internal/compile, or the def/lambda position when there was none. This walks
// the start of the body the way compile.go emits it, for the common shapes.
import type * as A from "../syntax/ast";

type Pos = { line: number; col: number };

/** The position of the first instruction of an expression, if a setPos precedes it. A
 *  loop down the first operand (chains can be thousands of terms long). */
function exprFirst(e: A.Expr): Pos | undefined {
  for (;;) {
    switch (e.kind) {
      case "ParenExpr":
        e = e.x;
        continue;
      case "Ident":
        return e.binding?.scope === "universal" ? undefined : e.start;
      case "CallExpr":
        e = e.fn;
        continue;
      case "DotExpr":
      case "IndexExpr":
        e = e.x;
        continue;
      case "SliceExpr":
        return e.lbrack; // compile.go sets the position before evaluating the operand
      case "BinaryExpr":
      case "UnaryExpr":
        if (!e.x) return undefined;
        e = e.x;
        continue;
      case "CondExpr":
        e = e.cond;
        continue;
      case "ListExpr":
      case "TupleExpr":
        if (!e.list.length) return undefined;
        e = e.list[0];
        continue;
      case "LambdaExpr":
        return e.lambda;
      default:
        return undefined; // literals, dict literals and comprehensions start with a constant/MAKE*
    }
  }
}

/** The first instruction's position in a statement list; `null` when the list emits no
 *  instruction (so the next statement decides), undefined when it has no setPos. */
function stmtsFirst(stmts: A.Stmt[]): Pos | undefined | null {
  for (const s of stmts) {
    const p = stmtFirst(s);
    if (p !== null) return p;
  }
  return null;
}

function stmtFirst(s: A.Stmt): Pos | undefined | null {
  switch (s.kind) {
    case "ExprStmt":
      return s.x.kind === "Literal" ? null : exprFirst(s.x);
    case "BranchStmt":
      return s.token === "pass" ? null : undefined;
    case "AssignStmt":
      if (s.op === "=") return exprFirst(s.rhs);
      return exprFirst(s.lhs);
    case "IfStmt":
      return exprFirst(s.cond);
    case "ForStmt":
      return exprFirst(s.x);
    case "ReturnStmt":
      return s.result ? exprFirst(s.result) : undefined;
    case "DefStmt":
      return s.defPos;
    default:
      return undefined;
  }
}

/** [line, col] of the entry position of a def (body) or lambda (expression). */
export function entryPosition(fnPos: Pos, body: A.Stmt[] | undefined, lambdaBody: A.Expr | undefined): [number, number] {
  const p = body ? stmtsFirst(body) : exprFirst(lambdaBody!);
  const at = p ?? fnPos;
  return [at.line, at.col];
}
