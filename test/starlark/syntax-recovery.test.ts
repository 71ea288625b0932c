// Error recovery: after go.starlark.net's first error the parser goes on, reports later
// errors (one per statement), keeps what it could parse, and never throws or hangs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { parse, walk, type Node, type Span } from "../../server/src/starlark/syntax";
import { treeString } from "../../server/src/starlark/syntax/debug";

function errorList(src: string): string[] {
  return parse("r.star", src).errors.map((e) => `${e.pos.line}:${e.pos.col}: ${e.msg}`);
}

function trees(src: string): string[] {
  return parse("r.star", src).file.stmts.map(treeString);
}

test("recovery: one error per broken statement, later statements still parsed", () => {
  const src = "x = 1 +\ny = 2\nz = )\nw = 4\n";
  assert.deepEqual(errorList(src), ["1:8: got newline, want primary expression", "3:5: unexpected ')'"]);
  assert.deepEqual(trees(src), [
    "(ExprStmt X=(BadExpr))", "(AssignStmt Op== LHS=y RHS=2)", "(ExprStmt X=(BadExpr))", "(AssignStmt Op== LHS=w RHS=4)",
  ]);
});

test("recovery: a broken def header keeps the def, its parameters and its body", () => {
  const src = "def f(a, b:\n    return a\n\ndef g():\n    pass\n";
  assert.deepEqual(errorList(src), ["1:12: got ':', want ')'"]);
  assert.deepEqual(trees(src), [
    "(DefStmt Name=f Params=(a b) Body=((ReturnStmt Result=a)))",
    "(DefStmt Name=g Body=((BranchStmt Token=pass)))",
  ]);
});

test("recovery: a missing colon in an if/elif/else chain keeps every branch", () => {
  const src = "if x\n    y = 1\nelif z\n    y = 2\nelse\n    y = 3\n";
  assert.deepEqual(errorList(src), ["2:1: got newline, want ':'", "4:1: got newline, want ':'", "6:1: got newline, want ':'"]);
  assert.deepEqual(trees(src), [
    "(IfStmt Cond=x True=((AssignStmt Op== LHS=y RHS=1)) False=((IfStmt Cond=z True=((AssignStmt Op== LHS=y RHS=2)) False=((AssignStmt Op== LHS=y RHS=3)))))",
  ]);
});

test("recovery: an unclosed bracket stops at the next line that starts a statement", () => {
  const src = "def instance_placement(request, candidate_members):\n    log_info(\"x\"\n    return None\n\ndef other():\n    pass\n";
  assert.deepEqual(errorList(src), ["3:11: got return, want ','"]);
  assert.deepEqual(trees(src), [
    "(DefStmt Name=instance_placement Params=(request candidate_members) Body=((ExprStmt X=(BadExpr)) (ReturnStmt Result=None)))",
    "(DefStmt Name=other Body=((BranchStmt Token=pass)))",
  ]);
});

test("recovery: scanner errors give a usable token and the statement survives", () => {
  const src = "x = \"a\\qb\"\ny = 'open\nz = 0777\n";
  assert.deepEqual(errorList(src), [
    "1:5: invalid escape sequence \\q",
    "2:5: unexpected newline in string",
    "3:9: obsolete form of octal literal; use 0o777",
  ]);
  assert.deepEqual(trees(src), [
    '(AssignStmt Op== LHS=x RHS="a\\\\qb")', '(AssignStmt Op== LHS=y RHS="open")', "(AssignStmt Op== LHS=z RHS=0)",
  ]);
});

test("recovery: an unexpected indented block is parsed, reported once", () => {
  const src = "x = 1\n    y = 2\n    z = 3\nw = 4\n";
  assert.deepEqual(errorList(src), ["2:5: got indent, want primary expression"]);
  assert.equal(trees(src).length, 4);
});

test("recovery: a missing body is an error, not the loss of the def", () => {
  const src = "def f():\nx = 1\n";
  assert.deepEqual(errorList(src), ["2:2: got identifier, want indent"]);
  assert.deepEqual(trees(src), ["(DefStmt Name=f)", "(AssignStmt Op== LHS=x RHS=1)"]);
});

test("recovery: comments on rescanned lines are collected once", () => {
  const src = "def f():\n    x = foo(a  # c1\n    # c2\n    return 1  # c3\n";
  const { file, errors } = parse("r.star", src);
  assert.equal(errors.length, 1);
  assert.deepEqual(file.comments.map((c) => `${c.start.line}:${c.start.col} ${c.text}`), ["2:16 # c1", "3:5 # c2", "4:15 # c3"]);
});

test("recovery: the statement after a missing body gets its own error", () => {
  assert.deepEqual(errorList("def f():\nx = )\n"), ["2:2: got identifier, want indent", "2:5: unexpected ')'"]);
});

test("recovery: absurd nesting is reported, not a stack overflow", () => {
  const src = "x = " + "(".repeat(5000) + "1" + ")".repeat(5000) + "\ny = 2\n";
  const { file, errors } = parse("deep.star", src);
  assert.match(errors[0].msg, /^nesting too deep: incus-scriptlet stops at 600 /);
  // The parse ends there (recovery would report every deeper line again).
  assert.equal(errors.length, 1);
  assert.equal(file.stmts.length, 0);
});

// ---- fuzzing ------------------------------------------------------------------------------

const seeds = [
  "def instance_placement(request, candidate_members):\n    for m in candidate_members:\n        if m.server_name == \"a\":\n            set_target(m.server_name)\n            return\n    log_info(\"none\", [x for x in {1: 2} if x])\n",
  "load(\"m\", \"a\", b = \"c\")\nx, y = (1, 2.5e3), b'\\xff'\nz = lambda a, *b, c=1, **d: a if b else c\nw = x[1:2:-1] + r'''raw\\n''' % (0x1f, 0o7, 0b1)\n",
  "def f(a, b):\n\twhile a:\n\t\ta -= 1; b //= 2\n\t\tcontinue\n\treturn not a in b and b not in a or -a\n",
];
const testdata = "/usr/share/gocode/src/go.starlark.net/starlark/testdata";
if (existsSync(testdata)) {
  for (const f of readdirSync(testdata).filter((n) => n.endsWith(".star")).slice(0, 12)) {
    seeds.push(readFileSync(`${testdata}/${f}`, "utf8").slice(0, 4000));
  }
}
const fragments = [
  "(", ")", "[", "]", "{", "}", ":", ",", "\n", "\n  ", "\t", "\"", "'", "'''", "\\", "#", "=", "not",
  "in", "if", "else", "for", "def", "lambda", "return", "load", "*", "**", "0777", "1e", "\\x80",
  "b\"", "r'", "!", "é", "😿", "\ud800", ";", "\r\n", "\r", "pass", "\x00", "\ufeff", "x.", "1 if",
];

/** A small deterministic PRNG (LCG), so failures reproduce. */
function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

function mutate(src: string, rnd: (n: number) => number): string {
  let s = src;
  for (let k = 1 + rnd(3); k > 0; k--) {
    const p = rnd(s.length + 1);
    switch (rnd(4)) {
      case 0: s = s.slice(0, p); break;
      case 1: s = s.slice(0, p) + fragments[rnd(fragments.length)] + s.slice(p); break;
      case 2: s = s.slice(0, p) + s.slice(p + rnd(20)); break;
      case 3: { const q = rnd(s.length + 1); const [a, b] = p < q ? [p, q] : [q, p]; s = s.slice(0, b) + s.slice(a, b) + s.slice(b); }
    }
  }
  return s;
}

function checkSpan(n: Span, len: number, what: string): void {
  assert.ok(n.start.offset >= 0 && n.start.offset <= n.end.offset && n.end.offset <= len, what);
  assert.ok(n.start.line >= 1 && n.start.col >= 1, what);
}

test("fuzz: thousands of mutated programs always parse to a well-formed result", () => {
  const rnd = rng(20261125);
  let withErrors = 0;
  for (let i = 0; i < 4000; i++) {
    const src = mutate(seeds[rnd(seeds.length)], rnd);
    const { file, errors } = parse("fuzz.star", src);
    const what = JSON.stringify(src.slice(0, 200));
    if (errors.length > 0) withErrors++;
    for (let k = 0; k < errors.length; k++) {
      const e = errors[k];
      assert.equal(e.code, "syntax");
      assert.ok(!e.msg.startsWith("internal error"), `${e.msg} in ${what}`);
      checkSpan({ start: e.pos, end: e.end }, src.length, what);
      if (k > 0) assert.ok(errors[k - 1].pos.offset <= e.pos.offset, `errors sorted in ${what}`);
    }
    walk(file, (n: Node) => {
      if (n.kind !== "File") checkSpan(n, src.length, `${n.kind} in ${what}`);
    });
  }
  assert.ok(withErrors > 1000, `only ${withErrors} programs with errors: mutations too weak`);
});

test("fuzz: in error-free programs every node lies within its parent", () => {
  let checked = 0;
  for (const src of seeds) {
    const { file, errors } = parse("seed.star", src);
    if (errors.length > 0) continue; // go.starlark.net's files are chunked, not all valid whole
    checked++;
    const check = (n: Node, parent?: Span) => {
      if (n.kind !== "File" && parent) {
        assert.ok(parent.start.offset <= n.start.offset && n.end.offset <= parent.end.offset, n.kind);
      }
      const span = n.kind === "File" ? undefined : n;
      walk(n, (c) => {
        if (c === n) return true;
        check(c, span);
        return false;
      });
    };
    check(file);
  }
  assert.ok(checked >= 3);
});
