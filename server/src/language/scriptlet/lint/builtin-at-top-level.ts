// Incus validates a scriptlet by running its top level with no builtins defined, so a
// builtin called at top level is refused when the key is set, with this message.
import type { Analysis } from "../analysis";
import { rangeOf, type Diagnostic } from "../diagnostic";
import { walkScoped } from "../walk-scoped";

export function builtinAtTopLevel(a: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  walkScoped(a, (n, scope) => {
    if (scope !== a.file || n.kind !== "CallExpr" || n.fn.kind !== "Ident") return;
    if (!a.predeclared.has(n.fn.name) || n.fn.binding?.scope !== "predeclared") return;
    out.push({
      range: rangeOf(a, n.fn),
      severity: "error",
      code: "builtin-at-top-level",
      message: `internal error: predeclared variable ${n.fn.name} is uninitialized — Incus runs the top level without its builtins when the scriptlet is set; call ${n.fn.name} inside a function`,
    });
  });
  return out;
}
