// The parser's token stream and error handling, shared by the expression and statement
// layers (expression-parser.ts, parser.ts): lookahead token, go.starlark.net's error
// positions, the one-error-per-statement rule, and the safety nets against hangs and
// runaway recursion.
import type * as ast from "./ast";
import type { Position, SyntaxDiagnostic } from "./ast";
import { comparePositions } from "./positions";
import { Scanner, type TokenValue } from "./scanner";
import { GO_NESTING_LIMIT, MIN_NESTING, threadNestingLimit } from "./stack-budget";
import { tokenGoString, type Token } from "./tokens";

/** Thrown to abandon the statement being parsed (the error is already recorded). */
export class ParseAbort {}
export const ABORT = new ParseAbort();
/** Thrown when the parser makes no progress (a safety net: it must never hang). */
export class ParseFatal {}
export const FATAL = new ParseFatal();

/** Nesting (of brackets, lambdas, conditionals, unary operators and statements) deeper
 *  than the parser's limit ends the parse with a positioned message rather than
 *  overflowing the JS stack; the limit also bounds the recursion of every later pass over
 *  the tree (resolver, code generator, the JavaScript QuickJS parses, the sandbox). It is
 *  the thread's (stack-budget.ts): 600 on Node's default stack, go.starlark.net's own depth
 *  under the CLI's large stack. Long operator and postfix chains (`1 + 1 + ...`,
 *  `a.b.c...`) are not nesting: they have no limit. */
export const MAX_NESTING = MIN_NESTING;

/** The message at the tool's limit of a thread with a small stack (never worded as a
 *  go.starlark.net or Incus error: they go deeper). */
export function nestingTooDeep(limit: number): string {
  return `nesting too deep: incus-scriptlet stops at ${limit} nested brackets, operators, lambdas or blocks here ` +
    `(go.starlark.net and Incus go deeper; the command line follows them to ${GO_NESTING_LIMIT})`;
}

/** The message past go.starlark.net's own depth (stack-budget.ts): near there Go's parser
 *  overflows its 1 GB goroutine stack, a fatal error no Go program recovers from, so Incus
 *  (which parses the scriptlet in its daemon) dies with it. Said at the token that crosses
 *  the limit. */
export const GO_TOO_DEEP =
  `nesting too deep: more than ${GO_NESTING_LIMIT} nested brackets, operators, lambdas or blocks; ` +
  `go.starlark.net overflows its stack about here (fatal error: stack overflow, measured between 150,000 and 200,000 ` +
  `nested brackets) and takes the Incus daemon down with it`;

export abstract class ParserBase {
  protected readonly sc: Scanner;
  /** The lookahead token (Go's p.tok and p.tokval). */
  protected tv: TokenValue;
  protected readonly errors: SyntaxDiagnostic[] = [];
  /** Set once the current statement has an error; cleared at the next statement. */
  protected suppress = false;
  /** End of the last token consumed, newlines and indentation aside. */
  protected lastEnd: Position = { line: 1, col: 1, offset: 0 };
  /** Current nesting depth, bounded by maxNesting. */
  protected nesting = 0;
  protected readonly maxNesting: number;
  /** Tokens consumed, bounded by maxSteps. */
  protected steps = 0;
  protected readonly maxSteps: number;

  /** `start`: parse from there (a line start at top level) rather than from the beginning. */
  /** `maxNesting`: the nesting limit, by default the thread's (stack-budget.ts). */
  constructor(protected readonly path: string, src: string, start?: Position, maxNesting?: number) {
    this.maxNesting = Math.min(maxNesting ?? threadNestingLimit(), GO_NESTING_LIMIT);
    this.sc = new Scanner(src, (pos, msg, end) => this.record(pos, msg, end));
    this.maxSteps = 8 * src.length + 10_000;
    if (start) this.sc.startAt(start);
    this.tv = this.sc.next();
  }

  protected tok(): Token {
    return this.tv.tok;
  }

  /** Consumes the current token and returns it (Go's nextToken returns its position). */
  protected next(): TokenValue {
    const cur = this.tv;
    if (++this.steps > this.maxSteps) throw FATAL;
    // A NEWLINE ends a statement: errors after it belong to the next one.
    if (cur.tok === "NEWLINE") this.suppress = false;
    else if (cur.tok !== "INDENT" && cur.tok !== "OUTDENT" && cur.tok !== "EOF") this.lastEnd = cur.end;
    this.tv = this.sc.next();
    return cur;
  }

  protected record(pos: Position, msg: string, end?: Position, from?: Position): void {
    if (this.suppress) return;
    this.suppress = true;
    // After a recovery rewinds to the start of a line, the rescan may trip over text just
    // before an error already reported; such errors would sort first, in place of
    // go.starlark.net's, and say nothing new. So errors only ever move forward.
    const last = this.errors[this.errors.length - 1];
    if (last !== undefined && comparePositions(pos, last.pos) <= 0) return;
    const diag: SyntaxDiagnostic = { pos, end: end ?? pos, msg, code: "syntax" };
    if (from !== undefined && from.offset < pos.offset) diag.from = from;
    this.errors.push(diag);
  }

  /** Records an error and abandons the statement (Go's p.in.errorf, which panics). */
  protected fail(pos: Position, msg: string, end?: Position): never {
    this.record(pos, msg, end ?? (pos.offset === this.tv.pos.offset ? this.tv.end : pos), this.tv.pos);
    throw ABORT;
  }

  /** An error at p.in.pos, the scanner position just past the lookahead token. */
  protected failHere(msg: string): never {
    return this.fail(this.sc.pos, msg);
  }

  protected consume(t: Token): TokenValue {
    if (this.tok() !== t) this.failHere(`got ${tokenGoString(this.tok())}, want ${tokenGoString(t)}`);
    return this.next();
  }

  protected enter(): void {
    // The statement-level recovery restores the count.
    if (++this.nesting > this.maxNesting) {
      // The rest of the file is not parsed: recovery would report every deeper line again.
      const msg = this.maxNesting >= GO_NESTING_LIMIT ? GO_TOO_DEEP : nestingTooDeep(this.maxNesting);
      this.record(this.tv.pos, msg, this.tv.end);
      throw FATAL;
    }
  }

  protected binary(x: ast.Expr, opPos: Position, op: ast.BinaryExpr["op"], y: ast.Expr): ast.BinaryExpr {
    return { kind: "BinaryExpr", start: x.start, end: y.end, opPos, op, x, y };
  }

  /** An unparenthesized tuple (never empty). */
  protected tuple(list: ast.Expr[]): ast.TupleExpr {
    return { kind: "TupleExpr", start: list[0].start, end: list[list.length - 1].end, list };
  }

  protected badExpr(pos: Position): ast.BadExpr {
    return { kind: "BadExpr", start: pos, end: pos };
  }
}
