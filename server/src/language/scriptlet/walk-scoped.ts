// Every node of a file with its enclosing function, listed once per analysis and shared by
// all lint rules (one traversal instead of one per rule).
import type { DefStmt, LambdaExpr, Node } from "../../starlark/syntax/ast";
import { children } from "../../starlark/syntax/walk";
import type { Analysis, Scope } from "./analysis";

export interface ScopedNode {
  node: Node;
  scope: Scope;
}

const cache = new WeakMap<Analysis, ScopedNode[]>();
const byKindCache = new WeakMap<Analysis, Map<string, ScopedNode[]>>();

export function scopedNodes(a: Analysis): ScopedNode[] {
  let list = cache.get(a);
  if (list) return list;
  list = [];
  const stack: ScopedNode[] = [{ node: a.file, scope: a.file }];
  while (stack.length) {
    const item = stack.pop()!;
    list.push(item);
    const n = item.node;
    const inner = n.kind === "DefStmt" || n.kind === "LambdaExpr" ? (n as DefStmt | LambdaExpr) : item.scope;
    const kids = children(n);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], scope: inner });
  }
  cache.set(a, list);
  return list;
}

/** The nodes of one kind (e.g. "CallExpr"), in pre-order, with their scopes: most rules
 *  look at a few kinds only. */
export function nodesOfKind<K extends Node["kind"]>(a: Analysis, kind: K): { node: Extract<Node, { kind: K }>; scope: Scope }[] {
  let map = byKindCache.get(a);
  if (!map) {
    map = new Map();
    for (const item of scopedNodes(a)) {
      let list = map.get(item.node.kind);
      if (!list) map.set(item.node.kind, (list = []));
      list.push(item);
    }
    byKindCache.set(a, map);
  }
  return (map.get(kind) ?? []) as { node: Extract<Node, { kind: K }>; scope: Scope }[];
}

/** Calls `visit` for every node in pre-order with its enclosing scope. */
export function walkScoped(a: Analysis, visit: (node: Node, scope: Scope) => void): void {
  for (const { node, scope } of scopedNodes(a)) visit(node, scope);
}
