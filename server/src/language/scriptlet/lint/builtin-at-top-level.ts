// Incus validates a scriptlet by running its top level with no builtins defined, so a
// builtin called at top level is refused when the key is set, with this message.
import type { Stmt } from "../../../starlark/syntax/ast";
import { walk } from "../../../starlark/syntax/walk";
import type { Analysis } from "../analysis";
import { rangeOf, type Diagnostic } from "../diagnostic";

/** `stmts`: the top-level statements to check (default: all; the lint cache checks one). */
export function builtinAtTopLevel(a: Analysis, stmts: readonly Stmt[] = a.file.stmts): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const stmt of stmts) {
    // Function bodies do not run at top level; lambdas neither.
    if (stmt.kind === "DefStmt") continue;
    walk(stmt, (n) => {
      if (n.kind === "LambdaExpr") return false;
      if (n.kind !== "CallExpr" || n.fn.kind !== "Ident") return true;
      if (!a.predeclared.has(n.fn.name) || n.fn.binding?.scope !== "predeclared") return true;
      out.push({
        range: rangeOf(a, n.fn),
        severity: "error",
        code: "builtin-at-top-level",
        message: `internal error: predeclared variable ${n.fn.name} is uninitialized — Incus runs the top level without its builtins when the scriptlet is set; call ${n.fn.name} inside a function`,
      });
      return true;
    });
  }
  return out;
}
