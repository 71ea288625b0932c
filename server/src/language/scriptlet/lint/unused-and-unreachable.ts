// Locals assigned and never read, and statements after return/break/continue/fail().
import type { DefStmt, Ident, Node, Stmt } from "../../../starlark/syntax/ast";
import { forEachChild, walk } from "../../../starlark/syntax/walk";
import { ifChainBodies } from "../../../starlark/syntax/elif";
import type { Analysis } from "../analysis";
import { rangeOf, type Diagnostic } from "../diagnostic";

export function unusedLocals(a: Analysis, stmts: readonly Stmt[] = a.file.stmts): Diagnostic[] {
  if (a.syntaxErrors.length) return [];
  return unusedLocalsIn(a, stmts);
}

/** unusedLocals whether or not the file has syntax errors (the lint cache keeps these and
 *  drops them while it has). */
export function unusedLocalsIn(a: Analysis, stmts: readonly Stmt[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Every def, nested ones included, in pre-order; each is checked over its whole body.
  const defs: DefStmt[] = [];
  collectDefs(stmts, defs);
  for (const def of defs) {
    const st: LocalsState = { assigned: new Map<unknown, Ident>(), used: new Set<unknown>(), augmented: false };
    const params = new Set(def.params.map((p) => (p.kind === "Ident" ? p : p.kind === "BinaryExpr" ? p.x : p.kind === "UnaryExpr" ? p.x : undefined)));
    forEachChild(def, visitLocals, st);
    for (const [binding, id] of st.assigned) {
      if (st.used.has(binding) || params.has(id) || id.name.startsWith("_")) continue;
      out.push({ range: rangeOf(a, id), severity: "hint", code: "unused-local", message: `"${id.name}" is assigned but never used`, unnecessary: true });
    }
  }
  return out;
}

interface LocalsState {
  /** Local binding → the identifier that first assigns it, in order of appearance. */
  assigned: Map<unknown, Ident>;
  used: Set<unknown>;
  /** The assignment whose target is being visited is augmented (x += ...). */
  augmented: boolean;
}

/** DefStmts (which only occur in statement lists) in pre-order. */
function collectDefs(body: readonly Stmt[], out: DefStmt[]): void {
  for (let i = 0; i < body.length; i++) {
    const s = body[i];
    switch (s.kind) {
      case "DefStmt":
        out.push(s);
        collectDefs(s.body, out);
        break;
      case "IfStmt":
        for (const b of ifChainBodies(s)) collectDefs(b, out);
        break;
      case "ForStmt":
      case "WhileStmt":
        collectDefs(s.body, out);
        break;
    }
  }
}

/** A node of a def's body: assignments (and for loops and clauses) record the locals they
 *  bind and the uses in their other parts; anything else is a use, and its children are
 *  visited in turn. Iterative (walk): a body holds elif chains as long as Incus accepts. */
function visitLocals(root: Node, st: LocalsState): void {
  walk(root, (m) => visitLocal(m, st));
}

/** One node of visitLocals; false when its parts are done (not to be walked again). */
function visitLocal(m: Node, st: LocalsState): boolean {
  if (m.kind === "AssignStmt" || m.kind === "ForStmt" || m.kind === "ForClause") {
    st.augmented = m.kind === "AssignStmt" && m.op !== "=";
    visitTarget(m.kind === "AssignStmt" ? m.lhs : m.vars, st);
    if (m.kind === "AssignStmt") {
      markUses(m.rhs, st.used);
      if (m.lhs.kind !== "Ident") visitTargetUses(m.lhs, st.used);
    } else if (m.kind === "ForStmt") {
      markUses(m.x, st.used);
      for (let i = 0; i < m.body.length; i++) markUses(m.body[i], st.used);
    } else {
      markUses(m.x, st.used);
    }
    return false;
  }
  markUse(m, st.used);
  return true;
}

/** The identifiers an assignment target binds locally (pre-order). */
function visitTarget(x: Node, st: LocalsState): void {
  if (x.kind === "Ident" && x.binding && (x.binding.scope === "local" || x.binding.scope === "cell")) {
    if (!st.assigned.has(x.binding)) st.assigned.set(x.binding, x);
    if (st.augmented) st.used.add(x.binding);
  }
  forEachChild(x, visitTarget, st);
}

/** Uses inside the index and dot expressions of an assignment target (`d[k] = v`). */
function visitTargetUses(x: Node, used: Set<unknown>): void {
  if (x.kind === "IndexExpr" || x.kind === "DotExpr") {
    markUses(x, used);
    return;
  }
  forEachChild(x, visitTargetUses, used);
}

/** Marks every identifier use under `n` (n included). */
function markUses(n: Node, used: Set<unknown>): void {
  walk(n, (x) => markUse(x, used));
}

function markUse(n: Node, used: Set<unknown>): void {
  if (n.kind === "Ident" && n.binding) used.add(n.binding);
}

export function unreachableCode(a: Analysis): Diagnostic[] {
  return [...unreachableTopLevel(a), ...unreachableNested(a, a.file.stmts)];
}

/** Top-level statements after a terminal one (the first part of unreachableCode). */
export function unreachableTopLevel(a: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  unreachableAfterTerminal(a, a.file.stmts, out);
  return out;
}

/** Unreachable code inside the bodies of `stmts` (the rest of unreachableCode). */
export function unreachableNested(a: Analysis, stmts: readonly Stmt[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (body: readonly Stmt[]) => {
    unreachableAfterTerminal(a, body, out);
    inner(body);
  };
  const inner = (body: readonly Stmt[]) => {
    for (let j = 0; j < body.length; j++) {
      const s = body[j];
      if (s.kind === "DefStmt" || s.kind === "ForStmt" || s.kind === "WhileStmt") check(s.body);
      // (an elif's else branch holds only the next elif: nothing can follow a terminal there)
      if (s.kind === "IfStmt") for (const b of ifChainBodies(s)) check(b);
    }
  };
  inner(stmts);
  return out;
}

/** The statements of `body` after its first terminal one (return, break, continue, fail()). */
function unreachableAfterTerminal(a: Analysis, body: readonly Stmt[], out: Diagnostic[]): void {
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
}
