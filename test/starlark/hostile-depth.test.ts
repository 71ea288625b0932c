// Hostile input, depth (issue H item 2): scriptlets nested as deep as go.starlark.net takes
// them, of every kind in its measured table (depth-go.ts), run the way the CLI runs them
// (depth-runner.ts: relaunched with the CLI's large stack) and give go.starlark.net's
// answers; past Go's own limit they end with a positioned message, never a crash; on
// Node's default stack (the language server's) the parser's smaller limit answers, and elif
// chains, which nest only in the tree, run at any length. Deep values end with a message
// too, and leave the sandbox usable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { compile, Session } from "../../server/src/starlark/engine";
import { stackMessage } from "../../server/src/starlark/sandbox/limits";
import { goStarlarkDefault } from "../../server/src/starlark/resolve";
import { GO_NESTING_LIMIT, MIN_NESTING, parse } from "../../server/src/starlark/syntax";
import { deepScriptlet, GO_DEPTH } from "./depth-go";

const ORACLE = path.resolve(__dirname, "../../../tools/go-oracle/run.sh");
const RUNNER = path.join(__dirname, "depth-runner.js");
const dir = mkdtempSync(path.join(tmpdir(), "hostile-depth-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  nesting?: number;
  value?: string;
  error?: string;
  limit?: string;
  compile?: string;
  after?: Outcome;
  ms?: number;
}

/** The value or error of an outcome (what go.starlark.net's is compared on). */
function result(o: Outcome): Outcome {
  return o.error !== undefined ? { error: o.error } : o.compile !== undefined ? { compile: o.compile } : { value: o.value };
}

let files = 0;
function file(src: string): string {
  const f = path.join(dir, `case${files++}.star`);
  writeFileSync(f, src);
  return f;
}

/** go.starlark.net's value (or error) of main() in `src`. */
function oracle(src: string): Outcome {
  const out = JSON.parse(execFileSync(ORACLE, ["-call", "main", file(src)], { encoding: "utf8", maxBuffer: 64 << 20 }));
  if (out.errors) return { compile: `${out.errors[0].line}:${out.errors[0].col}: ${out.errors[0].msg}` };
  if (out.error !== undefined) return { error: out.error };
  // A returned string prints as Go's %q.
  return { value: out.value.startsWith('"') ? JSON.parse(out.value) : out.value };
}

/** Our outcome under the CLI's stack (a child process), and of `after` in a new session. */
function cli(src: string, after?: string): Outcome {
  const args = [RUNNER, file(src)];
  if (after !== undefined) args.push(file(after));
  return JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 << 20 }));
}

/** Depths every kind is run at: within what an 8 MB OS stack (where the hard limit keeps
 *  the CLI there) follows, ~4,000 levels; blocks cost a quadratic amount of indentation. */
const DEPTH: Record<string, number> = {
  "elif branches": 20_000, "if blocks": 1_500, "for blocks": 1_500, "def blocks": 1_500, comprehensions: 2_000,
};

test("depth: the CLI's stack follows go.starlark.net at least 4,000 levels deep (150,000 where the OS allows)", () => {
  const { nesting } = cli("def main():\n    return 1\n");
  assert.ok(nesting! >= 4000 && nesting! <= GO_NESTING_LIMIT, `nesting ${nesting}`);
});

for (const kind of Object.keys(GO_DEPTH)) {
  test(`depth: ${kind}, nested deep, run under the CLI as in go.starlark.net`, () => {
    const src = deepScriptlet(kind, DEPTH[kind] ?? 3_000);
    assert.deepEqual(result(cli(src)), oracle(src), kind);
  });
}

test("depth: 20,000 nested brackets and lambdas where the CLI has the stack for them, as in go.starlark.net", (t) => {
  const { nesting } = cli("def main():\n    return 1\n");
  if (nesting! < 25_000) return t.skip(`the OS keeps this CLI at ${nesting} levels`);
  for (const kind of ["parentheses", "calls", "lambdas", "conditional expressions"]) {
    const src = deepScriptlet(kind, 20_000);
    assert.deepEqual(result(cli(src)), oracle(src), kind);
  }
});

test("depth: nesting past QuickJS's 65,535 variables per function runs, as in go.starlark.net", (t) => {
  const { nesting } = cli("def main():\n    return 1\n");
  if (nesting! < 70_000) return t.skip(`the OS keeps this CLI at ${nesting} levels`);
  // Each level takes code-generation temps (a unary minus one, a right-nested `+` two, a
  // comprehension ten and a local): these depths are just past where one function's
  // 65,535 JS variables ran out ("too many local variables", no position) before
  // codegen-temps.ts spilled the excess into arrays.
  for (const [kind, n] of [["unary minus", 66_000], ["right-nested operators", 33_000], ["comprehensions", 7_000]] as const) {
    const src = deepScriptlet(kind, n);
    assert.deepEqual(result(cli(src)), oracle(src), `${kind} ${n}`);
  }
  // And as wide: 70,000 locals of one function.
  const lines = ["def main():"];
  for (let i = 0; i < 70_000; i++) lines.push(`    x${i} = ${i}`);
  lines.push("    return str(x69999 + x0)", "");
  const wide = lines.join("\n");
  assert.deepEqual(result(cli(wide)), oracle(wide), "70,000 locals");
});

test("depth: past go.starlark.net's limit, a message at the token that crosses it (Go dies there)", () => {
  const { nesting } = cli("def main():\n    return 1\n");
  const n = nesting! + 10;
  // `def main():` / `    return str(` + n brackets: the statement, return, str's argument
  // and the brackets count; the bracket that goes one past the limit is reported.
  const r = cli(deepScriptlet("parentheses", n));
  const col = 16 + (nesting! + 1 - 4);
  const msg = nesting === GO_NESTING_LIMIT ? /^nesting too deep: more than 150000 .*go\.starlark\.net overflows its stack/ : /^nesting too deep: incus-scriptlet stops at /;
  assert.match(r.compile!, new RegExp(`^2:${col}: `));
  assert.match(r.compile!.replace(/^\d+:\d+: /, ""), msg);
});

test("depth: on Node's default stack, 5,000 nested brackets stop at the thread's 600 with a position", () => {
  const src = deepScriptlet("lists", 5_000);
  const { errors } = parse("deep.star", src);
  assert.equal(errors.length, 1);
  assert.match(errors[0].msg, new RegExp(`^nesting too deep: incus-scriptlet stops at ${MIN_NESTING} .*follows them to ${GO_NESTING_LIMIT}`));
  assert.deepEqual([errors[0].pos.line, errors[0].pos.col], [2, 16 + MIN_NESTING - 4 + 4]);
});

async function inProcess(src: string): Promise<Outcome> {
  const r = compile("deep.star", src, { dialect: goStarlarkDefault, predeclared: [] });
  if (!r.program) return { compile: `${r.diagnostics[0].pos.line}:${r.diagnostics[0].pos.col}: ${r.diagnostics[0].msg}` };
  const s = await Session.create();
  try {
    assert.equal(s.init(r.program, {}).error, undefined);
    const c = s.call("main");
    return c.error ? { error: c.error.message } : { value: String(c.value) };
  } finally {
    s.dispose();
  }
}

test("depth: elif chains of any length on Node's default stack (an elif nests in the tree only)", async () => {
  for (const n of [20, 30_000]) {
    const src = deepScriptlet("elif branches", n);
    assert.deepEqual(await inProcess(src), oracle(src), `${n}`);
  }
  // A failing condition deep in the chain: Go's error, branches before it evaluated in order.
  const lines = ["def main():", "    x = 5000", "    seen = []", "    if x == 0:", "        return 'a'"];
  for (let i = 1; i < 6000; i++) lines.push(`    elif seen.append(${i}) or x == ${i}:`, `        return str(len(seen))`);
  lines.push("    return 'none'", "");
  const chain = lines.join("\n");
  assert.deepEqual(await inProcess(chain), oracle(chain));
  const failing = chain.replace("elif seen.append(4000) or x == 4000:", "elif seen.append(4000) or x == 1 // 0:");
  assert.deepEqual(await inProcess(failing), oracle(failing));
});

test("depth: deep values under the CLI's stack — str as Go, comparisons with Go's error, hashing as Go", () => {
  const build = (n: number, body: string) =>
    `def main():\n    x = []\n    y = []\n    t = ()\n    for i in range(${n}):\n        x = [x]\n        y = [y]\n        t = (t,)\n    return ${body}\n`;
  for (const body of ["str(len(str(x)))", "str(x == y)", "str([x] < [y])"]) {
    const src = build(20_000, body);
    assert.deepEqual(result(cli(src)), oracle(src), body);
  }
  // go.starlark.net hashes a 100,000-deep tuple (it recurses on its 1 GB stack); the
  // runtime builds a nested tuple's hash key with a stack of its own (values.ts
  // nestedTupleKey; recursing overflowed the sandbox's C stack at ~10,000 levels).
  for (const body of ["str(len({t: 1}))", "str(len({t: 1, (t, 1): 2, (): 3}))"]) {
    const src = build(100_000, body);
    assert.deepEqual(result(cli(src)), oracle(src), body);
  }
});

test("depth: `incus-scriptlet check` and `run` of a deeply nested placement scriptlet; past the limit, exit 1 and the message at its place", () => {
  const bin = path.resolve(__dirname, "../../../bin/incus-scriptlet.js");
  const { nesting } = cli("def main():\n    return 1\n");
  const scriptlet = (open: string, close: string, n: number) =>
    `def instance_placement(request, candidate_members):\n    x = ${open.repeat(n)}1${close.repeat(n)}\n    set_target(candidate_members[0].server_name)\n`;
  const okFile = path.join(dir, "deep.placement.star");
  writeFileSync(okFile, scriptlet("(", ")", Math.min(20_000, nesting! - 10)));
  const ok = execFileSync(process.execPath, [bin, "check", okFile], { encoding: "utf8" });
  assert.match(ok, /2:5: hint: "x" is assigned but never used/);
  assert.doesNotMatch(ok, /error/);
  const ran = execFileSync(process.execPath, [bin, "run", okFile, "--json"], { encoding: "utf8", maxBuffer: 64 << 20 });
  assert.ok(JSON.parse(ran).placements.length >= 1);

  const badFile = path.join(dir, "toodeep.placement.star");
  writeFileSync(badFile, scriptlet("[", "]", nesting! + 10));
  let out = "";
  let status = 0;
  try {
    execFileSync(process.execPath, [bin, "check", badFile], { encoding: "utf8", maxBuffer: 64 << 20 });
  } catch (e) {
    ({ stdout: out, status } = e as { stdout: string; status: number });
  }
  assert.equal(status, 1);
  // def, the assignment and its right-hand side nest 3: the bracket that makes the depth
  // limit + 1 is bracket limit - 2 (column 9 + limit - 3); the message is at the token
  // the parser is reading then, the one after it.
  assert.match(out, new RegExp(`^${badFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2:${9 + nesting! - 2}: error: nesting too deep: `));
});

/** Comprehensions nested in each place one can hold another, as `return str(...)` of main:
 *  in the first iterable (depth-go.ts "comprehensions"), the body, a dict comprehension's
 *  value, an if clause, and the first iterable through a call. */
function nestedComprehensions(kind: string, n: number): string {
  const r = (s: string, k: number) => s.repeat(k);
  const expr: Record<string, string> = {
    iterables: r("[x for x in ", n) + "[1]" + r("]", n),
    bodies: r("[", n) + "1" + r(" for x in [1]]", n),
    "dict values": "len(" + r('{"a": ', n) + "1" + r(" for x in [1]}", n) + ")",
    "if clauses": r("[x for x in [1] if ", n) + "True" + r("]", n),
    "iterables through calls": r("[x for x in list(", n) + "[1]" + r(")]", n),
    "bodies through calls": r("[len(", n) + "[1]" + r(") for x in [1]]", n),
  };
  return `def main():\n    return str(${expr[kind]})\n`;
}

test("depth: comprehensions nested in iterables, bodies, dict values, if clauses and calls run under the CLI as in go.starlark.net", (t) => {
  const { nesting } = cli("def main():\n    return 1\n");
  if (nesting! < 110_000) return t.skip(`the OS keeps this CLI at ${nesting} levels`);
  // A comprehension in one of these places is emitted inline (compile/codegen-comprehension.ts):
  // 30,000 levels in bodies ended with the sandbox's stack message at main 1:1, 100,000 in
  // iterables with "cannot load this program (out of memory)" and no position.
  const depths: [string, number][] = [
    ["iterables", 100_000], ["bodies", 30_000], ["dict values", 10_000], ["if clauses", 10_000], ["iterables through calls", 5_000],
  ];
  for (const [kind, n] of depths) {
    const src = nestedComprehensions(kind, n);
    const ours = cli(src);
    assert.deepEqual(result(ours), oracle(src), `${kind} ${n}`);
  }
});

test("depth: a comprehension nesting that runs out of the sandbox's stack ends with the stack message at the comprehension that crossed it", async () => {
  // In a body, through a call, each level is a JS function called inside the last one's
  // loop. go.starlark.net runs them (it has 1 GB of stack); under a small QuickJS stack
  // the run ends at the innermost comprehension reached, never at a position-less place.
  // (Here on Node's default stack: the parser takes 150 such levels, and a QuickJS stack
  // of 32 KiB gives out at level 85.)
  const n = 150;
  const src = nestedComprehensions("bodies through calls", n);
  assert.deepEqual(oracle(src), { value: "[1]" });
  const r = compile("deep.star", src, { dialect: goStarlarkDefault, predeclared: [] });
  const s = await Session.create({ maxStackBytes: 32 * 1024 });
  try {
    assert.equal(s.init(r.program!, {}).error, undefined);
    const c = s.call("main");
    assert.equal(c.error?.message, stackMessage());
    assert.equal(c.error?.limit, "stack");
    const frames = c.error!.backtrace;
    assert.equal(frames.length, 1, JSON.stringify(frames));
    const [{ function: fn, line, col }] = frames;
    // `    return str(` then `[len(` per level: level k's `[` is at column 16 + 5k.
    assert.deepEqual([fn, line, (col - 16) % 5], ["main", 2, 0]);
    const level = (col - 16) / 5;
    assert.ok(level > 5 && level < n, `level ${level}`);
    // The sandbox is usable afterwards.
    assert.equal(s.call("main").error?.limit, "stack");
  } finally {
    s.dispose();
  }
});
