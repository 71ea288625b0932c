// Every node of a file with its enclosing function, listed once per analysis and shared by
// all lint rules (one traversal instead of one per rule).
import type { DefStmt, LambdaExpr, Node } from "../../starlark/syntax/ast";
import { forEachChild } from "../../starlark/syntax/walk";
import type { Analysis, Scope } from "./analysis";

export interface ScopedNode {
  node: Node;
  scope: Scope;
}

const cache = new WeakMap<Analysis, ScopedNode[]>();
const byKindCache = new WeakMap<Analysis, Map<string, ScopedNode[]>>();

interface Traversal {
  scope: Scope;
  add: (item: ScopedNode) => void;
  /** Kinds not to add, or the only kind to add. */
  skip?: ReadonlySet<string>;
  only?: string;
}

/** Pre-order (children in source order), each node with its enclosing function: a
 *  function is in its parent's scope, its descendants in its own. */
function visitScoped(n: Node, t: Traversal): void {
  const scope = t.scope;
  if (t.only === undefined ? !t.skip?.has(n.kind) : n.kind === t.only) t.add({ node: n, scope });
  if (n.kind === "Ident" || n.kind === "Literal") return; // leaves
  if (n.kind === "DefStmt" || n.kind === "LambdaExpr") {
    t.scope = n as DefStmt | LambdaExpr;
    forEachChild(n, visitScoped, t);
    t.scope = scope;
  } else {
    forEachChild(n, visitScoped, t);
  }
}

export function scopedNodes(a: Analysis): ScopedNode[] {
  let list = cache.get(a);
  if (list) return list;
  const out: ScopedNode[] = (list = []);
  visitScoped(a.file, { scope: a.file, add: (item) => out.push(item) });
  cache.set(a, list);
  return list;
}

/** Kinds too numerous to list up front (most rules never ask for them): listed by a
 *  traversal of their own on first request. */
const LISTED_ON_DEMAND = new Set<string>(["Ident", "Literal"]);

/** The nodes of one kind (e.g. "CallExpr"), in pre-order, with their scopes: most rules
 *  look at a few kinds only. */
export function nodesOfKind<K extends Node["kind"]>(a: Analysis, kind: K): { node: Extract<Node, { kind: K }>; scope: Scope }[] {
  let map = byKindCache.get(a);
  if (!map) {
    const m = (map = new Map<string, ScopedNode[]>());
    const list = cache.get(a);
    if (list) {
      for (const item of list) add(m, item);
      for (const k of LISTED_ON_DEMAND) if (!m.has(k)) m.set(k, []);
    } else {
      visitScoped(a.file, { scope: a.file, add: (item) => add(m, item), skip: LISTED_ON_DEMAND });
    }
    byKindCache.set(a, map);
  }
  let found = map.get(kind);
  if (!found && LISTED_ON_DEMAND.has(kind)) {
    const only: ScopedNode[] = (found = []);
    visitScoped(a.file, { scope: a.file, add: (item) => only.push(item), only: kind });
    map.set(kind, only);
  }
  return (found ?? []) as { node: Extract<Node, { kind: K }>; scope: Scope }[];
}

/** Calls `visit` for every node in pre-order with its enclosing scope. */
export function walkScoped(a: Analysis, visit: (node: Node, scope: Scope) => void): void {
  for (const { node, scope } of scopedNodes(a)) visit(node, scope);
}

function add(map: Map<string, ScopedNode[]>, item: ScopedNode): void {
  let list = map.get(item.node.kind);
  if (!list) map.set(item.node.kind, (list = []));
  list.push(item);
}
