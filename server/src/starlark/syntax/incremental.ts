// Incremental re-parsing for editors: after an edit, only the top-level statements it touches
// are parsed again; the statements before it are kept as they are and those after it are kept
// with their positions moved.
//
// Why that gives exactly the tree (and errors) a full parse gives: a top-level statement that
// starts a line (column 1) is a point where the parser holds no state but the position — no
// bracket, indentation or continuation is open, and without syntax errors no recovery either.
// So the parse is re-started at such a point before the edit (the scanner set to that line,
// parser-base.ts `start`), and stopped at the first such point after the edit that was a
// statement start in the previous parse (the text from there on is unchanged, and so is its
// parse, moved). The one way the text before the start could reach into the edit — an
// indented line at the start joining the statement before it — parses as an unexpected indent
// on its own, an error; and any error (in the old parse or the re-parsed part) makes this
// fall back to a full parse, as recovery is not local. A randomized test compares the two.
import type { File, Node, Position, Stmt, SyntaxDiagnostic } from "./ast";
import { parse } from "./index";
import { Parser } from "./parser";
import { collectChildren } from "./walk";

/** A parse and the text it was made from. */
export interface ParsedText {
  text: string;
  file: File;
  errors: SyntaxDiagnostic[];
}

/** How a reparse went (for tests and benchmarks). */
export interface ReparseStats {
  /** "full": parsed from scratch; "incremental": statements were reused; "same": no change. */
  mode: "full" | "incremental" | "same";
  /** Top-level statements parsed again (incremental). */
  parsed: number;
}

/** Parses `text`, reusing what it can of `prev` (the parse of an earlier version of it). The
 *  result equals `parse(path, text)`; the reused statement objects of `prev` are moved in
 *  place, so `prev` must not be used afterwards. */
export function reparse(path: string, prev: ParsedText | undefined, text: string, stats?: ReparseStats): ParsedText {
  const full = (): ParsedText => {
    if (stats) Object.assign(stats, { mode: "full", parsed: 0 });
    return { text, ...parse(path, text) };
  };
  if (!prev || prev.errors.length > 0 || prev.file.path !== path) return full();
  const old = prev.text;
  if (old === text) {
    if (stats) Object.assign(stats, { mode: "same", parsed: 0 });
    return prev;
  }
  const stmts = prev.file.stmts;
  // The changed span: text[prefix, text.length - suffix) replaced old[prefix, old.length - suffix).
  const prefix = commonPrefix(old, text);
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
  // Re-start at the last line-starting statement that begins strictly before the edit.
  let first = -1;
  for (let lo = 0, hi = stmts.length - 1; lo <= hi;) {
    const mid = (lo + hi) >> 1;
    if (stmts[mid].start.offset < prefix) {
      first = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  while (first >= 0 && stmts[first].start.col !== 1) first--;
  const start: Position = first >= 0 ? stmts[first].start : { line: 1, col: 1, offset: 0 };
  if (first < 0) first = 0;
  // Stop at a line-starting statement of the old parse wholly in the unchanged tail.
  const delta = text.length - old.length;
  const unchangedFrom = old.length - suffix;
  const resumeAt = new Map<number, number>();
  for (let k = stmts.length - 1; k > first && stmts[k].start.offset >= unchangedFrom; k--) {
    if (stmts[k].start.col === 1) resumeAt.set(stmts[k].start.offset, k);
  }
  const parser = new Parser(path, text, start);
  const part = parser.parseFile((tv) => tv.pos.col === 1 && resumeAt.has(tv.pos.offset - delta));
  if (part.errors.length > 0) return full();
  const resume = part.stoppedAt ? resumeAt.get(part.stoppedAt.pos.offset - delta)! : stmts.length;
  const lineDelta = part.stoppedAt ? part.stoppedAt.pos.line - stmts[resume].start.line : 0;
  const kept = stmts.slice(resume);
  const oldResumeOffset = resume < stmts.length ? stmts[resume].start.offset : Infinity;
  const keptComments = prev.file.comments.filter((c) => c.start.offset >= oldResumeOffset);
  if (delta !== 0 || lineDelta !== 0) moveAll(kept, keptComments, delta, lineDelta);
  const file: File = {
    kind: "File",
    path,
    stmts: [...stmts.slice(0, first), ...part.file.stmts, ...kept],
    comments: [...prev.file.comments.filter((c) => c.start.offset < start.offset), ...part.file.comments, ...keptComments],
  };
  if (stats) Object.assign(stats, { mode: "incremental", parsed: part.file.stmts.length });
  return { text, file, errors: [] };
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/** Moves every position under `stmts` and of `comments` by `delta` characters and `lines`
 *  lines (columns stay: the moved text starts a line). Positions may be shared between nodes
 *  (the scanner reuses equal ones), so each object is moved once. */
function moveAll(stmts: readonly Stmt[], comments: readonly { start: Position }[], delta: number, lines: number): void {
  const moved = new Set<Position>();
  const move = (p: Position) => {
    if (moved.has(p)) return;
    moved.add(p);
    p.offset += delta;
    p.line += lines;
  };
  for (const c of comments) move(c.start);
  const stack: Node[] = [...stmts];
  while (stack.length > 0) {
    const n = stack.pop()! as unknown as Record<string, unknown>;
    for (const key in n) {
      const v = n[key];
      if (v !== null && typeof v === "object" && typeof (v as Position).offset === "number" && typeof (v as Position).line === "number") move(v as Position);
    }
    collectChildren(n as unknown as Node, stack);
  }
}
