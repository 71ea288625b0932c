// Maps a path into the parsed data (as zod reports it: ["members", 2, "status"]) back to the
// YAML node it came from, so an error can name a line and column. When the path leads to a key
// that is absent (a missing required field), the nearest enclosing node is used instead.
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from "yaml";

export interface SourceRange {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export function findPair(map: unknown, key: PropertyKey): Pair<unknown, unknown> | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key));
}

/** The deepest node along `path`; with `keyOf`, the key node of that last segment instead of its value. */
export function nodeAt(doc: Document, path: readonly PropertyKey[], keyOf = false): Node | undefined {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    let next: unknown;
    if (isMap(node)) {
      const pair = findPair(node, seg);
      if (!pair) break;
      if (keyOf && i === path.length - 1) return pair.key as Node;
      next = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      next = node.items[seg];
    }
    if (next === undefined || next === null) break;
    node = next;
  }
  return (node ?? undefined) as Node | undefined;
}

export function rangeOf(node: Node | undefined, lc: LineCounter): SourceRange {
  const [start, end] = node?.range ?? [0, 0];
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(start, end));
  return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
}

export function offsetRange(start: number, end: number, lc: LineCounter): SourceRange {
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(start, end));
  return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
}

/** `members[2].config["limits.cpu"]` — readable, and unambiguous for dotted config keys. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(seg))) out += (out ? "." : "") + String(seg);
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}
