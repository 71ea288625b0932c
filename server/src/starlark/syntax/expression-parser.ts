// Expressions: a port of the expression half of go.starlark.net/syntax/parse.go
// (parseExpr ... parsePrimary, parseParams/parseArgs, comprehensions, lambda). Any error
// abandons the statement (ABORT), as Go's panic does; parser.ts recovers.
import type * as ast from "./ast";
import type { SyntaxDiagnostic } from "./ast";
import { ABORT, FATAL, ParserBase } from "./parser-base";
import type { TokenValue } from "./scanner";
import { tokenGoString, tokenNames, type Token } from "./tokens";

/** Operator precedence, as parse.go's preclevels (0 binds loosest). Unary -, + and ~ bind
 *  tighter than all of these and are handled in parsePrimary. */
const precedence: Partial<Record<Token, number>> = {
  OR: 0, AND: 1, NOT: 2,
  EQL: 3, NEQ: 3, LT: 3, GT: 3, LE: 3, GE: 3, IN: 3, NOT_IN: 3,
  PIPE: 4, CIRCUMFLEX: 5, AMP: 6, LTLT: 7, GTGT: 7, MINUS: 8, PLUS: 8,
  STAR: 9, PERCENT: 9, SLASH: 9, SLASHSLASH: 9,
};
const COMPARISON_PREC = 3;

function terminatesExprList(tok: Token): boolean {
  switch (tok) {
    case "EOF": case "NEWLINE": case "EQ": case "RBRACE": case "RBRACK": case "RPAREN": case "SEMI":
      return true;
  }
  return false;
}

export abstract class ExpressionParser extends ParserBase {
  /** ParseExpr in parse.go: a single expression (a bare tuple allowed), then EOF. On
   *  error `expr` is undefined and `errors` holds go.starlark.net's first error. */
  parseExpression(): { expr?: ast.Expr; errors: SyntaxDiagnostic[] } {
    try {
      const expr = this.parseExpr(false);
      // A following newline ("f()\n") is outside brackets, so it is a NEWLINE token.
      if (this.tv.tok === "NEWLINE") this.next();
      if (this.tv.tok !== "EOF") this.failHere(`got ${tokenGoString(this.tv.tok)} after expression, want EOF`);
      return { expr, errors: this.errors };
    } catch (e) {
      if (e !== FATAL && e !== ABORT) throw e;
      return { errors: this.errors };
    }
  }

  protected parseIdent(): ast.Ident {
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
  protected parseParams(params: ast.Expr[]): void {
    while (this.tv.tok !== "RPAREN" && this.tv.tok !== "COLON" && this.tv.tok !== "EOF") {
      if (params.length > 0) this.consume("COMMA");
      if (this.tok() === "RPAREN") break;

      if (this.tv.tok === "STAR" || this.tv.tok === "STARSTAR") {
        const opTok = this.next();
        const op = opTok.tok === "STAR" ? "*" : "**";
        let x: ast.Expr | undefined;
        if (op === "**" || this.tok() === "IDENT") x = this.parseIdent();
        params.push({ kind: "UnaryExpr", start: opTok.pos, end: x ? x.end : opTok.end, opPos: opTok.pos, op, x });
        continue;
      }

      const id = this.parseIdent();
      if (this.tv.tok === "EQ") {
        const eq = this.next();
        const dflt = this.parseTest();
        params.push(this.binary(id, eq.pos, "=", dflt));
        continue;
      }
      params.push(id);
    }
  }

  /** loop_variables = primary_with_suffix (COMMA primary_with_suffix)* COMMA?
   *  (not parseExpr, which would consume the IN of `for x in y`). */
  protected parseForLoopVariables(): ast.Expr {
    const v = this.parsePrimaryWithSuffix();
    if (this.tv.tok !== "COMMA") return v;
    const list: ast.Expr[] = [v];
    while (this.tv.tok === "COMMA") {
      this.next();
      if (terminatesExprList(this.tv.tok)) break;
      list.push(this.parsePrimaryWithSuffix());
    }
    return this.tuple(list);
  }

  /** An expression, possibly an unparenthesized tuple of 'test's. */
  protected parseExpr(inParens: boolean): ast.Expr {
    const x = this.parseTest();
    if (this.tv.tok !== "COMMA") return x;
    return this.tuple(this.parseExprs([x], inParens));
  }

  /** expr_list = (',' expr)* ','?  starting at the comma. */
  protected parseExprs(exprs: ast.Expr[], allowTrailingComma: boolean): ast.Expr[] {
    while (this.tv.tok === "COMMA") {
      const comma = this.next();
      if (terminatesExprList(this.tv.tok)) {
        if (!allowTrailingComma) this.fail(comma.pos, "unparenthesized tuple with trailing comma", comma.end);
        break;
      }
      exprs.push(this.parseTest());
    }
    return exprs;
  }

  /** A 'test': a single-component expression, including `x if c else y` and lambda. */
  protected parseTest(): ast.Expr {
    this.enter();
    try {
      if (this.tv.tok === "LAMBDA") return this.parseLambda(true);
      const x = this.parseTestPrec(0);
      if (this.tv.tok === "IF") {
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
  protected parseTestNoCond(): ast.Expr {
    if (this.tv.tok === "LAMBDA") return this.parseLambda(false);
    return this.parseTestPrec(0);
  }

  /** lambda params: body; `allowCond` allows the body to be a conditional expression. */
  protected parseLambda(allowCond: boolean): ast.LambdaExpr {
    const lambdaTok = this.next();
    const params: ast.Expr[] = [];
    if (this.tv.tok !== "COLON") this.parseParams(params);
    this.consume("COLON");
    if (allowCond) return this.lambda(lambdaTok, params, this.parseTest());
    // `lambda: lambda: ...` in a comprehension's `if` does not pass parseTest's count.
    this.enter();
    const body = this.parseTestNoCond();
    this.nesting--;
    return this.lambda(lambdaTok, params, body);
  }

  private lambda(lambdaTok: TokenValue, params: ast.Expr[], body: ast.Expr): ast.LambdaExpr {
    return { kind: "LambdaExpr", start: lambdaTok.pos, end: body.end, lambda: lambdaTok.pos, params, body };
  }

  /** parseTestPrec in parse.go: an expression whose binary operators all have at least
   *  precedence `prec`. Go recurses once per precedence level (parseTestPrec ->
   *  parseBinopExpr -> parseTestPrec(prec+1) ...); we climb iteratively, which builds the
   *  same trees and reports the same errors with far fewer stack frames per nested
   *  bracket. Two details carry over: `not` as a prefix is accepted only where Go reaches
   *  its level (prec <= precedence of NOT), and two comparisons in a row at the same level
   *  are an error, as comparisons do not associate. */
  protected parseTestPrec(prec: number): ast.Expr {
    let x: ast.Expr;
    if (this.tv.tok === "NOT" && prec <= precedence.NOT!) {
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
      if (this.tv.tok === "NOT") {
        // In this context NOT must be followed by IN; the pair becomes one NOT_IN token.
        this.next();
        if (this.tok() !== "IN") this.failHere(`got ${tokenGoString(this.tok())}, want in`);
        this.tv = { ...this.tv, tok: "NOT_IN" };
      }
      const opprec = precedence[this.tv.tok] ?? -1;
      if (opprec < prec) return x;
      const isComparison = opprec === COMPARISON_PREC;
      if (isComparison && lastWasComparison) {
        this.failHere(`${(x as ast.BinaryExpr).op} does not associate with ${tokenNames[this.tv.tok]} (use parens)`);
      }
      lastWasComparison = isComparison;
      const opTok = this.next();
      const y = this.parseTestPrec(opprec + 1);
      x = this.binary(x, opTok.pos, tokenNames[opTok.tok] as ast.BinaryOp, y);
    }
  }

  /** primary_with_suffix = primary ('.' IDENT | slice_suffix | call_suffix)* */
  protected parsePrimaryWithSuffix(): ast.Expr {
    let x = this.parsePrimary();
    for (;;) {
      switch (this.tv.tok) {
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
  protected parseSliceSuffix(x: ast.Expr): ast.Expr {
    const lbrack = this.next();
    let lo: ast.Expr | undefined, hi: ast.Expr | undefined, step: ast.Expr | undefined;
    if (this.tv.tok !== "COLON") {
      const y = this.parseExpr(false);
      if (this.tv.tok === "RBRACK") {
        const rbrack = this.next();
        return { kind: "IndexExpr", start: x.start, end: rbrack.end, x, lbrack: lbrack.pos, y, rbrack: rbrack.pos };
      }
      lo = y;
    }
    if (this.tv.tok === "COLON") {
      this.next();
      if (this.tv.tok !== "COLON" && this.tv.tok !== "RBRACK") hi = this.parseTest();
    }
    if (this.tv.tok === "COLON") {
      this.next();
      if (this.tok() !== "RBRACK") step = this.parseTest();
    }
    const rbrack = this.consume("RBRACK");
    return { kind: "SliceExpr", start: x.start, end: rbrack.end, x, lbrack: lbrack.pos, lo, hi, step, rbrack: rbrack.pos };
  }

  /** call_suffix = '(' arg_list? ')' */
  protected parseCallSuffix(fn: ast.Expr): ast.CallExpr {
    const lparen = this.consume("LPAREN");
    const args: ast.Expr[] = [];
    if (this.tv.tok !== "RPAREN") this.parseArgs(args);
    const rparen = this.consume("RPAREN");
    return { kind: "CallExpr", start: fn.start, end: rparen.end, fn, lparen: lparen.pos, args, rparen: rparen.pos };
  }

  /** arg_list = ((arg COMMA)* arg COMMA?)?  with arg = test | IDENT '=' test | '*' test
   *  | '**' test. Like Go, parses 'test = test' and then checks the first is an IDENT. */
  protected parseArgs(args: ast.Expr[]): void {
    while (this.tv.tok !== "RPAREN" && this.tv.tok !== "EOF") {
      if (args.length > 0) this.consume("COMMA");
      if (this.tok() === "RPAREN") break;

      if (this.tv.tok === "STAR" || this.tv.tok === "STARSTAR") {
        const opTok = this.next();
        const x = this.parseTest();
        args.push({
          kind: "UnaryExpr", start: opTok.pos, end: x.end, opPos: opTok.pos,
          op: opTok.tok === "STAR" ? "*" : "**", x,
        });
        continue;
      }

      let x = this.parseTest();
      if (this.tv.tok === "EQ") {
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
  protected parsePrimary(): ast.Expr {
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
        if (this.tv.tok === "RPAREN") {
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

  protected parseLiteral(): ast.Literal {
    const t = this.next();
    return {
      kind: "Literal", start: t.pos, end: t.end, token: t.tok as ast.Literal["token"],
      raw: t.raw, value: t.value!,
    };
  }

  /** list = '[' ']' | '[' expr expr_list ']' | '[' expr (FOR loop_variables IN expr)+ ']' */
  protected parseList(): ast.Expr {
    const lbrack = this.next();
    if (this.tv.tok === "RBRACK") {
      const rbrack = this.next();
      return { kind: "ListExpr", start: lbrack.pos, end: rbrack.end, lbrack: lbrack.pos, list: [], rbrack: rbrack.pos };
    }
    const x = this.parseTest();
    if (this.tv.tok === "FOR") return this.parseComprehensionSuffix(lbrack, x, "RBRACK");
    let list = [x];
    if (this.tv.tok === "COMMA") list = this.parseExprs(list, true);
    const rbrack = this.consume("RBRACK");
    return { kind: "ListExpr", start: lbrack.pos, end: rbrack.end, lbrack: lbrack.pos, list, rbrack: rbrack.pos };
  }

  /** dict = '{' '}' | '{' dict_entry_list '}' | '{' dict_entry FOR loop_variables IN expr '}' */
  protected parseDict(): ast.Expr {
    const lbrace = this.next();
    if (this.tv.tok === "RBRACE") {
      const rbrace = this.next();
      return { kind: "DictExpr", start: lbrace.pos, end: rbrace.end, lbrace: lbrace.pos, list: [], rbrace: rbrace.pos };
    }
    const x = this.parseDictEntry();
    if (this.tv.tok === "FOR") return this.parseComprehensionSuffix(lbrace, x, "RBRACE");
    const list = [x];
    while (this.tv.tok === "COMMA") {
      this.next();
      if (this.tok() === "RBRACE") break;
      list.push(this.parseDictEntry());
    }
    const rbrace = this.consume("RBRACE");
    return { kind: "DictExpr", start: lbrace.pos, end: rbrace.end, lbrace: lbrace.pos, list, rbrace: rbrace.pos };
  }

  protected parseDictEntry(): ast.DictEntry {
    const key = this.parseTest();
    const colon = this.consume("COLON");
    const value = this.parseTest();
    return { kind: "DictEntry", start: key.start, end: value.end, key, colon: colon.pos, value };
  }

  /** comp_suffix = FOR loopvars IN expr comp_suffix | IF expr comp_suffix | ']' or '}' */
  protected parseComprehensionSuffix(lbrack: TokenValue, body: ast.Expr, endBrace: Token): ast.Comprehension {
    const clauses: (ast.ForClause | ast.IfClause)[] = [];
    while (this.tv.tok !== endBrace) {
      if (this.tv.tok === "FOR") {
        const forTok = this.next();
        const vars = this.parseForLoopVariables();
        const inTok = this.consume("IN");
        // As in Python 3, the operand of IN may not be a conditional expression, a
        // lambda, or an unparenthesized tuple.
        this.enter(); // nested comprehensions nest here, not through parseTest
        const x = this.parseTestPrec(0);
        this.nesting--;
        clauses.push({ kind: "ForClause", start: forTok.pos, end: x.end, forPos: forTok.pos, vars, inPos: inTok.pos, x });
      } else if (this.tv.tok === "IF") {
        const ifTok = this.next();
        this.enter();
        const cond = this.parseTestNoCond();
        this.nesting--;
        clauses.push({ kind: "IfClause", start: ifTok.pos, end: cond.end, ifPos: ifTok.pos, cond });
      } else {
        this.failHere(`got ${tokenGoString(this.tv.tok)}, want '${tokenNames[endBrace]}', for, or if`);
      }
    }
    const rbrack = this.next();
    return {
      kind: "Comprehension", start: lbrack.pos, end: rbrack.end, curly: endBrace === "RBRACE",
      lbrack: lbrack.pos, body, clauses, rbrack: rbrack.pos,
    };
  }
}
