// The Starlark parser: a port of go.starlark.net/syntax/parse.go (recursive descent, LL(1),
// precedence climbing), producing the tree of ast.ts. This file holds statements and error
// recovery; expressions are in expression-parser.ts, the token stream in parser-base.ts.
//
// go.starlark.net stops at the first error. We report that first error with exactly its
// message and position, then recover and go on (see recovery notes at `skipStatement`):
// at most one error is reported per statement (later ones are usually consequences), and
// the tree keeps everything that could be parsed, including compound statements whose
// header was broken, so that editors can still offer symbols and completion.
import type * as ast from "./ast";
import type { Position, SyntaxDiagnostic } from "./ast";
import { ExpressionParser } from "./expression-parser";
import { ABORT, FATAL } from "./parser-base";
import { advance as advancePos } from "./positions";
import type { TokenValue } from "./scanner";
import { tokenGoString, tokenNames, type Token } from "./tokens";
import { decodeUtf8 } from "./utf8";

const assignOps: Partial<Record<Token, ast.AssignOp>> = {
  EQ: "=", PLUS_EQ: "+=", MINUS_EQ: "-=", STAR_EQ: "*=", SLASH_EQ: "/=", SLASHSLASH_EQ: "//=",
  PERCENT_EQ: "%=", AMP_EQ: "&=", PIPE_EQ: "|=", CIRCUMFLEX_EQ: "^=", LTLT_EQ: "<<=",
  GTGT_EQ: ">>=",
};

/** Keywords that, at the start of a line inside unclosed brackets, surely begin a new
 *  statement (recovery heuristic). */
const statementKeywords = new Set<Token>(["DEF", "RETURN", "LOAD", "PASS", "BREAK", "CONTINUE", "WHILE", "ELIF"]);
const closingBrackets = new Set<Token>(["RPAREN", "RBRACK", "RBRACE"]);

export interface ParseResult {
  file: ast.File;
  errors: SyntaxDiagnostic[];
  /** The first token of the top-level statement parseFile's `stopBefore` stopped at. */
  stoppedAt?: TokenValue;
  /** Offsets of the top-level statements that began at a clean point (see cleanPoint). */
  cleanStarts: number[];
  /** The parse ended early (nesting too deep, or the no-progress safety net). */
  fatal: boolean;
}

export class Parser extends ExpressionParser {
  /** The last statement was broken (so an indented block after it is likely its body). */
  private lastStmtFailed = false;
  /** How many times error recovery has skipped tokens. */
  private recoveries = 0;
  /** Where the simple statement being parsed began (for recovery). */
  private smallStmtStart: Position | undefined;

  /** Parses statements to the end of the file, or until `stopBefore` accepts the first token
   *  of a top-level statement (incremental.ts: the rest is known). */
  parseFile(stopBefore?: (first: TokenValue) => boolean): ParseResult {
    const stmts: ast.Stmt[] = [];
    const cleanStarts: number[] = [];
    let stoppedAt: TokenValue | undefined;
    let fatal = false;
    try {
      while (this.tv.tok !== "EOF") {
        if (this.cleanPoint()) {
          if (stopBefore && stopBefore(this.tv)) {
            stoppedAt = this.tv;
            break;
          }
          cleanStarts.push(this.tv.pos.offset);
        }
        if (this.tv.tok === "NEWLINE") {
          this.next();
        } else if (this.tv.tok === "OUTDENT") {
          // Only reachable after recovery; Go would report it as below.
          this.record(this.tv.pos, "got outdent, want primary expression", this.tv.end);
          this.next();
        } else {
          this.parseStmtRecovering(stmts);
        }
      }
    } catch (e) {
      if (e !== FATAL && e !== ABORT) throw e;
      fatal = true;
    }
    const file: ast.File = { kind: "File", path: this.path, stmts, comments: this.sc.comments };
    return { file, errors: this.errors, stoppedAt, cleanStarts, fatal };
  }

  /** Whether the lookahead begins a top-level statement at a point where the parse holds no
   *  state but the position: first on a line at column 1, no bracket or block open, no error
   *  being suppressed, and every error so far on an earlier line (errors only move forward,
   *  so none of them can hide one from here on). Parsing the rest of the text from such a
   *  point gives what a parse from the start gives there (incremental.ts relies on it). */
  private cleanPoint(): boolean {
    const t = this.tv;
    if (t.tok === "NEWLINE" || t.tok === "INDENT" || t.tok === "OUTDENT" || t.tok === "EOF") return false;
    if (t.pos.col !== 1 || !t.firstOnLine || this.suppress || this.nesting !== 0 || !this.sc.atTopLevel) return false;
    const last = this.errors[this.errors.length - 1];
    return last === undefined || last.pos.line < t.pos.line;
  }

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
    switch (this.tv.tok) {
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
    if (this.tv.tok !== "INDENT") return [];
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
    while (this.tv.tok === "ELIF") {
      const elifTok = this.next();
      const elif = this.parseIfClause(elifTok);
      const tail = chain[chain.length - 1];
      tail.elsePos = elifTok.pos;
      tail.falseBody = [elif];
      chain.push(elif);
    }
    if (this.tv.tok === "ELSE") {
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
    let x: ast.Expr = this.badExpr(this.tv.pos);
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

  /** simple_stmt = small_stmt (SEMI small_stmt)* SEMI? NEWLINE */
  private parseSimpleStmt(stmts: ast.Stmt[], consumeNL: boolean): void {
    for (;;) {
      stmts.push(this.parseSmallStmt());
      if (this.tv.tok !== "SEMI") break;
      this.next();
      if (this.tok() === "NEWLINE" || this.tok() === "EOF") break;
    }
    // EOF without NEWLINE occurs in `if x: pass`, for example.
    if (this.tv.tok !== "EOF" && consumeNL) this.consume("NEWLINE");
  }

  private parseSmallStmt(): ast.Stmt {
    const t = this.tv;
    this.smallStmtStart = t.pos;
    switch (t.tok) {
      case "RETURN": {
        this.next();
        let result: ast.Expr | undefined;
        if (this.tv.tok !== "EOF" && this.tv.tok !== "NEWLINE" && this.tv.tok !== "SEMI") result = this.parseExpr(false);
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
    const op = assignOps[this.tv.tok];
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
    if (this.tv.tok !== "STRING") this.failHere("first operand of load statement must be a string literal");
    const module = this.parseLiteral();
    const from: ast.Ident[] = [], to: ast.Ident[] = [];
    while (this.tok() !== "RPAREN" && this.tok() !== "EOF") {
      this.consume("COMMA");
      if (this.tok() === "RPAREN") break; // trailing comma
      if (this.tv.tok === "STRING") {
        // load("module", "id"): the local name is the original name.
        const id = this.identFromString(this.parseLiteral());
        to.push(id);
        from.push(id);
      } else if (this.tv.tok === "IDENT") {
        // load("module", to="from")
        const id = this.parseIdent();
        to.push(id);
        if (this.tv.tok !== "EQ") {
          this.failHere(`load operand must be "${id.name}" or ${id.name}="originalname" (want '=' after ${id.name})`);
        }
        this.consume("EQ");
        if (this.tv.tok !== "STRING") {
          this.failHere(`original name of loaded symbol must be quoted: ${id.name}="originalname"`);
        }
        from.push(this.identFromString(this.parseLiteral()));
      } else {
        this.failHere(`load operand must be "name" or localname="name" (got ${tokenGoString(this.tv.tok)})`);
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
    if (this.tv.tok === "NEWLINE") {
      this.next();
      if (this.tok() !== "INDENT") {
        // Go: consume(INDENT). We carry on with an empty body; what follows is a new
        // statement, entitled to its own error.
        this.record(this.sc.pos, `got ${tokenGoString(this.tv.tok)}, want indent`, this.sc.pos, this.tv.pos);
        this.suppress = false;
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
    while (this.tv.tok !== "OUTDENT" && this.tv.tok !== "EOF") this.parseStmtRecovering(stmts);
    if (this.tv.tok === "OUTDENT") this.next();
    else this.record(this.sc.pos, `got ${tokenGoString(this.tv.tok)}, want outdent`);
    return stmts;
  }

  /** The name of a def whose name could not be parsed (recovery only): empty. */
  private placeholderIdent(): ast.Ident {
    return { kind: "Ident", start: this.tv.pos, end: this.tv.pos, name: "" };
  }
}
