// What one version of a document's analysis keeps per top-level statement for the next
// version (analysis.ts, diagnostics.ts): a statement's inference and lint results are reused
// when the re-parse kept the statement object and what the results were made from is
// unchanged, so a keystroke in a 5 MB scriptlet re-analyses one statement, not 100,000.
import type { DefStmt, LambdaExpr, Stmt } from "../../starlark/syntax/ast";
import type { LspPosition } from "../../incus/scriptlet/positions";
import type { Diagnostic } from "./diagnostic";
import type { SType } from "./types";

/** File-level names with their types (undefined: not bound), as two lists (most
 *  statements touch one name or none: no Map per statement). */
export interface FileTypes {
  names: string[];
  types: (SType | undefined)[];
}

export function fileTypes(m: ReadonlyMap<string, SType | undefined>): FileTypes {
  return { names: [...m.keys()], types: [...m.values()] };
}

/** One top-level statement's type inference. */
export interface InferenceRecord {
  readonly stmt: Stmt;
  /** The file-level names it read or bound, with their types before it ran (undefined: not
   *  bound yet). The inference of a statement depends on nothing else of the file. */
  touched: FileTypes;
  /** Its file-level binds, in order (replayed when the record is reused). */
  bindNames: string[];
  bindTypes: SType[];
  /** Its functions (defs and lambdas) in source order. */
  functions: (DefStmt | LambdaExpr)[];
}

/** One top-level statement's lint findings (diagnostics.ts). */
export interface LintRecord {
  readonly stmt: Stmt;
  /** What they were made from: the statement's resolution and inference records (new
   *  objects whenever the statement was resolved or inferred again) and the file-level
   *  types the rules read. */
  resolution: object | undefined;
  inference: InferenceRecord;
  read: FileTypes;
  /** Findings per section (see diagnostics.ts STATEMENT_SECTIONS); undefined: none. */
  sections: Diagnostic[][] | undefined;
  /** Where the statement began when they were made (their ranges move with it). */
  start: LspPosition;
}

/** The records of `previous` (aligned with an earlier version's statements) lined up with
 *  `stmts`: the same statement object gets its record, a new one undefined. The re-parse
 *  keeps the statements before and after the edit, so both ends are matched in order. */
export function alignByStatement<R extends { readonly stmt: Stmt }>(previous: readonly R[] | undefined, stmts: readonly Stmt[]): (R | undefined)[] {
  return align(previous, stmts).records;
}

/** alignByStatement, with the lengths of the common prefix and suffix (statements matched
 *  in place) and the previous records of the rest that found no statement. */
export function align<R extends { readonly stmt: Stmt }>(previous: readonly R[] | undefined, stmts: readonly Stmt[]): { records: (R | undefined)[]; prefix: number; suffix: number; removed: R[] } {
  const out: (R | undefined)[] = new Array(stmts.length);
  if (!previous) return { records: out, prefix: 0, suffix: 0, removed: [] };
  const n = stmts.length, m = previous.length;
  let p = 0;
  while (p < n && p < m && previous[p].stmt === stmts[p]) {
    out[p] = previous[p];
    p++;
  }
  let q = 0;
  while (q < n - p && q < m - p && previous[m - 1 - q].stmt === stmts[n - 1 - q]) {
    out[n - 1 - q] = previous[m - 1 - q];
    q++;
  }
  const removed: R[] = [];
  if (m - q > p) {
    const middle = new Map<Stmt, R>();
    for (let i = p; i < m - q; i++) middle.set(previous[i].stmt, previous[i]);
    for (let i = p; i < n - q; i++) {
      out[i] = middle.get(stmts[i]);
      if (out[i]) middle.delete(stmts[i]);
    }
    removed.push(...middle.values());
  }
  return { records: out, prefix: p, suffix: q, removed };
}

export function sameType(a: SType | undefined, b: SType | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.k !== b.k) return false;
  if ("of" in a) return sameType(a.of, (b as { of: SType }).of);
  if ("type" in a) return a.type === (b as { type: string }).type;
  return true;
}
