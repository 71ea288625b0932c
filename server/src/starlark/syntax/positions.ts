// Small helpers on source positions.
import type { Position } from "./ast";

/** The position `text` further on from `p`, counting as go.starlark.net's Position.add
 *  does (columns in code points), plus the UTF-16 offset. */
export function advance(p: Position, text: string): Position {
  let { line, col } = p;
  const lastNewline = text.lastIndexOf("\n");
  let tail = text;
  if (lastNewline >= 0) {
    line += text.split("\n").length - 1;
    col = 1;
    tail = text.slice(lastNewline + 1);
  }
  let runes = 0;
  for (const _ of tail) runes++;
  return { line, col: col + runes, offset: p.offset + text.length };
}

/** Orders positions as they occur in the source. */
export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.col !== b.col ? a.col - b.col : a.offset - b.offset;
}

export function formatPosition(p: Position): string {
  return `${p.line}:${p.col}`;
}
