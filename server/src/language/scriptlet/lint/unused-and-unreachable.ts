// Locals assigned and never read, and statements after return/break/continue/fail().
import type { DefStmt, Ident, Stmt } from "../../../starlark/syntax/ast";
import { walk } from "../../../starlark/syntax/walk";
import type { Analysis } from "../analysis";
import { rangeOf, type Diagnostic } from "../diagnostic";

export function unusedLocals(a: Analysis): Diagnostic[] {
  if (a.syntaxErrors.length) return [];
  const out: Diagnostic[] = [];
  walk(a.file, (n) => {
    if (n.kind !== "DefStmt") return true;
    const def = n as DefStmt;
    const assigned = new Map<unknown, Ident>();
    const used = new Set<unknown>();
    const params = new Set(def.params.map((p) => (p.kind === "Ident" ? p : p.kind === "BinaryExpr" ? p.x : p.kind === "UnaryExpr" ? p.x : undefined)));
    walk(def, (m) => {
      if (m === def) return true;
      if (m.kind === "AssignStmt" || m.kind === "ForStmt" || m.kind === "ForClause") {
        const lhs = m.kind === "AssignStmt" ? m.lhs : m.vars;
        walk(lhs, (x) => {
          if (x.kind === "Ident" && x.binding && (x.binding.scope === "local" || x.binding.scope === "cell")) {
            if (!assigned.has(x.binding)) assigned.set(x.binding, x);
            if (m.kind === "AssignStmt" && m.op !== "=") used.add(x.binding);
          }
          return true;
        });
        const rest = m.kind === "AssignStmt" ? [m.rhs] : m.kind === "ForStmt" ? [m.x, ...m.body] : [m.x];
        rest.forEach((r) => walk(r, (x) => markUse(x, used)));
        if (m.kind === "AssignStmt" && m.lhs.kind !== "Ident") walk(m.lhs, (x) => (x.kind === "IndexExpr" || x.kind === "DotExpr" ? (walk(x, (y) => markUse(y, used)), false) : true));
        return false;
      }
      return markUse(m, used);
    });
    for (const [binding, id] of assigned) {
      if (used.has(binding) || params.has(id) || id.name.startsWith("_")) continue;
      out.push({ range: rangeOf(a, id), severity: "hint", code: "unused-local", message: `"${id.name}" is assigned but never used`, unnecessary: true });
    }
    return true;
  });
  return out;
}

function markUse(n: import("../../../starlark/syntax/ast").Node, used: Set<unknown>): boolean {
  if (n.kind === "Ident" && n.binding) used.add(n.binding);
  return true;
}

export function unreachableCode(a: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (body: Stmt[]) => {
    for (let i = 0; i < body.length; i++) {
      const s = body[i];
      const terminal =
        s.kind === "ReturnStmt" ||
        (s.kind === "BranchStmt" && s.token !== "pass") ||
        (s.kind === "ExprStmt" && s.x.kind === "CallExpr" && s.x.fn.kind === "Ident" && s.x.fn.name === "fail");
      if (terminal && i + 1 < body.length) {
        const first = body[i + 1];
        const last = body[body.length - 1];
        out.push({ range: { start: a.lines.fromEngine(first.start), end: a.lines.fromEngine(last.end) }, severity: "hint", code: "unreachable", message: "Unreachable code", unnecessary: true });
        break;
      }
    }
    for (const s of body) {
      if (s.kind === "DefStmt" || s.kind === "ForStmt" || s.kind === "WhileStmt") check(s.body);
      if (s.kind === "IfStmt") {
        check(s.trueBody);
        check(s.falseBody);
      }
    }
  };
  check(a.file.stmts);
  return out;
}
