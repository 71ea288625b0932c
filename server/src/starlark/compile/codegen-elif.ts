// An `if ... elif ... elif ... else` chain is, in the tree (as in go.starlark.net's), an
// IfStmt whose else branch is the next IfStmt: as deep as the chain is long. Go compiles
// 100,000 elifs (tools/go-oracle; test/starlark/depth-go.ts). Compiled the ordinary way,
// the chain would recurse once per branch here (Node's default stack gives out near 3,000)
// and nest the JavaScript as deep, which QuickJS parses recursively and, scope inside
// scope, in quadratic time (10,000 elifs: 28 s). So codegen compiles a long chain flat,
// as one labeled block of sibling `if`s, each branch leaving the block when it is done:
//
//   $elif3: { if (c1) { body1; break $elif3; } if (c2) { body2; break $elif3; } elseBody }
//
// Conditions are evaluated in the same order and only as far as the nested form would;
// an unlabeled `break`/`continue` in a body still means the enclosing loop (a labeled
// block does not capture it).
import type * as A from "../syntax/ast";
import { ifChain } from "../syntax/elif";

/** Chains at least this long are compiled flat; shorter ones keep the ordinary code. */
const FLATTEN_MIN = 8;

/** The branches of the elif chain that starts at `s` (s, its elif, that one's elif, ...)
 *  when it is long enough to flatten; else undefined. The last one's falseBody is the
 *  chain's `else` (possibly empty). */
export function elifChain(s: A.IfStmt): A.IfStmt[] | undefined {
  const chain = ifChain(s);
  return chain.length >= FLATTEN_MIN ? chain : undefined;
}
