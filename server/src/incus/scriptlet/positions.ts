// Conversions between the engine's positions (1-based line/col as go.starlark.net counts,
// plus a UTF-16 offset) and LSP positions (0-based line, UTF-16 character).
import type { Position } from "../../starlark/syntax/ast";

export interface LspPosition {
  line: number;
  character: number;
}

export class LineIndex {
  /** The offset each line starts at (`starts`: already known, e.g. derived from an earlier
   *  version's, language/scriptlet/line-table.ts). */
  constructor(readonly text: string, protected readonly starts: Int32Array = lineStarts(text)) {}

  positionAt(offset: number): LspPosition {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(p: LspPosition): number {
    const start = this.starts[Math.min(Math.max(p.line, 0), this.starts.length - 1)] ?? 0;
    return Math.min(start + p.character, this.text.length);
  }

  /** The LSP position of an engine position (its offset is authoritative). */
  fromEngine(p: Position): LspPosition {
    return this.positionAt(p.offset);
  }

  /** An engine line/col (1-based, col counted in code points) without an offset. */
  fromLineCol(line1: number, col1: number): LspPosition {
    const line = Math.max(0, Math.min(line1 - 1, this.starts.length - 1));
    const start = this.starts[line];
    let i = start;
    for (let c = 1; c < col1 && i < this.text.length && this.text.charCodeAt(i) !== 10; c++) {
      const code = this.text.codePointAt(i)!;
      i += code > 0xffff ? 2 : 1;
    }
    return { line, character: i - start };
  }

  /** Start of a 1-based line (for positions that only have a line, like backtraces). */
  lineStart(line1: number): LspPosition {
    return { line: Math.max(0, line1 - 1), character: 0 };
  }
}

/** The offsets the lines of `text` start at. */
export function lineStarts(text: string): Int32Array {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return Int32Array.from(starts);
}
