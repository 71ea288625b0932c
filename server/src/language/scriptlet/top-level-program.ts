// The program the sandboxed top-level run needs (service.ts runTopLevel): the scriptlet with
// the function bodies that run cannot reach left out.
//
// Incus runs a scriptlet's top level when the key is set; function bodies only run when
// something calls them. When the top-level code (every statement that is not a `def`, and
// every parameter default, which runs when its `def` does) holds no call at all, no body can
// run, so its text cannot change the outcome: such a `def` becomes `def f(...): pass` when
// top-level code names it (the value must exist) or it has parameter defaults (they run),
// and disappears otherwise.
// Every line break is kept, so the lines and columns of whatever runs — the positions of a
// run-time error — are the scriptlet's own. A 5 MB file of small functions thus runs an
// almost empty program (a full one costs a minute of QuickJS compile), and a keystroke
// inside a function body leaves this text unchanged (the run's result is cached by it).
//
// Anything else (a call anywhere in top-level code) returns undefined: the whole text runs.
import type { DefStmt, Node, Stmt } from "../../starlark/syntax/ast";
import { collectChildren } from "../../starlark/syntax/walk";

/** The reduced program text, or undefined when the whole text must run. */
export function topLevelProgram(text: string, stmts: readonly Stmt[]): string | undefined {
  const named = new Set<string>();
  for (const s of stmts) {
    const roots: readonly Node[] = s.kind === "DefStmt" ? s.params : [s];
    if (!namesWithoutCalls(roots, named)) return undefined;
  }
  const parts: string[] = [];
  let from = 0;
  for (const s of stmts) {
    if (s.kind !== "DefStmt") continue;
    const cut = cutOf(s, named);
    if (!cut) continue;
    parts.push(text.slice(from, cut.from), cut.keep, lineBreaks(text, cut.from, s.end.offset));
    from = s.end.offset;
  }
  if (from === 0) return text;
  parts.push(text.slice(from));
  return parts.join("");
}

/** What replaces def `s` from offset `from` to its end: a `pass` body when the name is used
 *  or a default must run, nothing otherwise; undefined when it must stay (a body without statements: a broken def,
 *  which does not get this far anyway). */
function cutOf(s: DefStmt, named: Set<string>): { from: number; keep: string } | undefined {
  const hasDefaults = s.params.some((p) => p.kind === "BinaryExpr");
  if (!named.has(s.name.name) && !hasDefaults) return { from: s.start.offset, keep: "" };
  const first = s.body[0];
  if (!first) return undefined;
  return { from: first.start.offset, keep: "pass" };
}

/** The line breaks of text[from, to) ("\r\n", "\r" and "\n" kept as they are). */
function lineBreaks(text: string, from: number, to: number): string {
  let out = "";
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) out += text[i];
  }
  return out;
}

/** Adds the identifiers under `roots` to `names`; false when a call is among them. */
function namesWithoutCalls(roots: readonly Node[], names: Set<string>): boolean {
  const stack: Node[] = [...roots];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === "CallExpr") return false;
    if (n.kind === "Ident") names.add(n.name);
    collectChildren(n, stack);
  }
  return true;
}

/** Whether running this top level cannot fail, so the sandbox need not run it: it only
 *  defines functions without parameter defaults and assigns or states plain literals. */
export function topLevelCannotFail(stmts: readonly Stmt[]): boolean {
  return stmts.every((s) =>
    (s.kind === "DefStmt" && !s.params.some((p) => p.kind === "BinaryExpr")) ||
    (s.kind === "ExprStmt" && s.x.kind === "Literal") ||
    (s.kind === "AssignStmt" && s.op === "=" && s.lhs.kind === "Ident" && s.rhs.kind === "Literal"));
}
