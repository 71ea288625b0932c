// Public entry point of the Starlark syntax package.
import type { Expr, File, SyntaxDiagnostic } from "./ast";
import { Parser, type ParseResult } from "./parser";
import { comparePositions } from "./positions";

export type * from "./ast";
export { walk, children, type Visitor } from "./walk";
export { keywords, tokenNames, type Token } from "./tokens";
export { Scanner, type TokenValue } from "./scanner";
export { quote, unquote } from "./quote";
export { decodeUtf8, encodeUtf8 } from "./utf8";
export { advance, comparePositions } from "./positions";
export { threadNestingLimit, GO_NESTING_LIMIT, MIN_NESTING } from "./stack-budget";

export interface ParseOptions {
  /** The nesting limit (stack-budget.ts); by default the thread's. */
  maxNesting?: number;
}

/** Parses a Starlark file. Never throws: syntax errors come back in `errors`, sorted by
 *  position, each with code "syntax"; the first is exactly go.starlark.net's error (message
 *  and line:col), the others come from error recovery. `file` holds whatever could be
 *  parsed. */
export function parse(path: string, src: string, opts?: ParseOptions): { file: File; errors: SyntaxDiagnostic[] } {
  const { file, errors } = parseFileDetailed(path, src, opts);
  return { file, errors };
}

/** parse(), with what incremental re-parsing needs besides (parser.ts ParseResult). */
export function parseFileDetailed(path: string, src: string, opts?: ParseOptions): ParseResult {
  let result: ParseResult;
  try {
    result = new Parser(path, src, undefined, opts?.maxNesting).parseFile();
  } catch (e) {
    // Unreachable by design; a bug must not take the language server down.
    const pos = { line: 1, col: 1, offset: 0 };
    const msg = `internal error: ${e instanceof Error ? e.message : String(e)}`;
    const file: File = { kind: "File", path, stmts: [], comments: [] };
    return { file, errors: [{ pos, end: pos, msg, code: "syntax" }], cleanStarts: [], fatal: true };
  }
  result.errors.sort((a, b) => comparePositions(a.pos, b.pos));
  return result;
}

/** Parses a single Starlark expression (as go.starlark.net's ParseExpr: a bare tuple is
 *  allowed, nothing may follow). Never throws; `expr` is absent when there are errors. */
export function parseExpr(path: string, src: string): { expr?: Expr; errors: SyntaxDiagnostic[] } {
  try {
    return new Parser(path, src).parseExpression();
  } catch (e) {
    const pos = { line: 1, col: 1, offset: 0 };
    const msg = `internal error: ${e instanceof Error ? e.message : String(e)}`;
    return { errors: [{ pos, end: pos, msg, code: "syntax" }] };
  }
}
