// Comprehensions nested in comprehensions. A comprehension inside an expression becomes a
// JS arrow function called in place (JS has no loop expression). Nested that way, each
// level is one more JS function inside the last: QuickJS parses nested functions
// recursively, threads every variable an inner level uses through each level between
// (quadratic: 10,000 levels took 16 s to load, 100,000 ran out of memory) and calls them
// nested at run time (its stack gave out near 30,000). go.starlark.net runs 150,000 levels
// (test/starlark/depth-go.ts).
//
// But a comprehension that is the whole iterable of a `for` clause (or statement), the
// whole body of a list comprehension, or the whole key or value of a dict comprehension
// is evaluated where a statement can stand: its statements are emitted right there, in
// the same JS function, and its result temp is the value. Same order of evaluation, same
// operations; one JS function less per level. Nested in iterables, the levels follow one
// another at the same block depth (the innermost runs first), so any depth loads and runs
// flat. Nested in bodies, each level is a loop inside the last: past INLINE_BLOCK_DEPTH
// JS blocks the nested one goes into a sibling arrow function declared at the top of the
// enclosing function (as the cuts of deep expressions, codegen.ts), which starts again
// at block depth 0 — one JS call per INLINE_BLOCK_DEPTH / 2 levels at run time.
import type * as A from "../syntax/ast";

/** JS block nesting (two per inlined loop) after which a nested comprehension is emitted
 *  into a sibling function instead of inline: QuickJS parses blocks recursively. */
export const INLINE_BLOCK_DEPTH = 48;

/** `x` (through parentheses) if it is a comprehension. */
export function nestedComprehension(x: A.Expr): A.Comprehension | undefined {
  while (x.kind === "ParenExpr") x = x.x;
  return x.kind === "Comprehension" ? x : undefined;
}

/** The JS block depth of generated code at `indent` (two spaces a level). */
export function blockDepth(indent: string): number {
  return indent.length >> 1;
}

/** The elements of `x` (through parentheses) if it is a list or tuple display: a loop over
 *  one needs only its elements, as nothing else can see the list. */
export function listLiteral(x: A.Expr): A.Expr[] | undefined {
  while (x.kind === "ParenExpr") x = x.x;
  return x.kind === "ListExpr" || x.kind === "TupleExpr" ? x.list : undefined;
}

/** Whether a loop over `x` evaluates it inline in its own code (a nested comprehension, a
 *  list or tuple display, `range(...)`: see codegen.ts forLoop) rather than as one value
 *  first. */
export function inlinesIterable(x: A.Expr, isRange: (x: A.Expr) => boolean): boolean {
  return nestedComprehension(x) !== undefined || listLiteral(x) !== undefined || isRange(x);
}
