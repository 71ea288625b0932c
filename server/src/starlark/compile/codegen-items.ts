// `for k, v in d.items()` (statements and comprehensions): when d is a dict, its entries are
// walked as the flat array the runtime's ht.flatItems() makes (runtime/CONTRACT.md) instead
// of a list of fresh (key, value) tuples that are unpacked again at once: the same snapshot
// in the same order, so the loop sees what go.starlark.net's would (a dict changed by the
// body does not change the loop). Anything else calls its items() as usual (codegen.ts
// forLoop).
import type * as A from "../syntax/ast";

/** `x.items()` with no arguments: its receiver and the positions its call is marked at. */
export interface ItemsCall {
  recv: A.Expr;
  lparen: A.Position;
  dot: A.Position;
}

export function itemsCall(x: A.Expr): ItemsCall | undefined {
  while (x.kind === "ParenExpr") x = x.x;
  if (x.kind !== "CallExpr" || x.args.length !== 0 || x.fn.kind !== "DotExpr" || x.fn.name.name !== "items") return undefined;
  return { recv: x.fn.x, lparen: x.lparen, dot: x.fn.dot };
}

/** The two targets of `k, v` (or `(k, v)`, `[k, v]`), else undefined. */
export function pairTargets(vars: A.Expr): [A.Expr, A.Expr] | undefined {
  while (vars.kind === "ParenExpr") vars = vars.x;
  if ((vars.kind === "TupleExpr" || vars.kind === "ListExpr") && vars.list.length === 2) return [vars.list[0], vars.list[1]];
  return undefined;
}
