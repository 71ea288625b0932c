// Incremental re-parsing for editors: after an edit, only the top-level statements it touches
// are parsed again; the statements before it are kept as they are and those after it are kept
// with their positions moved.
//
// Why that gives exactly the tree and errors a full parse gives: the parser marks "clean
// points" (parser.ts cleanPoint): top-level statements that start a line at column 1 with no
// bracket or block open, no error being suppressed and every earlier error on an earlier line.
// From a clean point on, the parse depends on nothing but the text from there. So the parse
// restarts at the last clean point before the edit (the scanner set to that line), and stops
// at the first clean point after the edit that was also one in the previous parse: from there
// the text is unchanged, and so is its parse (moved). Errors, comments and clean points of the
// three parts are put together the same way. A previous parse that ended early (nesting too
// deep) is not reused, nor is a re-parsed part that does. A randomized test compares the
// result with a full parse after each of thousands of random edits.
import type { File, Node, Position, Stmt, SyntaxDiagnostic } from "./ast";
import { parseFileDetailed } from "./index";
import { Parser } from "./parser";
import { comparePositions } from "./positions";
import { collectChildren } from "./walk";
import { commonPrefix, commonSuffix } from "./common-span";

/** A parse and the text it was made from. */
export interface ParsedText {
  text: string;
  file: File;
  errors: SyntaxDiagnostic[];
  /** Offsets of the top-level statements that began at a clean point (parser.ts cleanPoint),
   *  ascending; undefined when this parse cannot be reused (it ended early). */
  cleanStarts?: number[];
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
    const r = parseFileDetailed(path, text);
    return { text, file: r.file, errors: r.errors, cleanStarts: r.fatal ? undefined : r.cleanStarts };
  };
  const clean = prev?.cleanStarts;
  if (!prev || !clean || prev.file.path !== path) return full();
  const old = prev.text;
  if (old === text) {
    if (stats) Object.assign(stats, { mode: "same", parsed: 0 });
    return prev;
  }
  const stmts = prev.file.stmts;
  // The changed span: text[prefix, text.length - suffix) replaced old[prefix, old.length - suffix).
  const prefix = commonPrefix(old, text);
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
  // Re-start at the last clean statement start strictly before the edit (or the beginning).
  const c = lastBelow(clean, prefix);
  const startOffset = c >= 0 ? clean[c] : 0;
  const first = c >= 0 ? stmtAt(stmts, startOffset) : 0;
  const start: Position = c >= 0 ? stmts[first].start : { line: 1, col: 1, offset: 0 };
  // Stop at a clean statement start of the old parse wholly in the unchanged tail.
  const delta = text.length - old.length;
  const unchangedFrom = old.length - suffix;
  const resumable = new Set<number>();
  for (let k = clean.length - 1; k > c && clean[k] >= unchangedFrom; k--) resumable.add(clean[k]);
  const part = new Parser(path, text, start).parseFile((tv) => resumable.has(tv.pos.offset - delta));
  if (part.fatal) return full();
  part.errors.sort((a, b) => comparePositions(a.pos, b.pos));
  const resumeOld = part.stoppedAt ? part.stoppedAt.pos.offset - delta : Infinity;
  const resume = part.stoppedAt ? stmtAt(stmts, resumeOld) : stmts.length;
  const lineDelta = part.stoppedAt ? part.stoppedAt.pos.line - stmts[resume].start.line : 0;
  const kept = stmts.slice(resume);
  const keptComments = prev.file.comments.filter((x) => x.start.offset >= resumeOld);
  const keptErrors = prev.errors.filter((e) => e.pos.offset >= resumeOld);
  if (delta !== 0 || lineDelta !== 0) moveAll(kept, keptComments, keptErrors, delta, lineDelta);
  const file: File = {
    kind: "File",
    path,
    stmts: [...stmts.slice(0, first), ...part.file.stmts, ...kept],
    comments: [...prev.file.comments.filter((x) => x.start.offset < startOffset), ...part.file.comments, ...keptComments],
  };
  const errors = [...prev.errors.filter((e) => e.pos.offset < startOffset), ...part.errors, ...keptErrors];
  const cleanStarts = [...clean.slice(0, Math.max(c, 0)), ...part.cleanStarts];
  for (let k = 0; k < clean.length; k++) if (clean[k] >= resumeOld) cleanStarts.push(clean[k] + delta);
  if (stats) Object.assign(stats, { mode: "incremental", parsed: part.file.stmts.length });
  return { text, file, errors, cleanStarts };
}

/** The index of the last element of ascending `xs` below `limit`, or -1. */
function lastBelow(xs: readonly number[], limit: number): number {
  let found = -1;
  for (let lo = 0, hi = xs.length - 1; lo <= hi;) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < limit) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The index of the first top-level statement starting at `offset` (one does; after error
 *  recovery several may start at one offset, all parsed from the clean point there). */
function stmtAt(stmts: readonly Stmt[], offset: number): number {
  let found = -1;
  for (let lo = 0, hi = stmts.length - 1; lo <= hi;) {
    const mid = (lo + hi) >> 1;
    const o = stmts[mid].start.offset;
    if (o >= offset) {
      if (o === offset) found = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  if (found < 0) throw new Error(`no statement starts at ${offset}`);
  return found;
}

/** Moves every position under `stmts` and of `comments` and `errors` by `delta` characters
 *  and `lines` lines (columns stay: the moved text starts a line). Positions may be shared
 *  (the scanner reuses equal ones), so each object must move once: a first pass moves each
 *  and marks it by storing its new offset complemented (negative, so seen), a second pass
 *  clears the marks. No set of visited objects: a 5 MB file has millions of positions. */
function moveAll(stmts: readonly Stmt[], comments: readonly { start: Position }[], errors: readonly SyntaxDiagnostic[], delta: number, lines: number): void {
  const move = (p: Position | undefined) => {
    if (p && p.offset >= 0) {
      p.offset = ~(p.offset + delta);
      p.line += lines;
    }
  };
  const unmark = (p: Position | undefined) => {
    if (p && p.offset < 0) p.offset = ~p.offset;
  };
  const lists = stmts.map(positionsUnder);
  for (const f of [move, unmark]) {
    for (const x of comments) f(x.start);
    for (const e of errors) {
      f(e.pos);
      f(e.end);
      f(e.from);
    }
    // The statements' positions, from their lists (see positionsUnder).
    for (let i = 0; i < lists.length; i++) {
      const ps = lists[i];
      if (f === move) {
        for (let k = 0; k < ps.length; k++) {
          const p = ps[k];
          if (p.offset >= 0) {
            p.offset = ~(p.offset + delta);
            p.line += lines;
          }
        }
      } else {
        for (let k = 0; k < ps.length; k++) if (ps[k].offset < 0) ps[k].offset = ~ps[k].offset;
      }
    }
  }
}

/** Every position held under a top-level statement (shared ones more than once), listed on
 *  its first move: a kept statement's tree never changes, only its positions move, and an
 *  edit near the top of a 5 MB file moves the positions of 100,000 statements per keystroke
 *  (a walk of their trees each time cost ~100 ms). */
const statementPositions = new WeakMap<Stmt, Position[]>();

function positionsUnder(s: Stmt): Position[] {
  let list = statementPositions.get(s);
  if (!list) {
    // Each position once (marked while listed, then unmarked).
    const found: Position[] = (list = []);
    forEachPosition([s], (p) => {
      if (p.offset >= 0) {
        found.push(p);
        p.offset = ~p.offset;
      }
    });
    for (const p of found) p.offset = ~p.offset;
    statementPositions.set(s, list);
  }
  return list;
}

/** The positions each kind of node holds besides start and end (ast.ts). */
const POSITION_KEYS: Record<string, readonly string[]> = {
  AssignStmt: ["opPos"], BinaryExpr: ["opPos"], UnaryExpr: ["opPos"], BranchStmt: ["tokenPos"],
  CallExpr: ["lparen", "rparen"], ParenExpr: ["lparen", "rparen"], TupleExpr: ["lparen", "rparen"],
  Comprehension: ["lbrack", "rbrack"], IndexExpr: ["lbrack", "rbrack"], ListExpr: ["lbrack", "rbrack"],
  SliceExpr: ["lbrack", "rbrack"], CondExpr: ["ifPos", "elsePos"], IfStmt: ["ifPos", "elsePos"],
  DictEntry: ["colon"], DictExpr: ["lbrace", "rbrace"], DotExpr: ["dot"], ForClause: ["forPos", "inPos"],
  ForStmt: ["forPos"], IfClause: ["ifPos"], LambdaExpr: ["lambda"], DefStmt: ["defPos", "lparen", "rparen"],
  LoadStmt: ["loadPos", "rparen"], ReturnStmt: ["returnPos"], WhileStmt: ["whilePos"],
};
const NONE: readonly string[] = [];

/** Calls `f` for each position held by a node under `roots` (shared ones more than once). */
function forEachPosition(roots: readonly Node[], f: (p: Position) => void): void {
  const stack: Node[] = [...roots];
  while (stack.length > 0) {
    const n = stack.pop()! as Exclude<Node, File>;
    f(n.start);
    f(n.end);
    const keys = POSITION_KEYS[n.kind] ?? NONE;
    for (let i = 0; i < keys.length; i++) {
      const p = (n as unknown as Record<string, Position | undefined>)[keys[i]];
      if (p !== undefined) f(p);
    }
    collectChildren(n, stack);
  }
}
