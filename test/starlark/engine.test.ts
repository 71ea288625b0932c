// End-to-end tests of the engine API: compile → Session.init → call, values both ways,
// go.starlark.net's error messages and backtrace positions (expected values taken from
// go.starlark.net via tools/go-oracle), globals(), print capture and freezing.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  compile, HostDict, HostFloat, HostTuple, formatBacktrace,
} from "../../server/src/starlark/engine";
import { goStarlarkDefault } from "../../server/src/starlark/resolve";
import { withSession } from "./engine-support";

const ERRORS = `def f():
    return g(1)

def g(x):
    return x + "a"

def k():
    if False:
        z = 1
    return z

def n():
    return {"a": 1, "a": 2}

def o():
    a, b = [1, 2, 3]

def p(d):
    return d["missing"]
`;

test("compile reports go.starlark.net's first diagnostic", () => {
  const r = compile("x.star", "def f():\n    return undefined_name\n", { dialect: goStarlarkDefault, predeclared: [] });
  assert.equal(r.program, undefined);
  assert.equal(r.diagnostics[0].msg, "undefined: undefined_name");
  assert.deepEqual([r.diagnostics[0].pos.line, r.diagnostics[0].pos.col], [2, 12]);
});

test("top level runs and functions return values of every kind", async () => {
  const src = `
def values():
    return [None, True, 42, -7, 1 << 70, 2.5, "héllo", (1, "a"), {"k": [1, 2]}]
def echo(*args, **kwargs):
    return (args, kwargs)
`;
  await withSession(src, (s, init) => {
    assert.equal(init.error, undefined);
    const r = s.call("values");
    assert.equal(r.error, undefined);
    assert.deepEqual(r.value, [
      null, true, 42, -7, 1n << 70n, new HostFloat(2.5), "héllo", new HostTuple([1, "a"]), new HostDict([["k", [1, 2]]]),
    ]);
    const e = s.call("echo", ["ü", 3], [["name", "x"]]);
    assert.deepEqual(e.value, new HostTuple([new HostTuple(["ü", 3]), new HostDict([["name", "x"]])]));
  });
});

test("a run-time error carries the exact message and a backtrace of call positions", async () => {
  await withSession(ERRORS, (s) => {
    const r = s.call("f");
    assert.ok(r.error);
    assert.equal(r.error.message, "unknown binary op: int + string");
    assert.deepEqual(r.error.backtrace.map((f) => [f.function, f.line, f.col]), [["f", 2, 13], ["g", 5, 14]]);
    assert.equal(r.error.backtrace[0].file, "test.star");
    assert.match(formatBacktrace(r.error), /test\.star:5:14: in g\nError: unknown binary op: int \+ string$/);
  });
});

test("unbound locals, duplicate keys and unpacking fail where go.starlark.net says", async () => {
  await withSession(ERRORS, (s) => {
    const cases: [string, string, number, number][] = [
      ["k", "local variable z referenced before assignment", 10, 12],
      ["n", 'duplicate key: "a"', 13, 24],
      ["o", "too many values to unpack (got 3, want 2)", 16, 10],
    ];
    for (const [fn, msg, line, col] of cases) {
      const r = s.call(fn);
      assert.equal(r.error?.message, msg, fn);
      assert.deepEqual(r.error?.backtrace.map((f) => [f.line, f.col]), [[line, col]], fn);
    }
    const p = s.call("p", [new HostDict([["a", 1]])]);
    assert.equal(p.error?.message, 'key "missing" not in dict');
    assert.deepEqual(p.error?.backtrace.map((f) => [f.line, f.col]), [[19, 13]]);
  });
});

test("a global read before assignment fails at the top level with both frames", async () => {
  const src = "def f():\n    return x\ny = f()\nx = 1\n";
  await withSession(src, (_s, init) => {
    assert.equal(init.error?.message, "global variable x referenced before assignment");
    assert.deepEqual(init.error?.backtrace.map((f) => [f.function, f.line, f.col]), [["<toplevel>", 3, 6], ["f", 2, 12]]);
  });
});

test("globals() lists names, kinds and parameter names", async () => {
  const src = "def placement(request, candidate_members):\n    pass\nX = 1\ng = lambda a, *rest, b = 2, **kw: a\n";
  await withSession(src, (s) => {
    const g = Object.fromEntries(s.globals().map((x) => [x.name, x]));
    assert.equal(g.placement.type, "function");
    assert.deepEqual(g.placement.params, ["request", "candidate_members"]);
    assert.equal(g.X.type, "int");
    assert.equal(g.X.params, undefined);
    assert.deepEqual(g.g.params, ["a", "b", "rest", "kw"]);
    assert.equal(g.g.hasVarargs, true);
  });
});

test("print output is captured in order", async () => {
  await withSession('print("a", 1)\ndef f():\n    print("in f")\n', (s) => {
    assert.deepEqual(s.takeOutput(), ["a 1"]);
    s.call("f");
    assert.deepEqual(s.takeOutput(), ["in f"]);
  });
});

test("globals are frozen once the top level has run", async () => {
  await withSession("L = [1]\ndef f():\n    L.append(2)\n", (s) => {
    const r = s.call("f");
    assert.match(r.error?.message ?? "", /cannot append to frozen list/);
  });
});

test("closures, comprehensions, augmented assignment and loops behave as Starlark", async () => {
  const src = `
def counter():
    n = [0]
    def inc(k = 1):
        n[0] += k
        return n[0]
    return inc

def run():
    inc = counter()
    inc()
    inc(5)
    squares = [x * x for x in range(6) if x % 2 == 0]
    pairs = {k: v for k, v in [("a", 1), ("b", 2)]}
    acc = []
    alias = acc
    acc += [1, 2]
    total = 0
    for i, sq in enumerate(squares):
        if i == 2:
            break
        total += sq
    return (inc(0), squares, pairs, alias, total, 7 // -2, -7 % 3, "x" if False else "s")
`;
  await withSession(src, (s) => {
    const r = s.call("run");
    assert.equal(r.error, undefined, r.error?.message);
    assert.deepEqual(r.value, new HostTuple([6, [0, 4, 16], new HostDict([["a", 1], ["b", 2]]), [1, 2], 4, -4, 2, "s"]));
  });
});

test("recursion is an error unless the dialect allows it", async () => {
  const src = "def f(n):\n    return 1 if n == 0 else n * f(n - 1)\n";
  await withSession(src, (s) => {
    assert.equal(s.call("f", [3]).error?.message, "function f called recursively");
  });
  await withSession(src, (s) => {
    assert.equal(s.call("f", [20]).value, 2432902008176640000n);
  }, { dialect: { recursion: true } });
});
