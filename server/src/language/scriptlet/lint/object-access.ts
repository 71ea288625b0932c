// Incus's objects (request, members, resources, ...) have attributes only: `x["name"]`
// fails with `unhandled index operation T[string]`, and an unknown attribute with
// `Invalid field "f"`. Types come from the Incus version's API structs.
import { apiTypes } from "../../../incus/knowledge/api-types";
import { nearest } from "../../../starlark/resolve/spell";
import { fromByteString } from "../../../starlark/runtime/text";
import type { Stmt } from "../../../starlark/syntax/ast";
import type { Analysis } from "../analysis";
import { rangeOf, type Diagnostic } from "../diagnostic";
import { objectType } from "../types";
import { nodesOfKind } from "../walk-scoped";

export function objectAccess(a: Analysis, stmts: readonly Stmt[] = a.file.stmts): Diagnostic[] {
  return [...objectSubscripts(a, stmts), ...unknownFields(a, stmts)];
}

/** `x["name"]` on an Incus object (the first half of objectAccess). */
export function objectSubscripts(a: Analysis, stmts: readonly Stmt[] = a.file.stmts): Diagnostic[] {
  const v = a.ctx.version;
  const types = apiTypes(v);
  const out: Diagnostic[] = [];
  const itemsIndexExpr = nodesOfKind(a, "IndexExpr", stmts);
  for (let k = 0; k < itemsIndexExpr.length; k++) {
    const { node: n, scope } = itemsIndexExpr[k];
    const t = objectType(a.typeOf(n.x, scope), v);
    if (!t) continue;
    const typeName = types.get(t)?.starlarkName ?? t;
    const d: Diagnostic = {
      range: rangeOf(a, n),
      severity: "error",
      code: "object-subscript",
      message: `${typeName} objects have attributes, not keys: Incus fails with "unhandled index operation ${typeName}[${n.y.kind === "Literal" && n.y.token === "STRING" ? "string" : "…"}]"`,
    };
    if (n.y.kind === "Literal" && n.y.token === "STRING") {
      const field = fromByteString(n.y.value as string);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) {
        d.message += `; write .${field}`;
        d.fixes = [{ title: `Use .${field}`, edits: [{ range: { start: a.lines.fromEngine(n.x.end), end: a.lines.fromEngine(n.end) }, newText: `.${field}` }] }];
      }
    }
    out.push(d);
  }
  return out;
}

/** `x.f` with no field f on an Incus object (the second half of objectAccess). */
export function unknownFields(a: Analysis, stmts: readonly Stmt[] = a.file.stmts): Diagnostic[] {
  const v = a.ctx.version;
  const types = apiTypes(v);
  const out: Diagnostic[] = [];
  const itemsDotExpr = nodesOfKind(a, "DotExpr", stmts);
  for (let k = 0; k < itemsDotExpr.length; k++) {
    const { node: n, scope } = itemsDotExpr[k];
    const t = objectType(a.typeOf(n.x, scope), v);
    if (!t || !types.get(t)) continue;
    if (types.field(t, n.name.name)) continue;
    const names = types.fields(t).map((f) => f.name);
    const nested = nestedField(types, t, n.name.name);
    if (nested) {
      out.push({
        range: rangeOf(a, n.name),
        severity: "error",
        code: "unknown-field",
        message: `Invalid field "${n.name.name}": in Incus ${types.version} it is under .${nested} (write .${nested}.${n.name.name}); the scriptlet fails here at run time`,
        fixes: [{ title: `Use .${nested}.${n.name.name}`, edits: [{ range: rangeOf(a, n.name), newText: `${nested}.${n.name.name}` }] }],
      });
      continue;
    }
    const near = nearest(n.name.name, names);
    const d: Diagnostic = {
      range: rangeOf(a, n.name),
      severity: "error",
      code: "unknown-field",
      message: `Invalid field "${n.name.name}": ${types.get(t)!.starlarkName || t} has no such attribute in Incus ${types.version}${near ? ` — did you mean .${near}?` : ""}`,
    };
    if (near) d.fixes = [{ title: `Use .${near}`, edits: [{ range: rangeOf(a, n.name), newText: near }] }];
    out.push(d);
  }
  return out;
}

/** A field of `type` whose own (object) type has `name`: fields that moved one level down
 *  between versions (authorization details.Username → details.RequestDetails.Username). */
function nestedField(types: ReturnType<typeof apiTypes>, type: string, name: string): string | undefined {
  for (const f of types.fields(type)) {
    const ref = f.type.kind === "optional" ? f.type.of : f.type;
    if (ref.kind === "object" && types.field(types.resolveTypeName(ref.type) ?? ref.type, name)) return f.name;
  }
  return undefined;
}
