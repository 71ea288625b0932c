// The innermost syntax node at an offset, with its ancestors (outermost first).
import type { Node } from "../../starlark/syntax/ast";
import { children } from "../../starlark/syntax/walk";

export function nodePathAt(root: Node, offset: number): Node[] {
  const path: Node[] = [root];
  let current: Node = root;
  for (;;) {
    const next = children(current).find((c) => "start" in c && c.start.offset <= offset && offset <= c.end.offset);
    if (!next) return path;
    path.push(next);
    current = next;
  }
}
