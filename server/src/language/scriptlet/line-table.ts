// Line starts of a document version, for LSP positions (the same answers as
// incus/scriptlet/positions.ts LineIndex), made from the previous version's table when there
// is one: only the lines of the changed span are scanned, the others are copied (moved by
// the length difference). A keystroke in a 5 MB document then costs a copy of ~300,000
// numbers, not a scan of 5 million characters.
import type { Position } from "../../starlark/syntax/ast";
import type { LspPosition } from "../../incus/scriptlet/positions";

/** Compared a block at a time first: string equality is a memory compare. */
const BLOCK = 4096;

export class LineTable {
  private constructor(readonly text: string, private readonly starts: Int32Array) {}

  static of(text: string): LineTable {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    return new LineTable(text, Int32Array.from(starts));
  }

  /** The table of `text`, from `prev` (an earlier version's) where the texts agree. */
  static from(prev: LineTable | undefined, text: string): LineTable {
    if (!prev) return LineTable.of(text);
    const old = prev.text;
    if (old === text) return prev;
    const prefix = commonPrefix(old, text);
    const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
    const delta = text.length - old.length;
    const oldStarts = prev.starts;
    // A line starts after a "\n": those in the common prefix stay, those of the changed span
    // are found again, those in the common suffix move by delta.
    const head = firstAtLeast(oldStarts, prefix + 1);
    const changed: number[] = [];
    const changedEnd = text.length - suffix;
    for (let i = prefix; i < changedEnd; i++) if (text.charCodeAt(i) === 10) changed.push(i + 1);
    const tail = firstAtLeast(oldStarts, old.length - suffix + 1);
    const starts = new Int32Array(head + changed.length + oldStarts.length - tail);
    starts.set(oldStarts.subarray(0, head));
    starts.set(changed, head);
    for (let k = tail, j = head + changed.length; k < oldStarts.length; k++, j++) starts[j] = oldStarts[k] + delta;
    return new LineTable(text, starts);
  }

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

/** The index of the first element of ascending `xs` that is at least `x` (or its length). */
function firstAtLeast(xs: Int32Array, x: number): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= n && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + BLOCK <= max && a.slice(a.length - i - BLOCK, a.length - i) === b.slice(b.length - i - BLOCK, b.length - i)) i += BLOCK;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}
