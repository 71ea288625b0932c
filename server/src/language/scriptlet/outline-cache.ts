// The outline of a document version (folding ranges, semantic tokens),
// made a top-level statement at a time and kept per statement for the next version, like the
// lint findings (diagnostics.ts): a statement's part is reused while the statement object is
// the same (and, for the tokens, which read bindings, its resolution), moved to its new lines.
// The whole equals making it over the whole file: statements do not overlap, so their parts
// come in document order one after the other.
import type { Stmt } from "../../starlark/syntax/ast";
import type { LspPosition } from "../../incus/scriptlet/positions";
import type { Analysis } from "./analysis";
import { foldingOf, symbolsOf, tokensOf, type DocumentSymbol } from "./outline";
import { alignByStatement } from "./statement-cache";

export interface Outline {
  folding: { startLine: number; endLine: number }[];
  /** Absolute [line, character, length, type, modifiers] quintuples, in document order. */
  tokens: number[];
}

/** One top-level statement's part of the outline, with the line it was made at. */
export interface OutlineRecord {
  readonly stmt: Stmt;
  resolution: object | undefined;
  start: LspPosition;
  folding: { startLine: number; endLine: number }[];
  tokens: number[];
}

const made = new WeakMap<Analysis, Outline>();

/** The symbols are made afresh: they are a list as long as the document's top-level
 *  statements either way, and moving kept ones costs more than making them. */
export function documentSymbols(a: Analysis): DocumentSymbol[] {
  return symbolsOf(a, a.file.stmts);
}

export function foldingRanges(a: Analysis): { startLine: number; endLine: number }[] {
  return outline(a).folding;
}

/** LSP's relative encoding: [deltaLine, deltaStart, length, type, modifiers]*. */
export function semanticTokens(a: Analysis): number[] {
  const tokens = outline(a).tokens;
  const data: number[] = new Array(tokens.length);
  let line = 0;
  let char = 0;
  for (let i = 0; i < tokens.length; i += 5) {
    const l = tokens[i], c = tokens[i + 1];
    data[i] = l - line;
    data[i + 1] = l === line ? c - char : c;
    data[i + 2] = tokens[i + 2];
    data[i + 3] = tokens[i + 3];
    data[i + 4] = tokens[i + 4];
    line = l;
    char = c;
  }
  return data;
}


export function outline(a: Analysis): Outline {
  let o = made.get(a);
  if (o) return o;
  const stmts = a.file.stmts;
  const previous = alignByStatement(a.outlineRecords, stmts);
  const resolutions = a.resolver?.statementRecords;
  const records: OutlineRecord[] = new Array(stmts.length);
  o = { folding: [], tokens: [] };
  for (let i = 0; i < stmts.length; i++) {
    const stmt = stmts[i];
    const resolution = resolutions?.[i];
    let r = previous[i];
    const start = a.lines.fromEngine(stmt.start);
    if (r && !(resolution && r.resolution === resolution && r.start.character === start.character)) r = undefined;
    if (r && r.start.line !== start.line) r = moved(r, start);
    if (!r) {
      const one = [stmt];
      r = { stmt, resolution, start, folding: foldingOf(a, one), tokens: tokensOf(a, one) };
    }
    records[i] = r;
    for (const f of r.folding) o.folding.push(f);
    for (let k = 0; k < r.tokens.length; k++) o.tokens.push(r.tokens[k]);
  }
  a.outlineRecords = records;
  made.set(a, o);
  return o;
}

/** A record whose statement now starts on line `start.line`: its part moved along. */
function moved(r: OutlineRecord, start: LspPosition): OutlineRecord {
  const dl = start.line - r.start.line;
  const tokens = r.tokens.slice();
  for (let k = 0; k < tokens.length; k += 5) tokens[k] += dl;
  return {
    ...r,
    start,
    folding: r.folding.map((f) => ({ startLine: f.startLine + dl, endLine: f.endLine + dl })),
    tokens,
  };
}
