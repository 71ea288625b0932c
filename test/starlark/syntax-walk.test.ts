// walk.ts, checked with the examples of go.starlark.net's walk_test.go.
import { test } from "node:test";
import assert from "node:assert/strict";
import { children, parse, walk, type Node } from "../../server/src/starlark/syntax";

test("walk: pre-order, children in source order (TestWalk)", () => {
  const src = '\nfor x in y:\n  if x:\n    pass\n  else:\n    f([2*x for x in "abc"])\n';
  const { file, errors } = parse("hello.star", src);
  assert.deepEqual(errors, []);
  const lines: string[] = [];
  const visit = (n: Node, depth: number) => {
    lines.push("  ".repeat(depth) + n.kind);
    for (const c of children(n)) visit(c, depth + 1);
  };
  visit(file, 0);
  assert.equal(lines.join("\n"), [
    "File", "  ForStmt", "    Ident", "    Ident", "    IfStmt", "      Ident", "      BranchStmt",
    "      ExprStmt", "        CallExpr", "          Ident", "          Comprehension",
    "            BinaryExpr", "              Literal", "              Ident", "            ForClause",
    "              Ident", "              Literal",
  ].join("\n"));
});

test("walk: visits every identifier (ExampleWalk)", () => {
  const src = `
load("library", "a")

def b(c, *, d=e):
    f += {g: h}
    i = -(j)
    return k.l[m + n]

for o in [p for q, r in s if t]:
    u(lambda: v, w[x:y:z])
`;
  const names: string[] = [];
  walk(parse("hello.star", src).file, (n) => {
    if (n.kind === "Ident") names.push(n.name);
  });
  // 'a' is both LoadStmt.from[0] and LoadStmt.to[0].
  assert.equal(names.join(" "), "a a b c d e f g h i j k l m n o p q r s t u v w x y z");
});

test("walk: returning false skips a node's children", () => {
  const { file } = parse("s.star", "def f(a):\n    return g(a)\nh(b)\n");
  const seen: string[] = [];
  walk(file, (n) => {
    if (n.kind === "Ident") seen.push(n.name);
    return n.kind !== "DefStmt";
  });
  assert.deepEqual(seen, ["h", "b"]);
});

test("walk: while statements are walked too", () => {
  const { file } = parse("s.star", "while a:\n    b()\n");
  const kinds: string[] = [];
  walk(file, (n) => { kinds.push(n.kind); });
  assert.deepEqual(kinds, ["File", "WhileStmt", "Ident", "ExprStmt", "CallExpr", "Ident"]);
});
