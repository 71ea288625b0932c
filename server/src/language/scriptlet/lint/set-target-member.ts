// set_target("x") with x not a member of the active cluster: at run time Incus fails with
// `Invalid member name: x`. Suggest the closest member name.
import { nearest } from "../../../starlark/resolve/spell";
import { fromByteString } from "../../../starlark/runtime/text";
import type { Stmt } from "../../../starlark/syntax/ast";
import type { Analysis } from "../analysis";
import { rangeOf, type Diagnostic } from "../diagnostic";
import { nodesOfKind } from "../walk-scoped";

/** Builtins whose first argument (or member_name=) is a member name. */
const MEMBER_ARG = new Set(["set_target", "get_cluster_member_resources", "get_cluster_member_state"]);

export function setTargetMember(a: Analysis, stmts: readonly Stmt[] = a.file.stmts): Diagnostic[] {
  const members = a.ctx.cluster?.members;
  if (!members?.length) return [];
  const out: Diagnostic[] = [];
  const itemsCallExpr = nodesOfKind(a, "CallExpr", stmts);
  for (let k = 0; k < itemsCallExpr.length; k++) {
    const { node: n } = itemsCallExpr[k];
    if (n.fn.kind !== "Ident" || !MEMBER_ARG.has(n.fn.name)) continue;
    if (n.fn.binding && n.fn.binding.scope !== "predeclared") continue;
    const arg = n.args.find((x) => x.kind === "BinaryExpr" && x.op === "=" && x.x.kind === "Ident" && x.x.name === "member_name");
    const value = arg && arg.kind === "BinaryExpr" ? arg.y : n.args[0];
    if (!value || value.kind !== "Literal" || value.token !== "STRING") continue;
    const name = fromByteString(value.value as string);
    if (members.includes(name)) continue;
    const near = nearest(name, members);
    const d: Diagnostic = {
      range: rangeOf(a, value),
      severity: "warning",
      code: "unknown-member",
      message: `${n.fn.name}: no member "${name}" in the active cluster (${a.ctx.cluster!.source}); Incus would fail with "Invalid member name: ${name}"${near ? ` — did you mean "${near}"?` : ""}`,
    };
    if (near) d.fixes = [{ title: `Use "${near}"`, edits: [{ range: rangeOf(a, value), newText: JSON.stringify(near) }] }];
    out.push(d);
  }
  return out;
}
