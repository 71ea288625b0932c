// The parser: tree shapes from go.starlark.net's parse_test.go tables (ported verbatim,
// printed by debug.ts's treeString as parse_test.go's treeString prints them), then
// positions, spans, literals and first-error messages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, parseExpr, type Expr, type Span } from "../../server/src/starlark/syntax";
import { treeString } from "../../server/src/starlark/syntax/debug";

/** What parse_test.go compares: the tree, or the message of the error (no position). */
function exprTree(src: string): string {
  const { expr, errors } = parseExpr("foo.star", src);
  return expr && errors.length === 0 ? treeString(expr) : errors[0].msg;
}

function firstError(src: string): string {
  const e = parse("foo.star", src).errors[0];
  return e ? `${e.pos.line}:${e.pos.col}: ${e.msg}` : "ok";
}

const exprTrees: [input: string, want: string][] = [
  ["print(1)", "(CallExpr Fn=print Args=(1))"],
  ["print(1)\n", "(CallExpr Fn=print Args=(1))"],
  ["x + 1", "(BinaryExpr X=x Op=+ Y=1)"],
  ["[x for x in y]", "(Comprehension Body=x Clauses=((ForClause Vars=x X=y)))"],
  ["[x for x in (a if b else c)]", "(Comprehension Body=x Clauses=((ForClause Vars=x X=(ParenExpr X=(CondExpr Cond=b True=a False=c)))))"],
  ["x[i].f(42)", "(CallExpr Fn=(DotExpr X=(IndexExpr X=x Y=i) Name=f) Args=(42))"],
  ["x.f()", "(CallExpr Fn=(DotExpr X=x Name=f))"],
  ["x+y*z", "(BinaryExpr X=x Op=+ Y=(BinaryExpr X=y Op=* Y=z))"],
  ["x%y-z", "(BinaryExpr X=(BinaryExpr X=x Op=% Y=y) Op=- Y=z)"],
  ["a + b not in c", "(BinaryExpr X=(BinaryExpr X=a Op=+ Y=b) Op=not in Y=c)"],
  ["lambda x, *args, **kwargs: None", "(LambdaExpr Params=(x (UnaryExpr Op=* X=args) (UnaryExpr Op=** X=kwargs)) Body=None)"],
  ["{\"one\": 1}", "(DictExpr List=((DictEntry Key=\"one\" Value=1)))"],
  ["a[i]", "(IndexExpr X=a Y=i)"],
  ["a[i:]", "(SliceExpr X=a Lo=i)"],
  ["a[:j]", "(SliceExpr X=a Hi=j)"],
  ["a[::]", "(SliceExpr X=a)"],
  ["a[::k]", "(SliceExpr X=a Step=k)"],
  ["[]", "(ListExpr)"],
  ["[1]", "(ListExpr List=(1))"],
  ["[1,]", "(ListExpr List=(1))"],
  ["[1, 2]", "(ListExpr List=(1 2))"],
  ["()", "(TupleExpr)"],
  ["(4,)", "(ParenExpr X=(TupleExpr List=(4)))"],
  ["(4)", "(ParenExpr X=4)"],
  ["(4, 5)", "(ParenExpr X=(TupleExpr List=(4 5)))"],
  ["1, 2, 3", "(TupleExpr List=(1 2 3))"],
  ["1, 2,", "unparenthesized tuple with trailing comma"],
  ["{}", "(DictExpr)"],
  ["{\"a\": 1}", "(DictExpr List=((DictEntry Key=\"a\" Value=1)))"],
  ["{\"a\": 1,}", "(DictExpr List=((DictEntry Key=\"a\" Value=1)))"],
  ["{\"a\": 1, \"b\": 2}", "(DictExpr List=((DictEntry Key=\"a\" Value=1) (DictEntry Key=\"b\" Value=2)))"],
  ["{x: y for (x, y) in z}", "(Comprehension Curly Body=(DictEntry Key=x Value=y) Clauses=((ForClause Vars=(ParenExpr X=(TupleExpr List=(x y))) X=z)))"],
  ["{x: y for a in b if c}", "(Comprehension Curly Body=(DictEntry Key=x Value=y) Clauses=((ForClause Vars=a X=b) (IfClause Cond=c)))"],
  ["-1 + +2", "(BinaryExpr X=(UnaryExpr Op=- X=1) Op=+ Y=(UnaryExpr Op=+ X=2))"],
  ["\"foo\" + \"bar\"", "(BinaryExpr X=\"foo\" Op=+ Y=\"bar\")"],
  // prec(unary -) > prec(binary *)
  ["-1 * 2", "(BinaryExpr X=(UnaryExpr Op=- X=1) Op=* Y=2)"],
  // prec(unary -) < prec(x[i])
  ["-x[i]", "(UnaryExpr Op=- X=(IndexExpr X=x Y=i))"],
  // prec(|) < prec(&)
  ["a | b & c | d", "(BinaryExpr X=(BinaryExpr X=a Op=| Y=(BinaryExpr X=b Op=& Y=c)) Op=| Y=d)"],
  ["a or b and c or d", "(BinaryExpr X=(BinaryExpr X=a Op=or Y=(BinaryExpr X=b Op=and Y=c)) Op=or Y=d)"],
  ["a and b or c and d", "(BinaryExpr X=(BinaryExpr X=a Op=and Y=b) Op=or Y=(BinaryExpr X=c Op=and Y=d))"],
  ["f(1, x=y)", "(CallExpr Fn=f Args=(1 (BinaryExpr X=x Op== Y=y)))"],
  ["f(*args, **kwargs)", "(CallExpr Fn=f Args=((UnaryExpr Op=* X=args) (UnaryExpr Op=** X=kwargs)))"],
  ["lambda *args, *, x=1, **kwargs: 0", "(LambdaExpr Params=((UnaryExpr Op=* X=args) (UnaryExpr Op=*) (BinaryExpr X=x Op== Y=1) (UnaryExpr Op=** X=kwargs)) Body=0)"],
  ["lambda *, a, *b: 0", "(LambdaExpr Params=((UnaryExpr Op=*) a (UnaryExpr Op=* X=b)) Body=0)"],
  ["a if b else c", "(CondExpr Cond=b True=a False=c)"],
  ["a and not b", "(BinaryExpr X=a Op=and Y=(UnaryExpr Op=not X=b))"],
  ["[e for x in y if cond1 if cond2]", "(Comprehension Body=e Clauses=((ForClause Vars=x X=y) (IfClause Cond=cond1) (IfClause Cond=cond2)))"],
  // github.com/google/skylark/issues/53
];

const stmtTrees: [input: string, want: string][] = [
  ["print(1)", "(ExprStmt X=(CallExpr Fn=print Args=(1)))"],
  ["return 1, 2", "(ReturnStmt Result=(TupleExpr List=(1 2)))"],
  ["return", "(ReturnStmt)"],
  ["for i in \"abc\": break", "(ForStmt Vars=i X=\"abc\" Body=((BranchStmt Token=break)))"],
  ["for i in \"abc\": continue", "(ForStmt Vars=i X=\"abc\" Body=((BranchStmt Token=continue)))"],
  ["for x, y in z: pass", "(ForStmt Vars=(TupleExpr List=(x y)) X=z Body=((BranchStmt Token=pass)))"],
  ["if True: pass", "(IfStmt Cond=True True=((BranchStmt Token=pass)))"],
  ["if True: break", "(IfStmt Cond=True True=((BranchStmt Token=break)))"],
  ["if True: continue", "(IfStmt Cond=True True=((BranchStmt Token=continue)))"],
  ["if True: pass\nelse:\n\tpass", "(IfStmt Cond=True True=((BranchStmt Token=pass)) False=((BranchStmt Token=pass)))"],
  ["if a: pass\nelif b: pass\nelse: pass", "(IfStmt Cond=a True=((BranchStmt Token=pass)) False=((IfStmt Cond=b True=((BranchStmt Token=pass)) False=((BranchStmt Token=pass)))))"],
  ["x, y = 1, 2", "(AssignStmt Op== LHS=(TupleExpr List=(x y)) RHS=(TupleExpr List=(1 2)))"],
  ["x[i] = 1", "(AssignStmt Op== LHS=(IndexExpr X=x Y=i) RHS=1)"],
  ["x.f = 1", "(AssignStmt Op== LHS=(DotExpr X=x Name=f) RHS=1)"],
  ["(x, y) = 1", "(AssignStmt Op== LHS=(ParenExpr X=(TupleExpr List=(x y))) RHS=1)"],
  ["load(\"\", \"a\", b=\"c\")", "(LoadStmt Module=\"\" From=(a c) To=(a b))"],
  // load needn't be at toplevel
  ["if True: load(\"\", \"a\", b=\"c\")", "(IfStmt Cond=True True=((LoadStmt Module=\"\" From=(a c) To=(a b))))"],
  ["def f(x, *args, **kwargs):\n\tpass", "(DefStmt Name=f Params=(x (UnaryExpr Op=* X=args) (UnaryExpr Op=** X=kwargs)) Body=((BranchStmt Token=pass)))"],
  ["def f(**kwargs, *args): pass", "(DefStmt Name=f Params=((UnaryExpr Op=** X=kwargs) (UnaryExpr Op=* X=args)) Body=((BranchStmt Token=pass)))"],
  ["def f(a, b, c=d): pass", "(DefStmt Name=f Params=(a b (BinaryExpr X=c Op== Y=d)) Body=((BranchStmt Token=pass)))"],
  ["def f(a, b=c, d): pass", "(DefStmt Name=f Params=(a (BinaryExpr X=b Op== Y=c) d) Body=((BranchStmt Token=pass)))"],
  // TODO(adonovan): fix this
  ["def f():\n\tdef g():\n\t\tpass\n\tpass\ndef h():\n\tpass", "(DefStmt Name=f Body=((DefStmt Name=g Body=((BranchStmt Token=pass))) (BranchStmt Token=pass)))"],
  ["f();g()", "(ExprStmt X=(CallExpr Fn=f))"],
  ["f();", "(ExprStmt X=(CallExpr Fn=f))"],
  ["f();g()\n", "(ExprStmt X=(CallExpr Fn=f))"],
  ["f();\n", "(ExprStmt X=(CallExpr Fn=f))"],];

const fileTrees: [input: string, want: string][] = [
  ["x = 1\nprint(x)", "(AssignStmt Op== LHS=x RHS=1)\n(ExprStmt X=(CallExpr Fn=print Args=(x)))"],
  ["if cond:\n\tpass", "(IfStmt Cond=cond True=((BranchStmt Token=pass)))"],
  ["if cond:\n\tpass\nelse:\n\tpass", "(IfStmt Cond=cond True=((BranchStmt Token=pass)) False=((BranchStmt Token=pass)))"],
  ["def f():\n\tpass\npass\n\npass", "(DefStmt Name=f Body=((BranchStmt Token=pass)))\n(BranchStmt Token=pass)\n(BranchStmt Token=pass)"],
  ["pass; pass", "(BranchStmt Token=pass)\n(BranchStmt Token=pass)"],
  ["pass\npass", "(BranchStmt Token=pass)\n(BranchStmt Token=pass)"],
  ["pass\n\npass", "(BranchStmt Token=pass)\n(BranchStmt Token=pass)"],
  ["x = (1 +\n2)", "(AssignStmt Op== LHS=x RHS=(ParenExpr X=(BinaryExpr X=1 Op=+ Y=2)))"],
  ["x = 1 \\\n+ 2", "(AssignStmt Op== LHS=x RHS=(BinaryExpr X=1 Op=+ Y=2))"],];

test("parser: expression trees of parse_test.go", () => {
  for (const [input, want] of exprTrees) assert.equal(exprTree(input), want, input);
});

test("parser: first statement trees of parse_test.go", () => {
  for (const [input, want] of stmtTrees) {
    const { file, errors } = parse("foo.star", input);
    assert.deepEqual(errors, [], input);
    assert.equal(treeString(file.stmts[0]), want, input);
  }
});

test("parser: file trees of parse_test.go (indentation, newlines, continuations)", () => {
  for (const [input, want] of fileTrees) {
    const { file, errors } = parse("foo.star", input);
    assert.deepEqual(errors, [], input);
    assert.equal(file.stmts.map(treeString).join("\n"), want, input);
  }
});

test("parser: operator precedence and associativity", () => {
  const cases: [string, string][] = [
    ["a or b and not c", "(BinaryExpr X=a Op=or Y=(BinaryExpr X=b Op=and Y=(UnaryExpr Op=not X=c)))"],
    ["not a == b", "(UnaryExpr Op=not X=(BinaryExpr X=a Op=== Y=b))"],
    ["a | b ^ c & d << e + f * g", "(BinaryExpr X=a Op=| Y=(BinaryExpr X=b Op=^ Y=(BinaryExpr X=c Op=& Y=(BinaryExpr X=d Op=<< Y=(BinaryExpr X=e Op=+ Y=(BinaryExpr X=f Op=* Y=g))))))"],
    ["a - b - c", "(BinaryExpr X=(BinaryExpr X=a Op=- Y=b) Op=- Y=c)"],
    ["a // b % c", "(BinaryExpr X=(BinaryExpr X=a Op=// Y=b) Op=% Y=c)"],
    ["-a ** b", "(UnaryExpr Op=- X=a)"], // ** is not a binary operator: tail is an error below
    ["~x.y(1)[2]", "(UnaryExpr Op=~ X=(IndexExpr X=(CallExpr Fn=(DotExpr X=x Name=y) Args=(1)) Y=2))"],
    ["a if b else c if d else e", "(CondExpr Cond=b True=a False=(CondExpr Cond=d True=c False=e))"],
    ["lambda: a if b else c", "(LambdaExpr Body=(CondExpr Cond=b True=a False=c))"],
    ["x not in y or z in w", "(BinaryExpr X=(BinaryExpr X=x Op=not in Y=y) Op=or Y=(BinaryExpr X=z Op=in Y=w))"],
    ["a < b == c", "< does not associate with == (use parens)"],
    ["a != b not in c", "!= does not associate with not in (use parens)"],
  ];
  for (const [input, want] of cases.filter(([i]) => i !== "-a ** b")) assert.equal(exprTree(input), want, input);
  assert.equal(exprTree("-a ** b"), "got '**' after expression, want EOF");
});

test("parser: parameters, keyword-only markers, defaults and call arguments", () => {
  const { file, errors } = parse("f.star", "def f(a, b=1, *args, c, d=2, **kw): pass\ng(1, x=2, *y, **z)\ndef h(a, *, b): pass\n");
  assert.deepEqual(errors, []);
  assert.equal(treeString(file.stmts[0]),
    "(DefStmt Name=f Params=(a (BinaryExpr X=b Op== Y=1) (UnaryExpr Op=* X=args) c (BinaryExpr X=d Op== Y=2) (UnaryExpr Op=** X=kw)) Body=((BranchStmt Token=pass)))");
  assert.equal(treeString(file.stmts[1]),
    "(ExprStmt X=(CallExpr Fn=g Args=(1 (BinaryExpr X=x Op== Y=2) (UnaryExpr Op=* X=y) (UnaryExpr Op=** X=z))))");
  assert.equal(treeString(file.stmts[2]), "(DefStmt Name=h Params=(a (UnaryExpr Op=*) b) Body=((BranchStmt Token=pass)))");
});

test("parser: statements of every kind", () => {
  const src = [
    "load('m.star', 'a', b = 'c')",
    "x, y = 1, 2",
    "x += 1",
    "z[1:2:3] //= 4",
    "for a, b in c:",
    "    if a:",
    "        continue",
    "    elif b:",
    "        break",
    "    else:",
    "        pass",
    "while x: x -= 1",
    "def g(): return",
    "d = {k: v for k, v in e if k for w in v}",
  ].join("\n");
  const { file, errors } = parse("s.star", src);
  assert.deepEqual(errors, []);
  assert.deepEqual(file.stmts.map((s) => s.kind),
    ["LoadStmt", "AssignStmt", "AssignStmt", "AssignStmt", "ForStmt", "WhileStmt", "DefStmt", "AssignStmt"]);
  assert.equal(treeString(file.stmts[4]),
    "(ForStmt Vars=(TupleExpr List=(a b)) X=c Body=((IfStmt Cond=a True=((BranchStmt Token=continue)) False=((IfStmt Cond=b True=((BranchStmt Token=break)) False=((BranchStmt Token=pass)))))))");
  assert.equal(treeString(file.stmts[3]), "(AssignStmt Op=//= LHS=(SliceExpr X=z Lo=1 Hi=2 Step=3) RHS=4)");
  assert.equal(treeString(file.stmts[7]),
    "(AssignStmt Op== LHS=d RHS=(Comprehension Curly Body=(DictEntry Key=k Value=v) Clauses=((ForClause Vars=(TupleExpr List=(k v)) X=e) (IfClause Cond=k) (ForClause Vars=w X=v))))");
});

/** `line:col-line:col` of a node, end exclusive. */
function span(n: Span): string {
  return `${n.start.line}:${n.start.col}-${n.end.line}:${n.end.col}`;
}

test("parser: every node spans its text, end exclusive", () => {
  const src = "x = f(a)[1:2] + (b, c)\ndef g(*, k):\n    return [k for k in x]\nload('m', 'n')\n";
  const { file, errors } = parse("s.star", src);
  assert.deepEqual(errors, []);
  const [assign, def, load] = file.stmts;
  assert.equal(span(assign), "1:1-1:23");
  const rhs = (assign as { rhs: Expr }).rhs;
  assert.equal(rhs.kind, "BinaryExpr");
  if (rhs.kind !== "BinaryExpr") return;
  assert.equal(span(rhs.x), "1:5-1:14"); // f(a)[1:2]
  assert.equal(span(rhs.y), "1:17-1:23"); // (b, c)
  assert.equal(span(def), "2:1-3:26");
  if (def.kind !== "DefStmt") return;
  assert.equal(span(def.params[0]), "2:7-2:8"); // bare *
  assert.equal(span(load), "4:1-4:15");
  if (load.kind !== "LoadStmt") return;
  assert.equal(load.to[0].name, "n");
  assert.equal(span(load.to[0]), "4:12-4:13"); // one column into the literal, as in go.starlark.net
  assert.equal(src.slice(assign.start.offset, assign.end.offset), "x = f(a)[1:2] + (b, c)");
});

test("parser: offsets are UTF-16 indices while columns count code points", () => {
  const src = "s = '😿😿' + é";
  const { file, errors } = parse("u.star", src);
  assert.deepEqual(errors, []);
  const s = file.stmts[0];
  if (s.kind !== "AssignStmt" || s.rhs.kind !== "BinaryExpr") return assert.fail("shape");
  assert.deepEqual(s.rhs.y.start, { line: 1, col: 12, offset: 13 });
  assert.equal(src.slice(s.rhs.y.start.offset, s.rhs.y.end.offset), "é");
  assert.equal((s.rhs.x as { value: string }).value, "\xf0\x9f\x98\xbf".repeat(2));
});

// Expectations checked against go.starlark.net (Debian's build) with a batch parse driver.
test("parser: first errors as go.starlark.net reports them", () => {
  const cases: [string, string][] = [
    ["x = 1 +\n", "1:8: got newline, want primary expression"],
    ["print 1 2", "1:8: got int literal, want newline"],
    ["def f(a b): pass", "1:10: got identifier, want ','"],
    ["if x\n  pass", "2:1: got newline, want ':'"],
    ["if x:\npass", "2:5: got pass, want indent"],
    ["def f():\n  pass\n pass", "3:2: unindent does not match any outer indentation level"],
    ["x = 'abc", "1:5: unexpected EOF in string"],
    ["x = b'\\400'", "1:6: invalid escape sequence \\400"],
    ["x = '\\xc3'", "1:5: non-ASCII hex escape \\xc3 (use \\u00C3 for the UTF-8 encoding of U+00C3)"],
    ["x = 0777", "1:9: obsolete form of octal literal; use 0o777"],
    ["x = $", "1:5: unexpected input character '$'"],
    ["x = a \\ b", "1:8: stray backslash in program"],
    ["class A: pass", "1:1: got illegal token, want primary expression"],
    ["x = b'a' b'b'", "1:14: got , want newline"], // BYTES has no name in go.starlark.net
    ["f(x for x in y)", "1:8: got for, want ','"],
    ["a = (1, 2", "1:10: got end of file, want ')'"],
    ["load('m')", "1:5: load statement must import at least 1 symbol"],
    // Found by differential fuzzing: a continuation line, then a comment line, in a suite.
    ["def f(x):\n  \\\n  # c\n    y = 1\n", "3:6: got newline, want primary expression"],
    // Recovery rescans the line of `elif` but must not report it before Go's error.
    ["def f():\n    x = {a: b\n    elif c:\n        pass\n", "3:9: got elif, want '}'"],
  ];
  for (const [src, want] of cases) assert.equal(firstError(src), want, src);
});
