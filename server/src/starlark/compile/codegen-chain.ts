// Long operator and postfix chains (`1 + 1 + ... + 1`, `a or b or ...`, `x.f().g()[0]...`)
// are left-nested trees as deep as the chain is long; Incus runs chains of any length.
// Compiled the ordinary way they would nest the generated JavaScript (and the compiler's
// own recursion) once per term, and QuickJS, which parses recursively, overflows the stack
// after a few hundred terms. So codegen compiles a long chain flat: it walks the chain's
// left spine with a loop and evaluates it into one temp, step by step (codegen.ts
// flatChain/logicalChain). Short chains keep the ordinary, nested code.
import type * as A from "../syntax/ast";

/** Chains at least this long are compiled flat. */
const FLATTEN_MIN = 16;

/** The operand of `e` that is evaluated first and on which `e` operates (its left
 *  operand), for the node kinds that chain to the left; else undefined. */
export function leftOf(e: A.Expr): A.Expr | undefined {
  switch (e.kind) {
    case "BinaryExpr":
      return e.op === "and" || e.op === "or" || e.op === "=" ? undefined : e.x;
    case "DotExpr":
    case "IndexExpr":
    case "SliceExpr":
    case "ParenExpr":
      return e.x;
    case "CallExpr":
      // x.f(...) is compiled as one method call on x.
      return e.fn.kind === "DotExpr" ? e.fn.x : e.fn;
    default:
      return undefined;
  }
}

/** The left spine of `e` — `e`, its left operand, that one's left operand, ... down to (not
 *  including) the first node that has no left operand or whose left operand is already
 *  evaluated — when it is long enough to flatten; else undefined. */
export function leftSpine(e: A.Expr, evaluated: ReadonlyMap<A.Expr, string>): A.Expr[] | undefined {
  const spine: A.Expr[] = [];
  let n = e;
  for (let l = leftOf(n); l !== undefined && !evaluated.has(l); l = leftOf(n)) {
    spine.push(n);
    n = l;
  }
  return spine.length >= FLATTEN_MIN ? spine : undefined;
}

/** The operands of a long `and`/`or` chain `a op b op c ...` (left-nested, one operator),
 *  in order; undefined for a short one. */
export function logicalOperands(e: A.BinaryExpr): A.Expr[] | undefined {
  const reversed: A.Expr[] = [e.y];
  let n = e.x;
  while (n.kind === "BinaryExpr" && n.op === e.op) {
    reversed.push(n.y);
    n = n.x;
  }
  reversed.push(n);
  return reversed.length >= FLATTEN_MIN ? reversed.reverse() : undefined;
}
