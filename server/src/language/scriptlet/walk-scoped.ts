// Every node of a file with its enclosing function, listed once per analysis and shared by
// all lint rules (one traversal instead of one per rule).
import type { DefStmt, LambdaExpr, Node } from "../../starlark/syntax/ast";
import type { Analysis, Scope } from "./analysis";

export interface ScopedNode {
  node: Node;
  scope: Scope;
}

const cache = new WeakMap<Analysis, ScopedNode[]>();
const byKindCache = new WeakMap<Analysis, Map<string, ScopedNode[]>>();

interface Traversal {
  scope: Scope;
  /** Where each node goes: the list for its kind (a node of a kind without one is not
   *  listed), or `all`. */
  lists?: Partial<Record<string, ScopedNode[]>>;
  all?: ScopedNode[];
}

/** Pre-order (children in source order), each node with its enclosing function: a
 *  function is in its parent's scope, its descendants in its own. */
function visitScoped(n: Node, t: Traversal): void {
  const scope = t.scope;
  const list = t.all ?? t.lists![n.kind];
  if (list !== undefined) list.push({ node: n, scope });
  if (n.kind === "DefStmt" || n.kind === "LambdaExpr") {
    t.scope = n as DefStmt | LambdaExpr;
    visitScopedChildren(n, t);
    t.scope = scope;
  } else {
    visitScopedChildren(n, t);
  }
}

function visitScopedList(list: readonly Node[], t: Traversal): void {
  for (let i = 0; i < list.length; i++) visitScoped(list[i], t);
}

/** forEachChild (walk.ts) with visitScoped: a call site of its own, so that it stays
 *  monomorphic. Same children, same order. */
function visitScopedChildren(n: Node, t: Traversal): void {
  switch (n.kind) {
    case "File": visitScopedList(n.stmts, t); return;
    case "ExprStmt": visitScoped(n.x, t); return;
    case "BranchStmt": return;
    case "IfStmt": visitScoped(n.cond, t); visitScopedList(n.trueBody, t); visitScopedList(n.falseBody, t); return;
    case "AssignStmt": visitScoped(n.lhs, t); visitScoped(n.rhs, t); return;
    case "DefStmt": visitScoped(n.name, t); visitScopedList(n.params, t); visitScopedList(n.body, t); return;
    case "ForStmt": visitScoped(n.vars, t); visitScoped(n.x, t); visitScopedList(n.body, t); return;
    case "WhileStmt": visitScoped(n.cond, t); visitScopedList(n.body, t); return;
    case "ReturnStmt": if (n.result) visitScoped(n.result, t); return;
    case "LoadStmt": visitScoped(n.module, t); visitScopedList(n.from, t); visitScopedList(n.to, t); return;
    case "Ident": case "Literal": case "BadExpr": return;
    case "ListExpr": visitScopedList(n.list, t); return;
    case "ParenExpr": visitScoped(n.x, t); return;
    case "CondExpr": visitScoped(n.cond, t); visitScoped(n.trueX, t); visitScoped(n.falseX, t); return;
    case "IndexExpr": visitScoped(n.x, t); visitScoped(n.y, t); return;
    case "DictEntry": visitScoped(n.key, t); visitScoped(n.value, t); return;
    case "SliceExpr":
      visitScoped(n.x, t);
      if (n.lo) visitScoped(n.lo, t);
      if (n.hi) visitScoped(n.hi, t);
      if (n.step) visitScoped(n.step, t);
      return;
    case "Comprehension": visitScoped(n.body, t); visitScopedList(n.clauses, t); return;
    case "IfClause": visitScoped(n.cond, t); return;
    case "ForClause": visitScoped(n.vars, t); visitScoped(n.x, t); return;
    case "TupleExpr": visitScopedList(n.list, t); return;
    case "DictExpr": visitScopedList(n.list, t); return;
    case "UnaryExpr": if (n.x) visitScoped(n.x, t); return;
    case "BinaryExpr": visitScoped(n.x, t); visitScoped(n.y, t); return;
    case "DotExpr": visitScoped(n.x, t); visitScoped(n.name, t); return;
    case "CallExpr": visitScoped(n.fn, t); visitScopedList(n.args, t); return;
    case "LambdaExpr": visitScopedList(n.params, t); visitScoped(n.body, t); return;
  }
}

export function scopedNodes(a: Analysis): ScopedNode[] {
  let list = cache.get(a);
  if (list) return list;
  list = [];
  visitScoped(a.file, { scope: a.file, all: list });
  cache.set(a, list);
  return list;
}

/** The kinds the lint rules ask for, listed in one traversal; any other kind is listed by
 *  a traversal of its own on first request. */
const LISTED_UP_FRONT = new Set<string>(["CallExpr", "DotExpr", "IndexExpr", "BinaryExpr"]);

/** The nodes of one kind (e.g. "CallExpr"), in pre-order, with their scopes: most rules
 *  look at a few kinds only. */
export function nodesOfKind<K extends Node["kind"]>(a: Analysis, kind: K): { node: Extract<Node, { kind: K }>; scope: Scope }[] {
  let map = byKindCache.get(a);
  if (!map) {
    const m = (map = new Map<string, ScopedNode[]>());
    const lists: Partial<Record<string, ScopedNode[]>> = {};
    for (const k of LISTED_UP_FRONT) m.set(k, (lists[k] = []));
    const list = cache.get(a);
    if (list) {
      for (const item of list) lists[item.node.kind]?.push(item);
    } else {
      visitScoped(a.file, { scope: a.file, lists });
    }
    byKindCache.set(a, map);
  }
  let found = map.get(kind);
  if (!found) {
    found = [];
    visitScoped(a.file, { scope: a.file, lists: { [kind]: found } });
    map.set(kind, found);
  }
  return (found ?? []) as { node: Extract<Node, { kind: K }>; scope: Scope }[];
}

/** Calls `visit` for every node in pre-order with its enclosing scope. */
export function walkScoped(a: Analysis, visit: (node: Node, scope: Scope) => void): void {
  for (const { node, scope } of scopedNodes(a)) visit(node, scope);
}


/** Drops the lists above (the lint rules, their only users, are done with them): an
 *  analysis lives as long as its document is open. */
export function forgetScopedNodes(a: Analysis): void {
  cache.delete(a);
  byKindCache.delete(a);
}
