// An `if ... elif ... else` chain is, in the tree (as in go.starlark.net's), an IfStmt whose
// else branch is the next IfStmt, so a chain is as deep as it is long — and Incus accepts
// 100,000 elifs. Code that walks statements recursively walks a chain through this instead,
// a loop over its branches, so its depth stays that of the statements' real nesting.
import type { IfStmt, Stmt } from "./ast";

/** The elif of `s`: its else branch when that is exactly one IfStmt. */
export function elifOf(s: IfStmt): IfStmt | undefined {
  return s.falseBody.length === 1 && s.falseBody[0].kind === "IfStmt" ? s.falseBody[0] : undefined;
}

/** The branches of the chain that starts at `s`: s, its elif, that one's elif, ... The
 *  last one's falseBody is the chain's `else` (possibly empty). */
export function ifChain(s: IfStmt): IfStmt[] {
  const chain: IfStmt[] = [s];
  for (let n = elifOf(s); n !== undefined; n = elifOf(n)) chain.push(n);
  return chain;
}

/** The statement lists a chain holds, in source order: each branch's body, then the else. */
export function ifChainBodies(s: IfStmt): (readonly Stmt[])[] {
  const chain = ifChain(s);
  const bodies: (readonly Stmt[])[] = chain.map((b) => b.trueBody);
  bodies.push(chain[chain.length - 1].falseBody);
  return bodies;
}
