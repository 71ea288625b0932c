// The annotations the compiler relies on: scopes, local/cell/free indexes, function shapes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../server/src/starlark/syntax/index";
import type { DefStmt, Expr, File, Ident, LambdaExpr, Node } from "../../server/src/starlark/syntax/ast";
import { goStarlarkDefault, isUniverseName, resolveFile } from "../../server/src/starlark/resolve/index";

function resolved(src: string, predeclared: string[] = []): File {
  const { file, errors } = parse("test.star", src);
  assert.deepEqual(errors.map((e) => e.msg), []);
  const diagnostics = resolveFile(file, {
    dialect: goStarlarkDefault,
    isPredeclared: (name) => predeclared.includes(name),
    isUniversal: isUniverseName,
  });
  assert.deepEqual(diagnostics.map((d) => d.msg), []);
  return file;
}

/** Every identifier of the tree, in source order of discovery (a tiny generic walk, so
 *  these tests do not depend on the syntax package's walker). */
function identifiers(node: unknown, out: Ident[] = []): Ident[] {
  if (Array.isArray(node)) {
    for (const x of node) identifiers(x, out);
  } else if (node && typeof node === "object") {
    const n = node as { kind?: string };
    if (n.kind === "Ident") out.push(node as Ident);
    for (const [key, value] of Object.entries(node)) {
      if (key !== "binding" && key !== "function" && key !== "module") identifiers(value, out);
    }
  }
  return out;
}

/** The binding of the `nth` occurrence (0-based, in source order) of `name` on `line`. */
function bindingAt(file: File, line: number, name: string, nth = 0) {
  const ids = identifiers(file.stmts)
    .filter((id) => id.name === name && id.start.line === line)
    .sort((a, b) => a.start.offset - b.start.offset);
  assert.ok(ids[nth], `no ${name} #${nth} on line ${line}`);
  return ids[nth].binding!;
}

function def(file: File, name: string): DefStmt {
  const found: DefStmt[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      if ((node as Node).kind === "DefStmt" && (node as DefStmt).name.name === name) found.push(node as DefStmt);
      for (const [key, value] of Object.entries(node)) if (key !== "binding" && key !== "function") visit(value);
    }
  };
  visit(file.stmts);
  assert.equal(found.length, 1, `def ${name}`);
  return found[0];
}

test("parameters come first in locals, *args and **kwargs last; captured locals are cells", () => {
  const file = resolved([
    "def outer(a, b=1, *args, c, **kw):", // 1
    "    x = 1",                            // 2
    "    y = 2",                            // 3
    "    def inner(p):",                    // 4
    "        return x + p + a",             // 5
    "    return inner(y)",                  // 6
    "",
  ].join("\n"));
  const outer = def(file, "outer").function!;
  assert.deepEqual(outer.locals.map((b) => b.first?.name), ["a", "b", "c", "args", "kw", "x", "y", "inner"]);
  assert.equal(outer.hasVarargs, true);
  assert.equal(outer.hasKwargs, true);
  assert.equal(outer.numKwonlyParams, 1);
  assert.deepEqual(outer.cells, [0, 5], "a and x are captured by inner");
  assert.deepEqual(outer.locals.map((b) => b.scope), ["cell", "local", "local", "local", "local", "cell", "local", "local"]);
  assert.deepEqual(outer.freeVars, []);

  const inner = def(file, "inner").function!;
  assert.deepEqual(inner.locals.map((b) => b.first?.name), ["p"]);
  assert.equal(inner.freeVars.length, 2);
  assert.equal(inner.freeVars[0], outer.locals[5], "x, met first, is free variable 0");
  assert.equal(inner.freeVars[1], outer.locals[0]);
  assert.deepEqual(bindingAt(file, 5, "x"), { scope: "free", index: 0, first: outer.locals[5].first });
  assert.deepEqual(bindingAt(file, 5, "p"), inner.locals[0]);
  assert.equal(bindingAt(file, 5, "a").scope, "free");
  assert.equal(bindingAt(file, 5, "a").index, 1);
  assert.equal(bindingAt(file, 6, "inner"), outer.locals[7]);
  assert.equal(bindingAt(file, 6, "y").scope, "local");
  assert.equal(bindingAt(file, 6, "y").index, 6);
  assert.deepEqual(file.module!.globals.map((b) => b.first?.name), ["outer"]);
});

test("a variable captured two levels down is free in each function in between", () => {
  const file = resolved([
    "def f():",          // 1
    "    v = 1",         // 2
    "    def g():",      // 3
    "        def h():",  // 4
    "            return v", // 5
    "        return h",  // 6
    "    return g",      // 7
    "",
  ].join("\n"));
  const [f, g, h] = ["f", "g", "h"].map((n) => def(file, n).function!);
  assert.deepEqual(f.cells, [0]);
  assert.equal(g.freeVars.length, 1);
  assert.equal(g.freeVars[0], f.locals[0]);
  assert.equal(h.freeVars.length, 1);
  assert.deepEqual(h.freeVars[0], { scope: "free", index: 0, first: f.locals[0].first }, "h captures g's free variable");
  assert.deepEqual(g.cells, [], "a free variable passed on is not a cell of g");
  assert.equal(bindingAt(file, 5, "v").scope, "free");
  assert.equal(bindingAt(file, 6, "h"), g.locals[0]);
});

test("comprehensions get their own block, with slots in the enclosing container", () => {
  const file = resolved([
    "z = [x * y for x in range(3) for y in range(x) if y]", // 1
    "def f(n):",                                           // 2
    "    return {k: n for k in [n]}",                       // 3
    "",
  ].join("\n"));
  const module = file.module!;
  assert.deepEqual(module.locals.map((b) => b.first?.name), ["x", "y"]);
  assert.deepEqual(module.globals.map((b) => b.first?.name), ["z", "f"]);
  assert.deepEqual(module.cells, []);
  assert.deepEqual(bindingAt(file, 1, "x", 1), module.locals[0]);
  assert.equal(bindingAt(file, 1, "y", 1).index, 1);
  assert.equal(bindingAt(file, 1, "range").scope, "universal");
  assert.equal(bindingAt(file, 1, "z").scope, "global");

  const f = def(file, "f").function!;
  assert.deepEqual(f.locals.map((b) => b.first?.name), ["n", "k"]);
  assert.equal(bindingAt(file, 3, "k").index, 1);
});

test("[x for x in x]: the first operand is resolved outside the comprehension", () => {
  const file = resolved("x = [1]\ny = [x for x in x]\n");
  assert.equal(bindingAt(file, 2, "x", 0).scope, "local");
  assert.equal(bindingAt(file, 2, "x", 2).scope, "global");
});

test("a top-level comprehension variable captured by a lambda is a module cell", () => {
  const file = resolved("fs = [lambda: i for i in range(3)]\n");
  const module = file.module!;
  assert.deepEqual(module.locals.map((b) => [b.first?.name, b.scope]), [["i", "cell"]]);
  assert.deepEqual(module.cells, [0]);
  const lambda = ((file.stmts[0] as { rhs: Expr }).rhs as { body: Expr }).body as LambdaExpr;
  assert.equal(lambda.function!.name, "lambda");
  assert.deepEqual(lambda.function!.freeVars, [module.locals[0]]);
});

test("loaded names are file-local; functions capture them", () => {
  const file = resolved('load("m", "a", b = "c")\ndef f():\n    return a\n');
  const module = file.module!;
  assert.deepEqual(module.locals.map((b) => [b.first?.name, b.scope]), [["a", "cell"], ["b", "local"]]);
  assert.deepEqual(module.globals.map((b) => b.first?.name), ["f"]);
  assert.deepEqual(def(file, "f").function!.freeVars, [module.locals[0]]);
});

test("globals may be used before their definition; predeclared and universal names resolve", () => {
  const file = resolved("def f():\n    return g + log_info(len)\ng = 1\n", ["log_info"]);
  assert.deepEqual(bindingAt(file, 2, "g"), file.module!.globals[1]);
  assert.deepEqual(bindingAt(file, 2, "log_info"), { scope: "predeclared", index: 0 });
  assert.deepEqual(bindingAt(file, 2, "len"), { scope: "universal", index: 0 });
});

test("a global shadows a universal name everywhere in the file", () => {
  const file = resolved("a = len\nlen = 1\n");
  assert.equal(bindingAt(file, 1, "len").scope, "global");
  assert.equal(bindingAt(file, 1, "len"), bindingAt(file, 2, "len"));
});

test("a lambda's defaults are resolved outside it, its parameters inside", () => {
  const file = resolved("d = 1\nf = lambda a, b=d, *args, **kw: a + b\n");
  const lambda = (file.stmts[1] as { rhs: Expr }).rhs as LambdaExpr;
  const fn = lambda.function!;
  assert.deepEqual(fn.locals.map((b) => b.first?.name), ["a", "b", "args", "kw"]);
  assert.equal(fn.hasVarargs && fn.hasKwargs, true);
  assert.equal(bindingAt(file, 2, "d").scope, "global");
  assert.equal(bindingAt(file, 2, "b", 1).scope, "local");
});
