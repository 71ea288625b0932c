// The Starlark parser: a port of go.starlark.net/syntax/parse.go (recursive descent, LL(1),
// precedence climbing), producing the tree of ast.ts.
//
// go.starlark.net stops at the first error. We report that first error with exactly its
// message and position, then recover and go on (see recovery notes at `skipStatement`):
// at most one error is reported per statement (later ones are usually consequences), and
// the tree keeps everything that could be parsed, including compound statements whose
// header was broken, so that editors can still offer symbols and completion.
import type * as ast from "./ast";
import type { Position, SyntaxDiagnostic } from "./ast";
import { advance as advancePos, comparePositions } from "./positions";
import { Scanner, type TokenValue } from "./scanner";
import { tokenGoString, tokenNames, type Token } from "./tokens";
import { decodeUtf8 } from "./utf8";

/** Thrown to abandon the statement being parsed (the error is already recorded). */
class ParseAbort {}
const ABORT = new ParseAbort();
/** Thrown when the parser makes no progress (a safety net: it must never hang). */
class ParseFatal {}
const FATAL = new ParseFatal();

/** Operator precedence, as parse.go's preclevels (0 binds loosest). Unary -, + and ~ bind
 *  tighter than all of these and are handled in parsePrimary. */
const precedence: Partial<Record<Token, number>> = {
  OR: 0, AND: 1, NOT: 2,
  EQL: 3, NEQ: 3, LT: 3, GT: 3, LE: 3, GE: 3, IN: 3, NOT_IN: 3,
  PIPE: 4, CIRCUMFLEX: 5, AMP: 6, LTLT: 7, GTGT: 7, MINUS: 8, PLUS: 8,
  STAR: 9, PERCENT: 9, SLASH: 9, SLASHSLASH: 9,
};
const COMPARISON_PREC = 3;

const assignOps: Partial<Record<Token, ast.AssignOp>> = {
  EQ: "=", PLUS_EQ: "+=", MINUS_EQ: "-=", STAR_EQ: "*=", SLASH_EQ: "/=", SLASHSLASH_EQ: "//=",
  PERCENT_EQ: "%=", AMP_EQ: "&=", PIPE_EQ: "|=", CIRCUMFLEX_EQ: "^=", LTLT_EQ: "<<=",
  GTGT_EQ: ">>=",
};

/** Deeper nesting (of brackets, lambdas, conditionals, unary operators and statements) is
 *  reported as "nesting too deep" rather than risking the JS stack; it also bounds the
 *  recursion of every later pass over the tree. go.starlark.net has no such limit; no real
 *  program comes near it (Node's default stack overflows at about 1500 nested brackets). */
const MAX_NESTING = 400;

/** Keywords that, at the start of a line inside unclosed brackets, surely begin a new
 *  statement (recovery heuristic). */
const statementKeywords = new Set<Token>(["DEF", "RETURN", "LOAD", "PASS", "BREAK", "CONTINUE", "WHILE", "ELIF"]);
const closingBrackets = new Set<Token>(["RPAREN", "RBRACK", "RBRACE"]);

function terminatesExprList(tok: Token): boolean {
  switch (tok) {
    case "EOF": case "NEWLINE": case "EQ": case "RBRACE": case "RBRACK": case "RPAREN": case "SEMI":
      return true;
  }
  return false;
}

export interface ParseResult {
  file: ast.File;
  errors: SyntaxDiagnostic[];
}

export class Parser {
  private readonly sc: Scanner;
  private tv: TokenValue;
  private readonly errors: SyntaxDiagnostic[] = [];
  /** Set once the current statement has an error; cleared at the next statement. */
  private suppress = false;
  /** The last statement was broken (so an indented block after it is likely its body). */
  private lastStmtFailed = false;
  /** How many times error recovery has skipped tokens. */
  private recoveries = 0;
  private lastEnd: Position = { line: 1, col: 1, offset: 0 };
  private nesting = 0;
  /** Where the simple statement being parsed began (for recovery). */
  private smallStmtStart: Position | undefined;
  private steps = 0;
  private readonly maxSteps: number;

  constructor(private readonly path: string, src: string) {
    this.sc = new Scanner(src, (pos, msg, end) => this.record(pos, msg, end));
    this.maxSteps = 8 * src.length + 10_000;
    this.tv = this.sc.next();
  }

  parseFile(): ParseResult {
    const stmts: ast.Stmt[] = [];
    try {
      while (this.tok() !== "EOF") {
        if (this.tok() === "NEWLINE") {
          this.next();
        } else if (this.tok() === "OUTDENT") {
          // Only reachable after recovery; Go would report it as below.
          this.record(this.tv.pos, "got outdent, want primary expression", this.tv.end);
          this.next();
        } else {
          this.parseStmtRecovering(stmts);
        }
      }
    } catch (e) {
      if (e !== FATAL && e !== ABORT) throw e;
    }
    const file: ast.File = { kind: "File", path: this.path, stmts, comments: this.sc.comments };
    return { file, errors: this.errors };
  }

  /** ParseExpr in parse.go: a single expression (a bare tuple allowed), then EOF. On
   *  error `expr` is undefined and `errors` holds go.starlark.net's first error. */
  parseExpression(): { expr?: ast.Expr; errors: SyntaxDiagnostic[] } {
    try {
      const expr = this.parseExpr(false);
      // A following newline ("f()\n") is outside brackets, so it is a NEWLINE token.
      if (this.tok() === "NEWLINE") this.next();
      if (this.tok() !== "EOF") this.failHere(`got ${tokenGoString(this.tok())} after expression, want EOF`);
      return { expr, errors: this.errors };
    } catch (e) {
      if (e !== FATAL && e !== ABORT) throw e;
      return { errors: this.errors };
    }
  }

  // ---- tokens and errors ----------------------------------------------------------------

  private tok(): Token {
    return this.tv.tok;
  }

  /** Consumes the current token and returns it (Go's nextToken returns its position). */
  private next(): TokenValue {
    const cur = this.tv;
    if (++this.steps > this.maxSteps) throw FATAL;
    // A NEWLINE ends a statement: errors after it belong to the next one.
    if (cur.tok === "NEWLINE") this.suppress = false;
    else if (cur.tok !== "INDENT" && cur.tok !== "OUTDENT" && cur.tok !== "EOF") this.lastEnd = cur.end;
    this.tv = this.sc.next();
    return cur;
  }

  private record(pos: Position, msg: string, end?: Position, from?: Position): void {
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
  private fail(pos: Position, msg: string, end?: Position): never {
    this.record(pos, msg, end ?? (pos.offset === this.tv.pos.offset ? this.tv.end : pos), this.tv.pos);
    throw ABORT;
  }

  /** An error at p.in.pos, the scanner position just past the lookahead token. */
  private failHere(msg: string): never {
    return this.fail(this.sc.pos, msg);
  }

  private consume(t: Token): TokenValue {
    if (this.tok() !== t) this.failHere(`got ${tokenGoString(this.tok())}, want ${tokenGoString(t)}`);
    return this.next();
  }

  private enter(): void {
    // The statement-level recovery restores the count.
    if (++this.nesting > MAX_NESTING) this.fail(this.tv.pos, "nesting too deep");
  }

  // ---- statements -----------------------------------------------------------------------

  /** Parses one statement (or a `;` list) into stmts; on error, skips to the next one. */
  private parseStmtRecovering(stmts: ast.Stmt[]): void {
    const start = this.tv;
    if (start.tok === "INDENT") {
      // An unexpected indented block. Right after a broken statement it is most likely
      // that statement's body: parse it silently; otherwise report what Go reports.
      if (!this.lastStmtFailed) this.record(start.pos, "got indent, want primary expression", start.end);
      this.next();
      stmts.push(...this.parseBlockBody());
      return;
    }
    const depth = this.nesting;
    const recoveriesBefore = this.recoveries;
    this.smallStmtStart = undefined;
    try {
      this.parseStmt(stmts);
      this.lastStmtFailed = this.recoveries !== recoveriesBefore;
    } catch (e) {
      if (e !== ABORT) throw e;
      this.nesting = depth;
      this.recoverStatement(start, stmts);
      this.lastStmtFailed = true;
    }
    // Defensive: guarantee progress whatever happened above.
    if (this.tv === start) this.next();
  }

  /** After an error in the statement that began with `start`: skips the rest of it and
   *  stands in for the broken part with `ExprStmt{x: BadExpr}` covering the text skipped
   *  (statements before a `;` that parsed are kept), so that editors still see it. */
  private recoverStatement(start: TokenValue, stmts: ast.Stmt[]): void {
    const badStart = this.smallStmtStart ?? start.pos;
    this.skipStatement(start);
    const end = this.lastEnd.offset > badStart.offset ? this.lastEnd : badStart;
    const x = { kind: "BadExpr", start: badStart, end } as const;
    stmts.push({ kind: "ExprStmt", start: badStart, end, x });
  }

  /** Error recovery: skips the rest of the statement that began with token `start`.
   *  Normally that ends at the next NEWLINE token. But inside unclosed brackets NEWLINE
   *  tokens are not produced, so a line whose first token looks like the start of a new
   *  statement (a statement keyword, or anything but a closing bracket at or left of the
   *  statement's column) ends the skip: the scanner forgets the brackets and rescans that
   *  line as a statement line, measuring its indentation. */
  private skipStatement(start: TokenValue): void {
    this.recoveries++;
    for (;;) {
      const t = this.tv;
      if (t.tok === "EOF") return;
      if (t.tok === "NEWLINE") {
        this.next();
        return;
      }
      if (t.tok === "INDENT" || t.tok === "OUTDENT") return;
      if (t.firstOnLine && t.pos.offset > start.pos.offset &&
          (statementKeywords.has(t.tok) || (t.pos.col <= start.pos.col && !closingBrackets.has(t.tok)))) {
        this.sc.rewindToLineOf(t.pos);
        this.suppress = false;
        this.tv = this.sc.next();
        return;
      }
      this.next();
    }
  }

  private parseStmt(stmts: ast.Stmt[]): void {
    this.enter();
    switch (this.tok()) {
      case "DEF": stmts.push(this.parseDefStmt()); break;
      case "IF": stmts.push(this.parseIfStmt()); break;
      case "FOR": stmts.push(this.parseForStmt()); break;
      case "WHILE": stmts.push(this.parseWhileStmt()); break;
      default: this.parseSimpleStmt(stmts, true);
    }
    this.nesting--;
  }

  /** Parses a compound statement's header; if it is broken, skips the rest of it (the
   *  error is recorded) and returns false. */
  private header(start: TokenValue, parse: () => void): boolean {
    const depth = this.nesting;
    try {
      parse();
      return true;
    } catch (e) {
      if (e !== ABORT) throw e;
      this.nesting = depth;
      this.skipStatement(start);
      return false;
    }
  }

  /** The body of a compound statement: a suite, or after a broken header, an indented
   *  block if one follows. */
  private body(headerOk: boolean): ast.Stmt[] {
    if (headerOk) return this.parseSuite();
    if (this.tok() !== "INDENT") return [];
    this.next();
    return this.parseBlockBody();
  }

  private endOf(body: ast.Stmt[], fallback: Position): Position {
    return body.length > 0 ? body[body.length - 1].end : fallback;
  }

  private parseDefStmt(): ast.DefStmt {
    const defTok = this.next();
    let name: ast.Ident = this.placeholderIdent();
    let lparen = this.tv.pos, rparen = this.tv.pos;
    const params: ast.Expr[] = [];
    const ok = this.header(defTok, () => {
      name = this.parseIdent();
      lparen = this.consume("LPAREN").pos;
      this.parseParams(params);
      rparen = this.consume("RPAREN").pos;
      this.consume("COLON");
    });
    const headerEnd = this.lastEnd;
    const body = this.body(ok);
    return {
      kind: "DefStmt", start: defTok.pos, end: this.endOf(body, headerEnd),
      defPos: defTok.pos, name, lparen, params, rparen, body,
    };
  }

  private parseIfStmt(): ast.IfStmt {
    const chain: ast.IfStmt[] = [this.parseIfClause(this.next())];
    while (this.tok() === "ELIF") {
      const elifTok = this.next();
      const elif = this.parseIfClause(elifTok);
      const tail = chain[chain.length - 1];
      tail.elsePos = elifTok.pos;
      tail.falseBody = [elif];
      chain.push(elif);
    }
    if (this.tok() === "ELSE") {
      const elseTok = this.next();
      const tail = chain[chain.length - 1];
      tail.elsePos = elseTok.pos;
      const ok = this.header(elseTok, () => this.consume("COLON"));
      tail.falseBody = this.body(ok);
      if (tail.falseBody.length === 0) tail.end = this.lastEnd;
    }
    // Each IfStmt of an elif chain ends where its last branch ends.
    for (let i = chain.length - 1; i >= 0; i--) {
      const s = chain[i];
      s.end = this.endOf(s.falseBody, this.endOf(s.trueBody, s.end));
    }
    return chain[0];
  }

  /** `if`/`elif` cond `:` suite, after the keyword. */
  private parseIfClause(ifTok: TokenValue): ast.IfStmt {
    let cond: ast.Expr = this.badExpr(this.tv.pos);
    const ok = this.header(ifTok, () => {
      cond = this.parseTest();
      this.consume("COLON");
    });
    const headerEnd = this.lastEnd;
    const trueBody = this.body(ok);
    return {
      kind: "IfStmt", start: ifTok.pos, end: this.endOf(trueBody, headerEnd),
      ifPos: ifTok.pos, cond, trueBody, falseBody: [],
    };
  }

  private parseForStmt(): ast.ForStmt {
    const forTok = this.next();
    let vars: ast.Expr = this.badExpr(this.tv.pos);
    let x: ast.Expr = vars;
    const ok = this.header(forTok, () => {
      vars = this.parseForLoopVariables();
      this.consume("IN");
      x = this.parseExpr(false);
      this.consume("COLON");
    });
    const headerEnd = this.lastEnd;
    const body = this.body(ok);
    return {
      kind: "ForStmt", start: forTok.pos, end: this.endOf(body, headerEnd),
      forPos: forTok.pos, vars, x, body,
    };
  }

  private parseWhileStmt(): ast.WhileStmt {
    const whileTok = this.next();
    let cond: ast.Expr = this.badExpr(this.tv.pos);
    const ok = this.header(whileTok, () => {
      cond = this.parseTest();
      this.consume("COLON");
    });
    const headerEnd = this.lastEnd;
    const body = this.body(ok);
    return {
      kind: "WhileStmt", start: whileTok.pos, end: this.endOf(body, headerEnd),
      whilePos: whileTok.pos, cond, body,
    };
  }

  /** loop_variables = primary_with_suffix (COMMA primary_with_suffix)* COMMA?
   *  (not parseExpr, which would consume the IN of `for x in y`). */
  private parseForLoopVariables(): ast.Expr {
    const v = this.parsePrimaryWithSuffix();
    if (this.tok() !== "COMMA") return v;
    const list: ast.Expr[] = [v];
    while (this.tok() === "COMMA") {
      this.next();
      if (terminatesExprList(this.tok())) break;
      list.push(this.parsePrimaryWithSuffix());
    }
    return this.tuple(list);
  }

  /** simple_stmt = small_stmt (SEMI small_stmt)* SEMI? NEWLINE */
  private parseSimpleStmt(stmts: ast.Stmt[], consumeNL: boolean): void {
    for (;;) {
      stmts.push(this.parseSmallStmt());
      if (this.tok() !== "SEMI") break;
      this.next();
      if (this.tok() === "NEWLINE" || this.tok() === "EOF") break;
    }
    // EOF without NEWLINE occurs in `if x: pass`, for example.
    if (this.tok() !== "EOF" && consumeNL) this.consume("NEWLINE");
  }

  private parseSmallStmt(): ast.Stmt {
    const t = this.tv;
    this.smallStmtStart = t.pos;
    switch (t.tok) {
      case "RETURN": {
        this.next();
        let result: ast.Expr | undefined;
        if (this.tok() !== "EOF" && this.tok() !== "NEWLINE" && this.tok() !== "SEMI") result = this.parseExpr(false);
        return { kind: "ReturnStmt", start: t.pos, end: result ? result.end : t.end, returnPos: t.pos, result };
      }
      case "BREAK": case "CONTINUE": case "PASS":
        this.next();
        return {
          kind: "BranchStmt", start: t.pos, end: t.end, tokenPos: t.pos,
          token: tokenNames[t.tok] as ast.BranchStmt["token"],
        };
      case "LOAD":
        return this.parseLoadStmt();
    }
    const x = this.parseExpr(false);
    const op = assignOps[this.tok()];
    if (op !== undefined) {
      const opTok = this.next();
      const rhs = this.parseExpr(false);
      return { kind: "AssignStmt", start: x.start, end: rhs.end, opPos: opTok.pos, op, lhs: x, rhs };
    }
    return { kind: "ExprStmt", start: x.start, end: x.end, x };
  }

  /** load_stmt = LOAD '(' STRING {',' (IDENT '=')? STRING} [','] ')' */
  private parseLoadStmt(): ast.LoadStmt {
    const loadTok = this.next();
    const lparen = this.consume("LPAREN");
    if (this.tok() !== "STRING") this.failHere("first operand of load statement must be a string literal");
    const module = this.parseLiteral();
    const from: ast.Ident[] = [], to: ast.Ident[] = [];
    while (this.tok() !== "RPAREN" && this.tok() !== "EOF") {
      this.consume("COMMA");
      if (this.tok() === "RPAREN") break; // trailing comma
      if (this.tok() === "STRING") {
        // load("module", "id"): the local name is the original name.
        const id = this.identFromString(this.parseLiteral());
        to.push(id);
        from.push(id);
      } else if (this.tok() === "IDENT") {
        // load("module", to="from")
        const id = this.parseIdent();
        to.push(id);
        if (this.tok() !== "EQ") {
          this.failHere(`load operand must be "${id.name}" or ${id.name}="originalname" (want '=' after ${id.name})`);
        }
        this.consume("EQ");
        if (this.tok() !== "STRING") {
          this.failHere(`original name of loaded symbol must be quoted: ${id.name}="originalname"`);
        }
        from.push(this.identFromString(this.parseLiteral()));
      } else {
        this.failHere(`load operand must be "name" or localname="name" (got ${tokenGoString(this.tok())})`);
      }
    }
    const rparen = this.consume("RPAREN");
    if (to.length === 0) this.fail(lparen.pos, "load statement must import at least 1 symbol", rparen.end);
    return {
      kind: "LoadStmt", start: loadTok.pos, end: rparen.end, loadPos: loadTok.pos,
      module, from, to, rparen: rparen.pos,
    };
  }

  /** The identifier a quoted load operand denotes, placed as Go places it: one column
   *  after the literal's start. */
  private identFromString(lit: ast.Literal): ast.Ident {
    const name = decodeUtf8(lit.value as string);
    const start = advancePos(lit.start, '"');
    return { kind: "Ident", start, end: advancePos(start, name), name };
  }

  /** suite = simple_stmt | NEWLINE INDENT stmt+ OUTDENT */
  private parseSuite(): ast.Stmt[] {
    if (this.tok() === "NEWLINE") {
      this.next();
      if (this.tok() !== "INDENT") {
        // Go: consume(INDENT). We carry on with an empty body.
        this.record(this.sc.pos, `got ${tokenGoString(this.tok())}, want indent`, this.sc.pos, this.tv.pos);
        return [];
      }
      this.next();
      return this.parseBlockBody();
    }
    const stmts: ast.Stmt[] = [];
    const start = this.tv;
    this.smallStmtStart = undefined;
    try {
      this.parseSimpleStmt(stmts, true);
    } catch (e) {
      if (e !== ABORT) throw e;
      this.recoverStatement(start, stmts);
    }
    return stmts;
  }

  /** The statements of an indented block, after its INDENT, through its OUTDENT. */
  private parseBlockBody(): ast.Stmt[] {
    const stmts: ast.Stmt[] = [];
    this.lastStmtFailed = false;
    while (this.tok() !== "OUTDENT" && this.tok() !== "EOF") {
      if (this.tok() === "NEWLINE") {
        this.next(); // only after recovery; Go never sees a NEWLINE here
        continue;
      }
      this.parseStmtRecovering(stmts);
    }
    if (this.tok() === "OUTDENT") this.next();
    else this.record(this.sc.pos, `got ${tokenGoString(this.tok())}, want outdent`);
    return stmts;
  }

  private parseIdent(): ast.Ident {
    const t = this.tv;
    if (t.tok !== "IDENT") this.failHere("not an identifier");
    this.next();
    return { kind: "Ident", start: t.pos, end: t.end, name: t.raw };
  }

  /** params = (param COMMA)* param COMMA?
   *  param = IDENT | IDENT EQ test | STAR | STAR IDENT | STARSTAR IDENT
   *  Results: Ident x; BinaryExpr{op "="} x=y; UnaryExpr{op "*"} * or *args;
   *  UnaryExpr{op "**"} **kwargs. Appends to `params` as it goes, so that a broken
   *  header still yields the parameters before the error. */
  private parseParams(params: ast.Expr[]): void {
    while (this.tok() !== "RPAREN" && this.tok() !== "COLON" && this.tok() !== "EOF") {
      if (params.length > 0) this.consume("COMMA");
      if (this.tok() === "RPAREN") break;

      if (this.tok() === "STAR" || this.tok() === "STARSTAR") {
        const opTok = this.next();
        const op = opTok.tok === "STAR" ? "*" : "**";
        let x: ast.Expr | undefined;
        if (op === "**" || this.tok() === "IDENT") x = this.parseIdent();
        params.push({ kind: "UnaryExpr", start: opTok.pos, end: x ? x.end : opTok.end, opPos: opTok.pos, op, x });
        continue;
      }

      const id = this.parseIdent();
      if (this.tok() === "EQ") {
        const eq = this.next();
        const dflt = this.parseTest();
        params.push(this.binary(id, eq.pos, "=", dflt));
        continue;
      }
      params.push(id);
    }
  }

  // ---- expressions ----------------------------------------------------------------------

  /** An expression, possibly an unparenthesized tuple of 'test's. */
  private parseExpr(inParens: boolean): ast.Expr {
    const x = this.parseTest();
    if (this.tok() !== "COMMA") return x;
    return this.tuple(this.parseExprs([x], inParens));
  }

  /** expr_list = (',' expr)* ','?  starting at the comma. */
  private parseExprs(exprs: ast.Expr[], allowTrailingComma: boolean): ast.Expr[] {
    while (this.tok() === "COMMA") {
      const comma = this.next();
      if (terminatesExprList(this.tok())) {
        if (!allowTrailingComma) this.fail(comma.pos, "unparenthesized tuple with trailing comma", comma.end);
        break;
      }
      exprs.push(this.parseTest());
    }
    return exprs;
  }

  /** A 'test': a single-component expression, including `x if c else y` and lambda. */
  private parseTest(): ast.Expr {
    this.enter();
    try {
      if (this.tok() === "LAMBDA") return this.parseLambda(true);
      const x = this.parseTestPrec(0);
      if (this.tok() === "IF") {
        const ifTok = this.next();
        const cond = this.parseTestPrec(0);
        if (this.tok() !== "ELSE") this.fail(ifTok.pos, "conditional expression without else clause", ifTok.end);
        const elseTok = this.next();
        const falseX = this.parseTest();
        return {
          kind: "CondExpr", start: x.start, end: falseX.end, ifPos: ifTok.pos, cond,
          trueX: x, elsePos: elseTok.pos, falseX,
        };
      }
      return x;
    } finally {
      this.nesting--;
    }
  }

  /** A 'test' without a trailing `if c else y`. */
  private parseTestNoCond(): ast.Expr {
    if (this.tok() === "LAMBDA") return this.parseLambda(false);
    return this.parseTestPrec(0);
  }

  /** lambda params: body; `allowCond` allows the body to be a conditional expression. */
  private parseLambda(allowCond: boolean): ast.LambdaExpr {
    const lambdaTok = this.next();
    const params: ast.Expr[] = [];
    if (this.tok() !== "COLON") this.parseParams(params);
    this.consume("COLON");
    const body = allowCond ? this.parseTest() : this.parseTestNoCond();
    return { kind: "LambdaExpr", start: lambdaTok.pos, end: body.end, lambda: lambdaTok.pos, params, body };
  }

  /** parseTestPrec in parse.go: an expression whose binary operators all have at least
   *  precedence `prec`. Go recurses once per precedence level (parseTestPrec ->
   *  parseBinopExpr -> parseTestPrec(prec+1) ...); we climb iteratively, which builds the
   *  same trees and reports the same errors with far fewer stack frames per nested
   *  bracket. Two details carry over: `not` as a prefix is accepted only where Go reaches
   *  its level (prec <= precedence of NOT), and two comparisons in a row at the same level
   *  are an error, as comparisons do not associate. */
  private parseTestPrec(prec: number): ast.Expr {
    let x: ast.Expr;
    if (this.tok() === "NOT" && prec <= precedence.NOT!) {
      const notTok = this.next();
      this.enter();
      const operand = this.parseTestPrec(precedence.NOT!);
      this.nesting--;
      x = { kind: "UnaryExpr", start: notTok.pos, end: operand.end, opPos: notTok.pos, op: "not", x: operand };
    } else {
      x = this.parsePrimaryWithSuffix();
    }
    let lastWasComparison = false;
    for (;;) {
      if (this.tok() === "NOT") {
        // In this context NOT must be followed by IN; the pair becomes one NOT_IN token.
        this.next();
        if (this.tok() !== "IN") this.failHere(`got ${tokenGoString(this.tok())}, want in`);
        this.tv = { ...this.tv, tok: "NOT_IN" };
      }
      const opprec = precedence[this.tok()] ?? -1;
      if (opprec < prec) return x;
      const isComparison = opprec === COMPARISON_PREC;
      if (isComparison && lastWasComparison) {
        this.failHere(`${(x as ast.BinaryExpr).op} does not associate with ${tokenNames[this.tok()]} (use parens)`);
      }
      lastWasComparison = isComparison;
      const opTok = this.next();
      const y = this.parseTestPrec(opprec + 1);
      x = this.binary(x, opTok.pos, tokenNames[opTok.tok] as ast.BinaryOp, y);
    }
  }

  /** primary_with_suffix = primary ('.' IDENT | slice_suffix | call_suffix)* */
  private parsePrimaryWithSuffix(): ast.Expr {
    let x = this.parsePrimary();
    for (;;) {
      switch (this.tok()) {
        case "DOT": {
          const dot = this.next();
          const name = this.parseIdent();
          x = { kind: "DotExpr", start: x.start, end: name.end, x, dot: dot.pos, name };
          break;
        }
        case "LBRACK":
          x = this.parseSliceSuffix(x);
          break;
        case "LPAREN":
          x = this.parseCallSuffix(x);
          break;
        default:
          return x;
      }
    }
  }

  /** slice_suffix = '[' expr? ':' expr? ':' expr? ']' (or an index '[' expr ']') */
  private parseSliceSuffix(x: ast.Expr): ast.Expr {
    const lbrack = this.next();
    let lo: ast.Expr | undefined, hi: ast.Expr | undefined, step: ast.Expr | undefined;
    if (this.tok() !== "COLON") {
      const y = this.parseExpr(false);
      if (this.tok() === "RBRACK") {
        const rbrack = this.next();
        return { kind: "IndexExpr", start: x.start, end: rbrack.end, x, lbrack: lbrack.pos, y, rbrack: rbrack.pos };
      }
      lo = y;
    }
    if (this.tok() === "COLON") {
      this.next();
      if (this.tok() !== "COLON" && this.tok() !== "RBRACK") hi = this.parseTest();
    }
    if (this.tok() === "COLON") {
      this.next();
      if (this.tok() !== "RBRACK") step = this.parseTest();
    }
    const rbrack = this.consume("RBRACK");
    return { kind: "SliceExpr", start: x.start, end: rbrack.end, x, lbrack: lbrack.pos, lo, hi, step, rbrack: rbrack.pos };
  }

  /** call_suffix = '(' arg_list? ')' */
  private parseCallSuffix(fn: ast.Expr): ast.CallExpr {
    const lparen = this.consume("LPAREN");
    const args: ast.Expr[] = [];
    if (this.tok() !== "RPAREN") this.parseArgs(args);
    const rparen = this.consume("RPAREN");
    return { kind: "CallExpr", start: fn.start, end: rparen.end, fn, lparen: lparen.pos, args, rparen: rparen.pos };
  }

  /** arg_list = ((arg COMMA)* arg COMMA?)?  with arg = test | IDENT '=' test | '*' test
   *  | '**' test. Like Go, parses 'test = test' and then checks the first is an IDENT. */
  private parseArgs(args: ast.Expr[]): void {
    while (this.tok() !== "RPAREN" && this.tok() !== "EOF") {
      if (args.length > 0) this.consume("COMMA");
      if (this.tok() === "RPAREN") break;

      if (this.tok() === "STAR" || this.tok() === "STARSTAR") {
        const opTok = this.next();
        const x = this.parseTest();
        args.push({
          kind: "UnaryExpr", start: opTok.pos, end: x.end, opPos: opTok.pos,
          op: opTok.tok === "STAR" ? "*" : "**", x,
        });
        continue;
      }

      let x = this.parseTest();
      if (this.tok() === "EQ") {
        if (x.kind !== "Ident") this.failHere("keyword argument must have form name=expr");
        const eq = this.next();
        const y = this.parseTest();
        x = this.binary(x, eq.pos, "=", y);
      }
      args.push(x);
    }
  }

  /** primary = IDENT | INT | FLOAT | STRING | BYTES | list | dict | '(' ... ')'
   *  | ('-'|'+'|'~') primary_with_suffix */
  private parsePrimary(): ast.Expr {
    const t = this.tv;
    switch (t.tok) {
      case "IDENT":
        return this.parseIdent();
      case "INT": case "FLOAT": case "STRING": case "BYTES":
        return this.parseLiteral();
      case "LBRACK":
        return this.parseList();
      case "LBRACE":
        return this.parseDict();
      case "LPAREN": {
        this.next();
        if (this.tok() === "RPAREN") {
          const rparen = this.next();
          return { kind: "TupleExpr", start: t.pos, end: rparen.end, lparen: t.pos, list: [], rparen: rparen.pos };
        }
        const x = this.parseExpr(true); // allows a trailing comma
        const rparen = this.consume("RPAREN");
        return { kind: "ParenExpr", start: t.pos, end: rparen.end, lparen: t.pos, x, rparen: rparen.pos };
      }
      case "MINUS": case "PLUS": case "TILDE": {
        this.next();
        this.enter();
        const x = this.parsePrimaryWithSuffix();
        this.nesting--;
        return {
          kind: "UnaryExpr", start: t.pos, end: x.end, opPos: t.pos,
          op: tokenNames[t.tok] as ast.UnaryOp, x,
        };
      }
    }
    // Go reports the start of this token, as it may be a NEWLINE (starlark-go#532).
    return this.fail(t.pos, `got ${tokenGoString(t.tok)}, want primary expression`, t.end);
  }

  private parseLiteral(): ast.Literal {
    const t = this.next();
    return {
      kind: "Literal", start: t.pos, end: t.end, token: t.tok as ast.Literal["token"],
      raw: t.raw, value: t.value!,
    };
  }

  /** list = '[' ']' | '[' expr expr_list ']' | '[' expr (FOR loop_variables IN expr)+ ']' */
  private parseList(): ast.Expr {
    const lbrack = this.next();
    if (this.tok() === "RBRACK") {
      const rbrack = this.next();
      return { kind: "ListExpr", start: lbrack.pos, end: rbrack.end, lbrack: lbrack.pos, list: [], rbrack: rbrack.pos };
    }
    const x = this.parseTest();
    if (this.tok() === "FOR") return this.parseComprehensionSuffix(lbrack, x, "RBRACK");
    let list = [x];
    if (this.tok() === "COMMA") list = this.parseExprs(list, true);
    const rbrack = this.consume("RBRACK");
    return { kind: "ListExpr", start: lbrack.pos, end: rbrack.end, lbrack: lbrack.pos, list, rbrack: rbrack.pos };
  }

  /** dict = '{' '}' | '{' dict_entry_list '}' | '{' dict_entry FOR loop_variables IN expr '}' */
  private parseDict(): ast.Expr {
    const lbrace = this.next();
    if (this.tok() === "RBRACE") {
      const rbrace = this.next();
      return { kind: "DictExpr", start: lbrace.pos, end: rbrace.end, lbrace: lbrace.pos, list: [], rbrace: rbrace.pos };
    }
    const x = this.parseDictEntry();
    if (this.tok() === "FOR") return this.parseComprehensionSuffix(lbrace, x, "RBRACE");
    const list = [x];
    while (this.tok() === "COMMA") {
      this.next();
      if (this.tok() === "RBRACE") break;
      list.push(this.parseDictEntry());
    }
    const rbrace = this.consume("RBRACE");
    return { kind: "DictExpr", start: lbrace.pos, end: rbrace.end, lbrace: lbrace.pos, list, rbrace: rbrace.pos };
  }

  private parseDictEntry(): ast.DictEntry {
    const key = this.parseTest();
    const colon = this.consume("COLON");
    const value = this.parseTest();
    return { kind: "DictEntry", start: key.start, end: value.end, key, colon: colon.pos, value };
  }

  /** comp_suffix = FOR loopvars IN expr comp_suffix | IF expr comp_suffix | ']' or '}' */
  private parseComprehensionSuffix(lbrack: TokenValue, body: ast.Expr, endBrace: Token): ast.Comprehension {
    const clauses: (ast.ForClause | ast.IfClause)[] = [];
    while (this.tok() !== endBrace) {
      if (this.tok() === "FOR") {
        const forTok = this.next();
        const vars = this.parseForLoopVariables();
        const inTok = this.consume("IN");
        // As in Python 3, the operand of IN may not be a conditional expression, a
        // lambda, or an unparenthesized tuple.
        const x = this.parseTestPrec(0);
        clauses.push({ kind: "ForClause", start: forTok.pos, end: x.end, forPos: forTok.pos, vars, inPos: inTok.pos, x });
      } else if (this.tok() === "IF") {
        const ifTok = this.next();
        const cond = this.parseTestNoCond();
        clauses.push({ kind: "IfClause", start: ifTok.pos, end: cond.end, ifPos: ifTok.pos, cond });
      } else {
        this.failHere(`got ${tokenGoString(this.tok())}, want '${tokenNames[endBrace]}', for, or if`);
      }
    }
    const rbrack = this.next();
    return {
      kind: "Comprehension", start: lbrack.pos, end: rbrack.end, curly: endBrace === "RBRACE",
      lbrack: lbrack.pos, body, clauses, rbrack: rbrack.pos,
    };
  }

  // ---- node helpers ---------------------------------------------------------------------

  private binary(x: ast.Expr, opPos: Position, op: ast.BinaryExpr["op"], y: ast.Expr): ast.BinaryExpr {
    return { kind: "BinaryExpr", start: x.start, end: y.end, opPos, op, x, y };
  }

  /** An unparenthesized tuple (never empty). */
  private tuple(list: ast.Expr[]): ast.TupleExpr {
    return { kind: "TupleExpr", start: list[0].start, end: list[list.length - 1].end, list };
  }

  private badExpr(pos: Position): ast.BadExpr {
    return { kind: "BadExpr", start: pos, end: pos };
  }

  /** The name of a def whose name could not be parsed (recovery only): empty. */
  private placeholderIdent(): ast.Ident {
    return { kind: "Ident", start: this.tv.pos, end: this.tv.pos, name: "" };
  }
}
