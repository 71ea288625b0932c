// `request.config["k"]` / `request.config.get("k")` with a key that is not an instance
// config key: the lookup silently finds nothing. user.*, volatile.* and image.* keys are
// free-form and always allowed.
import { catalog } from "../../../incus/knowledge/config-catalog";
import { nearest } from "../../../starlark/resolve/spell";
import { fromByteString } from "../../../starlark/runtime/text";
import type { Expr, Stmt } from "../../../starlark/syntax/ast";
import type { Analysis, Scope } from "../analysis";
import { rangeOf, type Diagnostic } from "../diagnostic";
import { nodesOfKind } from "../walk-scoped";

const FREE_FORM = /^(user|volatile|image|environment)\./;

/** Is `e` the config dict of an instance-like object (request.config, instance.config, ...)? */
export function isInstanceConfig(a: Analysis, e: Expr, scope: Scope): boolean {
  if (e.kind !== "DotExpr" || (e.name.name !== "config" && e.name.name !== "expanded_config")) return false;
  const t = a.typeOf(e.x, scope);
  return t.k === "object" && ["InstancePlacement", "Instance"].includes(t.type);
}

/** The string key literal of `cfg["k"]` or `cfg.get("k", ...)`, with the config expression. */
export function configKeyLiteral(n: Expr): { config: Expr; key: Expr } | undefined {
  if (n.kind === "IndexExpr") return { config: n.x, key: n.y };
  if (n.kind === "CallExpr" && n.fn.kind === "DotExpr" && n.fn.name.name === "get" && n.args.length >= 1) {
    return { config: n.fn.x, key: n.args[0] };
  }
  return undefined;
}

export function configKey(a: Analysis, stmts: readonly Stmt[] = a.file.stmts): Diagnostic[] {
  return [...configKeyOf(a, "IndexExpr", stmts), ...configKeyOf(a, "CallExpr", stmts)];
}

/** configKey over the `cfg["k"]` (IndexExpr) or the `cfg.get("k")` (CallExpr) lookups: the
 *  lint cache keeps the two apart, as they come in this order over the whole file. */
export function configKeyOf(a: Analysis, kind: "IndexExpr" | "CallExpr", stmts: readonly Stmt[] = a.file.stmts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const version = a.ctx.version;
  for (const { node: n, scope } of nodesOfKind(a, kind, stmts)) {
    const m = configKeyLiteral(n);
    if (!m || m.key.kind !== "Literal" || m.key.token !== "STRING") continue;
    if (!isInstanceConfig(a, m.config, scope)) continue;
    const key = fromByteString(m.key.value as string);
    if (FREE_FORM.test(key) || catalog.lookup("instance", key, version)) continue;
    const near = nearest(key, catalog.keys("instance", version).map((k) => k.key).filter((k) => !k.includes("*") && !k.includes("<")));
    const d: Diagnostic = {
      range: rangeOf(a, m.key),
      severity: "warning",
      code: "unknown-config-key",
      message: `"${key}" is not an instance config key${near ? ` — did you mean "${near}"?` : ""} (custom keys must start with user.)`,
    };
    if (near) d.fixes = [{ title: `Use "${near}"`, edits: [{ range: rangeOf(a, m.key), newText: JSON.stringify(near) }] }];
    out.push(d);
  }
  return out;
}
