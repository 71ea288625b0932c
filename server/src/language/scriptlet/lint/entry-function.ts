// The check Incus runs when the key is set — the entry function exists, is a function, and
// has exactly the expected parameter names — done statically on the syntax tree, with
// Incus's own message, placed on the def (or line 1 when it is missing).
import type { DefStmt, Expr } from "../../../starlark/syntax/ast";
import type { GlobalInfo } from "../../../starlark/engine";
import { checkFunctions } from "../../../incus/scriptlet/validate";
import { runtimeMessages, scriptletKind } from "../../../incus/knowledge/scriptlets";
import { goSprintf } from "../../../incus/knowledge/go-format";
import type { Analysis } from "../analysis";
import { rangeOf, type Diagnostic } from "../diagnostic";

function paramName(p: Expr): string | undefined {
  if (p.kind === "Ident") return p.name;
  if (p.kind === "BinaryExpr" && p.x.kind === "Ident") return p.x.name;
  if (p.kind === "UnaryExpr" && p.x?.kind === "Ident") return p.x.name;
  return undefined;
}

function literalType(e: Expr): string | undefined {
  if (e.kind === "Literal") return e.token === "STRING" ? "string" : e.token === "INT" ? "int" : e.token === "FLOAT" ? "float" : "bytes";
  if (e.kind === "ListExpr" || e.kind === "Comprehension") return e.kind === "Comprehension" && e.curly ? "dict" : "list";
  if (e.kind === "DictExpr") return "dict";
  if (e.kind === "TupleExpr") return "tuple";
  if (e.kind === "LambdaExpr") return "function";
  if (e.kind === "Ident" && (e.name === "True" || e.name === "False")) return "bool";
  if (e.kind === "Ident" && e.name === "None") return "NoneType";
  return undefined;
}

/** The module's globals as far as the syntax tells (last binding wins, as at run time);
 *  only those named in `only` when given (a 5 MB file has 78,000 others). */
export function staticGlobals(a: Analysis, only?: ReadonlySet<string>): GlobalInfo[] {
  const globals = new Map<string, GlobalInfo>();
  for (const s of a.file.stmts) {
    if (only && !only.has(s.kind === "DefStmt" ? s.name.name : s.kind === "AssignStmt" && s.lhs.kind === "Ident" ? s.lhs.name : "")) continue;
    if (s.kind === "DefStmt") {
      const params = s.params.map(paramName).filter((n): n is string => !!n);
      globals.set(s.name.name, { name: s.name.name, type: "function", params });
    } else if (s.kind === "AssignStmt" && s.op === "=" && s.lhs.kind === "Ident") {
      const t = literalType(s.rhs);
      if (t) globals.set(s.lhs.name, { name: s.lhs.name, type: t, params: t === "function" && s.rhs.kind === "LambdaExpr" ? s.rhs.params.map(paramName).filter((n): n is string => !!n) : undefined });
      else globals.delete(s.lhs.name); // unknown value: don't guess
    }
  }
  return [...globals.values()];
}

export function entryFunction(a: Analysis): Diagnostic[] {
  if (a.syntaxErrors.length || a.resolveErrors.length) return [];
  const info = scriptletKind(a.ctx.kind, a.ctx.version);
  // Only the functions Incus looks for matter to checkFunctions.
  const globals = staticGlobals(a, new Set([info.entry.name, ...info.optionalFunctions.map((f) => f.name)]));
  if (!info.validatesEntry) {
    // Releases whose Validate only compiles (6.0.0–6.0.2) accept the key; the run then fails.
    if (globals.some((g) => g.name === info.entry.name)) return [];
    const start = { line: 0, character: 0 };
    return [{
      range: { start, end: start }, severity: "warning", code: "entry-function",
      message: `Incus ${a.ctx.version} accepts this scriptlet, then every call fails with "${info.userErrorPrefix}${goSprintf(runtimeMessages.missingEntry, info.entry.name)}"`,
    }];
  }
  const declared = [{ spec: info.entry, optional: false }, ...info.optionalFunctions.map((spec) => ({ spec, optional: true }))];
  // A name bound to something we could not type is left to the run-time check.
  const known = declared.filter((d) => globals.some((g) => g.name === d.spec.name) || !a.file.stmts.some((s) => s.kind === "AssignStmt" && s.lhs.kind === "Ident" && s.lhs.name === d.spec.name));
  const message = checkFunctions(globals, known);
  if (!message) return [];
  const def = a.file.stmts.find((s): s is DefStmt => s.kind === "DefStmt" && s.name.name === info.entry.name);
  const range = def ? rangeOf(a, def.name) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return [{ range, severity: "error", code: "entry-function", message }];
}
