// The parser's token stream and error handling, shared by the expression and statement
// layers (expression-parser.ts, parser.ts): lookahead token, go.starlark.net's error
// positions, the one-error-per-statement rule, and the safety nets against hangs and
// runaway recursion.
import type * as ast from "./ast";
import type { Position, SyntaxDiagnostic } from "./ast";
import { comparePositions } from "./positions";
import { Scanner, type TokenValue } from "./scanner";
import { tokenGoString, type Token } from "./tokens";

/** Thrown to abandon the statement being parsed (the error is already recorded). */
export class ParseAbort {}
export const ABORT = new ParseAbort();
/** Thrown when the parser makes no progress (a safety net: it must never hang). */
export class ParseFatal {}
export const FATAL = new ParseFatal();

/** Deeper nesting (of brackets, lambdas, conditionals, unary operators and statements)
 *  ends the parse with NESTING_TOO_DEEP rather than overflowing the JS stack; it also
 *  bounds the recursion of every later pass over the tree (resolver, code generator, the
 *  JavaScript QuickJS parses). go.starlark.net has no such limit (it overflows its 1 GB
 *  goroutine stack somewhere past 100,000 nested brackets and crashes); Incus accepts the
 *  450 nested parentheses of issue N. Each pass here was measured to take well over this
 *  depth at Node's default stack (the shallowest, nested comprehensions and right-nested
 *  operators, about 800 levels at the CLI's top). Long operator and postfix chains
 *  (`1 + 1 + ...`, `a.b.c...`) are not nesting: they have no limit. */
export const MAX_NESTING = 600;
/** The tool's own limit, worded as the tool's (never as a go.starlark.net or Incus error). */
export const NESTING_TOO_DEEP =
  `nesting too deep: incus-scriptlet stops at ${MAX_NESTING} nested brackets, operators, lambdas or blocks (go.starlark.net and Incus have no such limit)`;

export abstract class ParserBase {
  protected readonly sc: Scanner;
  /** The lookahead token (Go's p.tok and p.tokval). */
  protected tv: TokenValue;
  protected readonly errors: SyntaxDiagnostic[] = [];
  /** Set once the current statement has an error; cleared at the next statement. */
  protected suppress = false;
  /** End of the last token consumed, newlines and indentation aside. */
  protected lastEnd: Position = { line: 1, col: 1, offset: 0 };
  /** Current nesting depth, bounded by MAX_NESTING. */
  protected nesting = 0;
  /** Tokens consumed, bounded by maxSteps. */
  protected steps = 0;
  protected readonly maxSteps: number;

  /** `start`: parse from there (a line start at top level) rather than from the beginning. */
  constructor(protected readonly path: string, src: string, start?: Position) {
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
    if (++this.nesting > MAX_NESTING) {
      // The rest of the file is not parsed: recovery would report every deeper line again.
      this.record(this.tv.pos, NESTING_TOO_DEEP, this.tv.end);
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
