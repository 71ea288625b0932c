// Every node of a file with its enclosing function, listed once per analysis and shared by
// all lint rules (one traversal instead of one per rule).
import type { DefStmt, LambdaExpr, Node, Stmt } from "../../starlark/syntax/ast";
import { collectChildren } from "../../starlark/syntax/walk";
import type { Analysis, Scope } from "./analysis";

export interface ScopedNode {
  node: Node;
  scope: Scope;
}

const cache = new WeakMap<Analysis, ScopedNode[]>();
/** Per list of top-level statements (the file's, or one statement's for the lint cache). */
const byKindCache = new WeakMap<readonly Stmt[], Map<string, ScopedNode[]>>();

interface Traversal {
  scope: Scope;
  /** Where each node goes: the list for its kind (a node of a kind without one is not
   *  listed), or `all`. */
  lists?: Partial<Record<string, ScopedNode[]>>;
  all?: ScopedNode[];
}

/** Pre-order (children in source order), each node with its enclosing function: a
 *  function is in its parent's scope, its descendants in its own. Iterative (an explicit
 *  stack of node/scope pairs): trees nest as deep as the input does. */
function visitScoped(root: Node, t: Traversal): void {
  const nodes: Node[] = [root];
  const scopes: Scope[] = [t.scope];
  const kids: Node[] = [];
  while (nodes.length > 0) {
    const n = nodes.pop()!;
    const scope = scopes.pop()!;
    const list = t.all ?? t.lists![n.kind];
    if (list !== undefined) list.push({ node: n, scope });
    const inner: Scope = n.kind === "DefStmt" || n.kind === "LambdaExpr" ? n : scope;
    collectChildren(n, kids);
    for (let i = kids.length - 1; i >= 0; i--) {
      nodes.push(kids[i]);
      scopes.push(inner);
    }
    kids.length = 0;
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
 *  look at a few kinds only. `stmts`: the top-level statements to look in (default: all). */
export function nodesOfKind<K extends Node["kind"]>(a: Analysis, kind: K, stmts: readonly Stmt[] = a.file.stmts): { node: Extract<Node, { kind: K }>; scope: Scope }[] {
  const whole = stmts === a.file.stmts;
  let map = byKindCache.get(stmts);
  if (!map) {
    const m = (map = new Map<string, ScopedNode[]>());
    const lists: Partial<Record<string, ScopedNode[]>> = {};
    for (const k of LISTED_UP_FRONT) m.set(k, (lists[k] = []));
    const list = whole ? cache.get(a) : undefined;
    if (list) {
      for (const item of list) lists[item.node.kind]?.push(item);
    } else {
      visitStatements(a, stmts, lists);
    }
    byKindCache.set(stmts, map);
  }
  let found = map.get(kind);
  if (!found) {
    found = [];
    visitStatements(a, stmts, { [kind]: found });
    map.set(kind, found);
  }
  return (found ?? []) as { node: Extract<Node, { kind: K }>; scope: Scope }[];
}

/** visitScoped over top-level statements, each in the file's scope (the File node itself is
 *  of no listed kind). */
function visitStatements(a: Analysis, stmts: readonly Stmt[], lists: Partial<Record<string, ScopedNode[]>>): void {
  for (let i = 0; i < stmts.length; i++) visitScoped(stmts[i], { scope: a.file, lists });
}

/** Calls `visit` for every node in pre-order with its enclosing scope. */
export function walkScoped(a: Analysis, visit: (node: Node, scope: Scope) => void): void {
  for (const { node, scope } of scopedNodes(a)) visit(node, scope);
}


/** Drops the lists above (the lint rules, their only users, are done with them): an
 *  analysis lives as long as its document is open. */
export function forgetScopedNodes(a: Analysis): void {
  cache.delete(a);
  byKindCache.delete(a.file.stmts);
}
