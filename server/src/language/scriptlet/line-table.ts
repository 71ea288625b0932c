// Line starts of a document version, for LSP positions (a LineIndex, incus/scriptlet/
// positions.ts), made from the previous version's table when there
// is one: only the lines of the changed span are scanned, the others are copied (moved by
// the length difference). A keystroke in a 5 MB document then costs a copy of ~300,000
// numbers, not a scan of 5 million characters.
import { LineIndex } from "../../incus/scriptlet/positions";
import { commonPrefix, commonSuffix } from "../../starlark/syntax/common-span";

export class LineTable extends LineIndex {
  static of(text: string): LineTable {
    return new LineTable(text);
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
