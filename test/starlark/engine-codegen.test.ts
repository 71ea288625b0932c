// The compiler's output: valid JavaScript for every chunk of go.starlark.net's test files,
// pure ASCII (QuickJS columns then equal character offsets), and positions that follow
// go.starlark.net's rules for method calls, slices, iteration and inline fast paths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { compile } from "../../server/src/starlark/engine";
import { dialectFromOptionComments } from "../../server/src/starlark/resolve";
import { GO_STARLARK, readChunks } from "../../tools/conformance";
import { withSession } from "./engine-support";

test("every chunk of go.starlark.net's testdata compiles to valid ASCII JavaScript", () => {
  const dir = path.join(GO_STARLARK, "starlark/testdata");
  let compiled = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".star"))) {
    const filename = path.join(dir, file);
    for (const chunk of readChunks(filename, readFileSync(filename, "utf8"))) {
      const r = compile(file, chunk.source, {
        dialect: dialectFromOptionComments(chunk.source),
        predeclared: ["hasfields", "fibonacci", "struct", "json", "math", "time", "proto"],
      });
      if (!r.program) continue;
      assert.match(r.program.js, /^[\x09\x0a\x20-\x7e]*$/, `${file}:${chunk.firstLine}: non-ASCII output`);
      assert.doesNotThrow(() => new Function(`return ${r.program!.js}`), `${file}:${chunk.firstLine}: invalid JS`);
      compiled++;
    }
  }
  assert.ok(compiled > 80, `only ${compiled} chunks compiled`);
});

test("a method call fails at its `.` when the lookup fails and at `(` when the call does", async () => {
  const src = `def a():
    return "abc".nosuch(1)

def b():
    return "abc".upper(1)

def c():
    x = [1]
    for i in x:
        x.append(i)
`;
  await withSession(src, (s) => {
    const at = (fn: string) => {
      const r = s.call(fn);
      return [r.error?.message, ...(r.error?.backtrace.map((f) => `${f.function}:${f.line}:${f.col}`) ?? [])];
    };
    assert.deepEqual(at("a"), ["string has no .nosuch field or method", "a:2:17"]);
    assert.deepEqual(at("b"), ["upper: got 1 arguments, want 0", "b:5:23"]);
    assert.deepEqual(at("c"), ["append: cannot append to list during iteration", "c:10:17"]);
  });
});

test("inline fast paths agree with the runtime at their edges", async () => {
  const src = `def f():
    big = 9007199254740991
    return (
        big + 1, -big - 2, big * 3, 7 // 2, -7 // 2, 7 % -3, -0 * 5,
        "ab" + "c", "abc"[2], [1, 2][1], len("héllo"), len([1, 2, 3]),
        1 == 1.0, "a" < "b", "b" <= "a", 2 > 1.5, None == None, 0 == False,
        [i for i in range(2, 5)], [i for i in range(-3)], [c for c in ("x", "y")],
        5 ^ 3, -5 & 3, (1 << 60) & 3, (1 << 60) | 1, "b" in "abc", "d" not in "abc", 2 in [1, 2],
    )
`;
  await withSession(src, (s) => {
    const r = s.call("f");
    assert.equal(r.error, undefined, r.error?.message);
    const v = r.value as unknown as { items: unknown[] };
    assert.deepEqual(v.items, [
      9007199254740992n, -9007199254740993n, 27021597764222973n, 3, -4, -2, 0,
      "abc", "c", 2, 6, 3,
      true, true, false, true, true, false,
      [2, 3, 4], [], ["x", "y"],
      6, 3, 0, (1n << 60n) + 1n, true, true, true,
    ]);
  });
});

test("iteration locks a list against mutation, also after a loop exits by break or error", async () => {
  const src = `L = [1, 2, 3]
def brk():
    x = [1, 2]
    for i in x:
        break
    x.append(3)
    return x
def err():
    x = [1, 2]
    for i in x:
        i + "s"
def after_err(x):
    x.append(9)
    return len(x)
`;
  await withSession(src, (s) => {
    assert.deepEqual(s.call("brk").value, [1, 2, 3]);
    assert.match(s.call("err").error?.message ?? "", /unknown binary op/);
    assert.equal(s.call("after_err", [[1]]).value, 2);
  });
});

test("loop variables keep their last value; and/or yield an operand", async () => {
  const src = `def f():
    for k in {"a": 1, "b": 2}:
        pass
    for i in range(3):
        pass
    for e in [7, 8]:
        pass
    return (k, i, e, 0 or "z", 1 and 2, [] and 3, None or None)
def g():
    for x in []:
        pass
    return x
`;
  await withSession(src, (s) => {
    const v = s.call("f").value as unknown as { items: unknown[] };
    assert.deepEqual(v.items, ["b", 2, 8, "z", 2, [], null]);
    const g = s.call("g");
    assert.equal(g.error?.message, "local variable x referenced before assignment");
    assert.deepEqual(g.error?.backtrace.map((f) => [f.line, f.col]), [[12, 12]]);
  });
});
