// instance_placement returning a value other than None: Incus fails the placement with
// `Failed with unexpected return value: <value>` (runtime message, Go %v of the Starlark value).
// That is a way to refuse a placement on purpose (Incus's own test suite returns a string to do
// so), so this is a warning that says what Incus will answer, not an error.
import type { DefStmt, Expr, ReturnStmt, Stmt } from "../../../starlark/syntax/ast";
import { quote } from "../../../starlark/syntax/quote";
import { walk } from "../../../starlark/syntax/walk";
import { goSprintf } from "../../../incus/knowledge/go-format";
import { runtimeMessages, scriptletKind } from "../../../incus/knowledge/scriptlets";
import type { Analysis } from "../analysis";
import { rangeOf, type Diagnostic } from "../diagnostic";

/** The repr Incus would print for a constant expression; undefined when only a run can tell. */
export function constantRepr(e: Expr): string | undefined {
  switch (e.kind) {
    case "Literal":
      if (e.token === "STRING") return quote(e.value as string, false);
      if (e.token === "BYTES") return quote(e.value as string, true);
      if (e.token === "INT") return String(e.value);
      return undefined; // float formatting: leave it to the run
    case "Ident":
      return e.name === "True" || e.name === "False" ? e.name : undefined;
    case "ParenExpr":
      return constantRepr(e.x);
    case "ListExpr":
    case "TupleExpr": {
      const items = e.list.map(constantRepr);
      if (items.some((x) => x === undefined)) return undefined;
      if (e.kind === "ListExpr") return `[${items.join(", ")}]`;
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
    }
    default:
      return undefined;
  }
}

export function entryReturn(a: Analysis): Diagnostic[] {
  if (a.ctx.kind !== "placement") return [];
  const entry = a.file.stmts.find((s): s is DefStmt => s.kind === "DefStmt" && s.name.name === a.entryName);
  if (!entry) return [];
  const prefix = scriptletKind("placement", a.ctx.version).userErrorPrefix;
  const out: Diagnostic[] = [];
  const visit = (body: Stmt[]) => {
    for (const s of body) {
      walk(s, (n) => {
        if (n.kind === "DefStmt" || n.kind === "LambdaExpr") return false;
        if (n.kind === "ReturnStmt") {
          const r = n as ReturnStmt;
          if (r.result && !(r.result.kind === "Ident" && r.result.name === "None")) {
            const repr = constantRepr(r.result);
            const answer = prefix + goSprintf(runtimeMessages.unexpectedReturn, repr ?? "<the value>");
            out.push({
              range: rangeOf(a, r),
              severity: "warning",
              code: "entry-returns-value",
              message:
                `instance_placement returns a value: Incus refuses the placement with "${answer}". ` +
                "That is how a scriptlet refuses on purpose; to place the instance, choose the member with set_target() and return None.",
              fixes: [{ title: "Return nothing (place the instance instead of refusing)", edits: [{ range: rangeOf(a, r), newText: "return" }] }],
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
