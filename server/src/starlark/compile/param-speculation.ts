// Which parameters of a function are worth a second, specialised compilation of its body
// (codegen.ts func): `def f(n): for i in range(n): ...` types i, and what i computes, only when
// n is known to be a small int (value-kinds.ts: a range between small bounds yields small
// ints; between unknown ones, ints that may be bigints). The function then tests at its entry
// whether those parameters are small ints (`typeof p === "number"`: ints are JS numbers while
// safe, runtime/int.ts, and floats are boxed), and runs the body compiled with that knowledge,
// else the body compiled without it. Both are the same Starlark: the first only leaves out
// type tests its entry test made true.
import type * as A from "../syntax/ast";
import type { Binding } from "../resolve/binding";
import { walk } from "../syntax/walk";

/** Bodies bigger than this many syntax nodes are compiled once (the second copy doubles
 *  QuickJS's compile time and the program's size). */
const MAX_NODES = 3000;

/** The parameters among `params` used as an argument of range() in `body`, or none when the
 *  body may not be compiled twice: it defines functions (each def or lambda is compiled once,
 *  as one descriptor) or is too big. */
export function rangeBoundParams(body: readonly A.Stmt[], params: readonly Binding[]): Binding[] {
  if (params.length === 0) return [];
  const wanted = new Set(params);
  const found = new Set<Binding>();
  let nodes = 0;
  let twice = true;
  const visit = (n: A.Node): boolean => {
    if (!twice) return false;
    if (++nodes > MAX_NODES || n.kind === "DefStmt" || n.kind === "LambdaExpr") {
      twice = false;
      return false;
    }
    if (n.kind === "CallExpr" && n.fn.kind === "Ident" && n.fn.name === "range" && n.fn.binding?.scope === "universal") {
      for (const a of n.args) {
        let x: A.Expr = a;
        while (x.kind === "ParenExpr") x = x.x;
        if (x.kind === "Ident" && x.binding !== undefined && wanted.has(x.binding)) found.add(x.binding);
      }
    }
    return true;
  };
  for (const s of body) walk(s, visit);
  return twice ? [...found] : [];
}
