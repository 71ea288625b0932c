// Hostile input, depth of values compared (issue H item 2): go.starlark.net compares
// values only CompareLimit (10) levels deep (value.go CompareDepth: "comparison exceeded
// maximum recursion depth"), in ==, <, `in` a list, sorted(), and — through Equal on
// every key it finds in a hash table (hashtable.go lookup/insert/delete/count) — in dict
// and set lookups, dict literals, set(), dict.get, dict and set equality. The same
// programs run here and in the go-oracle (tools/go-oracle), at depths around the limit
// and far past it, and must give the same value, or the same error at the same position.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { compile, Session } from "../../server/src/starlark/engine";
import { goStarlarkDefault } from "../../server/src/starlark/resolve";

const ORACLE = path.resolve(__dirname, "../../../tools/go-oracle/run.sh");
const dir = mkdtempSync(path.join(tmpdir(), "hostile-compare-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

/** main() builds, N levels deep: tuples t and t2 (equal, holding 1), u (holding 2), e
 *  (holding the empty tuple one level less: () at the bottom), lists l, l2 and m likewise,
 *  dicts d and d2 ({"k": ...}), then returns str(EXPR). */
function program(n: number, expr: string): string {
  return [
    "def main():",
    "    t, t2, u, e, l, l2, m, d, d2 = 1, 1, 2, (), 1, 1, 2, 1, 1",
    `    for i in range(${n}):`,
    "        t, t2, u, l, l2, m = (t,), (t2,), (u,), [l], [l2], [m]",
    "        d, d2 = {\"k\": d}, {\"k\": d2}",
    "    for i in range(" + (n - 1) + "):",
    "        e = (e,)",
    `    return str(${expr})`,
    "",
  ].join("\n");
}

/** The expressions compared, by what in go.starlark.net counts the depth. */
const CASES: Record<string, string> = {
  // Compare / sliceCompare / dictsEqual
  "tuple ==": "t == t2",
  "tuple !=": "t != t2",
  "tuple == differing at the bottom": "t == u",
  "tuple <": "t < u",
  "list ==": "l == l2",
  "list <": "l < m",
  "list <=": "l <= l2",
  "list > (as the first differing element)": "[l, 1] > [l2, 0]",
  "dict == (values one level down each)": "d == d2",
  "dict == with a tuple value": '{"a": t} == {"a": t2}',
  // Equal of list elements
  "in a list (tuple)": "t in [t2]",
  "in a list (list)": "l in [l2]",
  "list.index": "[l2].index(l)",
  "list.remove": "[l2].remove(l)",
  "sorted nested lists": "sorted([m, l, l2])",
  "max of nested lists": "max([l, m])",
  // Equal of a key found in a hash table
  "in a dict": "t in {t2: 1}",
  "not in a dict": "t not in {t2: 1}",
  "in a dict, empty tuple at the bottom": "e in {e: 1}",
  "dict literal, same key twice": "{t: 1, t2: 2}",
  "dict(), same key twice": "dict([(t, 1), (t2, 2)])",
  "dict.get": "{t: 1}.get(t2)",
  "dict.pop": "{t: 1}.pop(t2)",
  "d[k]": "{t: 1}[t2]",
  "dict == with a tuple key": "{t: 1} == {t2: 1}",
  "dict != with a tuple key": "{t: 1} != {t2: 1}",
  "set()": "len(set([t, t2]))",
  "in a set": "t in set([t2])",
  "set ==": "set([t]) == set([t2])",
  "set !=": "set([t]) != set([t2])",
  "set <=": "set([t]) <= set([t2])",
  "set.add of a present element": "set([t]).add(t2)",
  "a new key, not compared": "len({t: 1, u: 2})",
};

interface Outcome {
  value?: string;
  error?: string;
  at?: string;
}

/** The innermost Starlark frame's position. (Go's backtrace ends with a `<builtin>` frame
 *  for a method that failed, which this engine's omits: not a question of depth.) */
function innermost(frames: { line: number; col: number }[]): string | undefined {
  const top = frames.filter((f) => f.line > 0).at(-1);
  return top ? `${top.line}:${top.col}` : undefined;
}

let files = 0;
function oracle(src: string): Outcome {
  const f = path.join(dir, `case${files++}.star`);
  writeFileSync(f, src);
  const out = JSON.parse(execFileSync(ORACLE, ["-set", "-call", "main", f], { encoding: "utf8", maxBuffer: 64 << 20 }));
  if (out.errors) throw new Error(`oracle: ${JSON.stringify(out.errors)}`);
  if (out.error !== undefined) {
    return { error: out.error, at: innermost(out.backtrace ?? []) };
  }
  return { value: out.value.startsWith('"') ? JSON.parse(out.value) : out.value };
}

async function ours(s: Session, src: string): Promise<Outcome> {
  const r = compile("deep.star", src, { dialect: { ...goStarlarkDefault, set: true }, predeclared: [] });
  if (!r.program) throw new Error(`compile: ${JSON.stringify(r.diagnostics)}`);
  const init = s.init(r.program, {});
  if (init.error) throw new Error(`init: ${init.error.message}`);
  const c = s.call("main");
  if (c.error) {
    return { error: c.error.message, at: innermost(c.error.backtrace) };
  }
  return { value: String(c.value) };
}

for (const n of [9, 10, 11, 12]) {
  test(`compare depth ${n}: every case as in go.starlark.net`, async () => {
    const s = await Session.create();
    try {
      for (const [name, expr] of Object.entries(CASES)) {
        const src = program(n, expr);
        assert.deepEqual(await ours(s, src), oracle(src), `${name} (${expr}) at depth ${n}`);
      }
    } finally {
      s.dispose();
    }
  });
}

test("compare depth: the limit is where Go puts it (9 levels compare, 10 fail)", async () => {
  const s = await Session.create();
  try {
    const key = "(".repeat(9) + "1" + ",)".repeat(9);
    assert.deepEqual(await ours(s, program(9, "{t: 1, t2: 2}")), { error: `duplicate key: ${key}`, at: "8:25" });
    assert.deepEqual(await ours(s, program(9, "{t: 1}[t2]")), { value: "1" });
    assert.deepEqual(await ours(s, program(10, "{t: 1, t2: 2}")), { error: "comparison exceeded maximum recursion depth", at: "8:25" });
    assert.deepEqual(await ours(s, program(10, "{t: 1}[t2]")), { error: "comparison exceeded maximum recursion depth", at: "8:22" });
    // dictsEqual and setsEqual drop the lookup's error: unequal, not an error.
    assert.deepEqual(await ours(s, program(10, "{t: 1} == {t2: 1}")), { value: "False" });
    assert.deepEqual(await ours(s, program(10, "set([t]) != set([t2])")), { value: "True" });
  } finally {
    s.dispose();
  }
});

test("compare depth: tuples 20,000 deep as keys and operands, as in go.starlark.net", async () => {
  const s = await Session.create();
  try {
    for (const expr of ["t in {t: 2}", "t in {t2: 2}", "{t: 1, t: 2}", "len({t: 1, u: 2})", "t == t2", "[l] == [l2]", "t in set([u])"]) {
      const src = program(20_000, expr);
      assert.deepEqual(await ours(s, src), oracle(src), expr);
    }
  } finally {
    s.dispose();
  }
});
