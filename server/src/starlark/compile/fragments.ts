// Generated JavaScript is built as a tree of fragments: strings plus position marks. A mark
// sits right before the `(` of a fallible call, because QuickJS reports a plain identifier
// call's stack position at its `(`; rendering the tree resolves each mark to the JS line:col
// it will have, which is what the host sees in an error's stack.
import type { PositionEntry } from "./program";

/** A Starlark position that a JS call site stands for. */
export interface Mark {
  readonly kind: "mark";
  /** Starlark function name ("<toplevel>", "lambda", or the def's name). */
  readonly fn: string;
  readonly line: number;
  readonly col: number;
  /** For x.f(...) compiled as one callMethod: the position of the `.`, reported when the
   *  attribute lookup is what failed. */
  readonly attr?: { line: number; col: number };
  /** The call of a comprehension's wrapper function (see program.ts, "wrap" entries). */
  readonly wrap?: true;
}

export type Frag = string | Mark | readonly Frag[];

export function mark(fn: string, pos: { line: number; col: number }, attr?: { line: number; col: number }): Mark {
  return attr ? { kind: "mark", fn, line: pos.line, col: pos.col, attr: { line: attr.line, col: attr.col } } : { kind: "mark", fn, line: pos.line, col: pos.col };
}

/** The call site of a comprehension's JS wrapper function, at the comprehension's `[`/`{`. */
export function wrapMark(fn: string, pos: { line: number; col: number }): Mark {
  return { kind: "mark", fn, line: pos.line, col: pos.col, wrap: true };
}

/** A rendered mark: where the call is in the JS text and what it stands for. */
export interface PlacedMark {
  jsLine: number;
  jsCol: number;
  fn: string;
  line: number;
  col: number;
  attr?: { line: number; col: number };
  wrap?: true;
}

/** The position-table entry of a rendered mark (program.ts PositionTable). */
export function positionEntry(m: PlacedMark): PositionEntry {
  if (m.attr) return [m.fn, m.line, m.col, m.attr.line, m.attr.col];
  return m.wrap ? [m.fn, m.line, m.col, "wrap"] : [m.fn, m.line, m.col];
}

/** Flattens fragments into text, recording where each mark landed (1-based line and col).
 *  The generated text must be ASCII so that columns count characters as QuickJS does. */
export function render(root: Frag): { text: string; marks: PlacedMark[] } {
  const parts: string[] = [];
  const marks: PlacedMark[] = [];
  let line = 1;
  let col = 1;
  // An explicit stack, not recursion: fragment trees nest as deep as the program does.
  const stack: Frag[] = [root];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (typeof f === "string") {
      parts.push(f);
      const nl = f.lastIndexOf("\n");
      if (nl < 0) {
        col += f.length;
      } else {
        for (let i = 0; i < f.length; i++) if (f.charCodeAt(i) === 10) line++;
        col = f.length - nl;
      }
    } else if (Array.isArray(f)) {
      const list = f as readonly Frag[];
      for (let i = list.length - 1; i >= 0; i--) stack.push(list[i]);
    } else {
      const m = f as Mark;
      marks.push({ jsLine: line, jsCol: col, fn: m.fn, line: m.line, col: m.col, attr: m.attr, wrap: m.wrap });
    }
  }
  return { text: parts.join(""), marks };
}
