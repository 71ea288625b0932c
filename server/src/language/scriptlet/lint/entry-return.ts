// instance_placement must return None: any other value fails the placement with
// `Failed with unexpected return value: <value>`.
import type { DefStmt, ReturnStmt, Stmt } from "../../../starlark/syntax/ast";
import { walk } from "../../../starlark/syntax/walk";
import type { Analysis } from "../analysis";
import { rangeOf, type Diagnostic } from "../diagnostic";

export function entryReturn(a: Analysis): Diagnostic[] {
  if (a.ctx.kind !== "placement") return [];
  const entry = a.file.stmts.find((s): s is DefStmt => s.kind === "DefStmt" && s.name.name === a.entryName);
  if (!entry) return [];
  const out: Diagnostic[] = [];
  const visit = (body: Stmt[]) => {
    for (const s of body) {
      walk(s, (n) => {
        if (n.kind === "DefStmt" || n.kind === "LambdaExpr") return false;
        if (n.kind === "ReturnStmt") {
          const r = n as ReturnStmt;
          if (r.result && !(r.result.kind === "Ident" && r.result.name === "None")) {
            out.push({
              range: rangeOf(a, r),
              severity: "error",
              code: "entry-returns-value",
              message: "instance_placement must return None: Incus fails the placement with \"Failed with unexpected return value: …\"; choose the member with set_target() and return nothing",
              fixes: [{ title: "Return nothing", edits: [{ range: rangeOf(a, r), newText: "return" }] }],
            });
          }
        }
        return true;
      });
    }
  };
  visit(entry.body);
  return out;
}
