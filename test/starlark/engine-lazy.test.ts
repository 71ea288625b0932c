// Top-level functions compiled on the first call of one of them (compile/codegen.ts, lazy)
// behave exactly as functions compiled with the program: same results, same messages, same
// backtraces (their frames come from QuickJS's eval'd code and are mapped back), and a
// deep call chain still runs (they are all compiled at the first call, near the top).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session, type CallResult } from "../../server/src/starlark/engine";
import { parse } from "../../server/src/starlark/syntax";
import { goStarlarkDefault, isUniverseName, resolveFile } from "../../server/src/starlark/resolve";
import { compileFile } from "../../server/src/starlark/compile";

function build(src: string, lazyFunctionChars: number) {
  const parsed = parse("lazy.star", src);
  assert.deepEqual(parsed.errors, []);
  const diags = resolveFile(parsed.file, { dialect: goStarlarkDefault, isPredeclared: () => false, isUniversal: isUniverseName });
  assert.deepEqual(diags, []);
  return compileFile(parsed.file, { lazyFunctionChars });
}

async function outcome(src: string, lazyFunctionChars: number, fn: string): Promise<{ init?: unknown; call: CallResult; js: string }> {
  const program = build(src, lazyFunctionChars);
  const s = await Session.create({ timeoutMs: 60_000 });
  try {
    const init = s.init(program);
    return { init: init.error, call: s.call(fn), js: program.js };
  } finally {
    s.dispose();
  }
}

const CASES: [string, string][] = [
  ["plain", "def g(x):\n    return x['a']\ndef f():\n    return g({})\n"],
  ["comprehension", "def g(x):\n    return x['a']\ndef f():\n    return [g(y) for y in [{}]]\n"],
  ["closure", "def f():\n    k = 'a'\n    def inner(d):\n        return d[k]\n    return inner({})\n"],
  ["lambda key", "def f():\n    return sorted([1, 2], key = lambda x: x + 'a')\n"],
  ["method lookup", "def f():\n    x = [1]\n    return x.nosuch(1)\n"],
  ["binding", "def g(a, b):\n    return a\ndef f():\n    return g(1)\n"],
  ["nesting", "def f():\n    return " + "[".repeat(60) + "1 + 'a'" + "]".repeat(60) + "\n"],
  ["top level call", "def g():\n    return 1 // 0\nX = 1\ndef f():\n    return g()\n"],
  ["ok", "def f():\n    return {'a': [i * i for i in range(5)]}\n"],
];

for (const [name, src] of CASES) {
  test(`lazy and eager compilation agree: ${name}`, async () => {
    const eager = await outcome(src, 0, "f");
    const lazy = await outcome(src, 100_000, "f");
    assert.ok(lazy.js.includes("$lazyDesc("), "the functions were compiled lazily");
    assert.ok(!eager.js.includes("$lazyDesc("));
    assert.deepEqual(lazy.init, eager.init);
    assert.deepEqual(lazy.call, eager.call);
    if (name !== "ok") assert.ok(eager.call.error && eager.call.error.backtrace.length > 0, "a backtrace to compare");
  });
}

test("a 520-deep chain of lazily compiled functions runs", async () => {
  let src = "";
  for (let i = 0; i < 520; i++) src += `def f${i}(n):\n    return f${i + 1}(n + 1)\n`;
  src += "def f520(n):\n    return n\ndef f():\n    return f0(0)\n";
  const r = await outcome(src, 100_000, "f");
  assert.equal(r.call.error, undefined, r.call.error?.message);
  assert.equal(r.call.value, 520);
});

test("functions bigger than the limit are compiled with the program", () => {
  const src = "def small():\n    return 1\ndef big():\n    return [" + "1, ".repeat(3000) + "]\n";
  const js = build(src, 4096).js;
  assert.equal(js.split("$lazyDesc($desc(").length - 1, 1, "only small() is lazy");
});
