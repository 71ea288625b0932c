// Hostile input for the front end (issue H item 2, issue N "limits Incus does not have"):
// long operator and postfix chains, deep nesting of every construct, very wide literals, a
// big file, odd encodings. Each case ends inside its limits with a readable message and a
// position — never a JS "Maximum call stack size exceeded" — and, where go.starlark.net
// runs the same program (tools/go-oracle, Debian's go.starlark.net), gives its answer.
//
// What go.starlark.net does at these sizes (checked with tools/go-oracle): any chain length
// (12,000 terms and more), nesting of 150,000 brackets; past roughly 200,000 it overflows
// its 1 GB goroutine stack and the process dies (depth-go.ts has the table). This tool
// compiles chains of any length (flat code, compile/codegen-chain.ts); nesting stops at
// the thread's limit (syntax/stack-budget.ts): 600 on Node's default stack, as in these
// in-process tests, go.starlark.net's depth under the CLI (hostile-depth.test.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { compile, Session } from "../../server/src/starlark/engine";
import { goStarlarkDefault } from "../../server/src/starlark/resolve";
import { parse } from "../../server/src/starlark/syntax";

const ORACLE = path.resolve(__dirname, "../../../tools/go-oracle/run.sh");
const dir = mkdtempSync(path.join(tmpdir(), "hostile-front-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  value?: string;
  error?: string;
  /** The innermost frame of a run-time error: line:col. */
  at?: string;
  /** Compile errors: line:col: msg. */
  compile?: string[];
}

/** go.starlark.net's outcome of calling main() in `src` (bytes as given). */
function oracle(src: string | Buffer): Outcome {
  const file = path.join(dir, "case.star");
  writeFileSync(file, src);
  const out = JSON.parse(execFileSync(ORACLE, ["-call", "main", file], { encoding: "utf8", maxBuffer: 256 << 20 }));
  if (out.errors) return { compile: out.errors.map((e: { line: number; col: number; msg: string }) => `${e.line}:${e.col}: ${e.msg}`) };
  if (out.error !== undefined) {
    const last = out.backtrace?.[out.backtrace.length - 1];
    return { error: out.error, at: last ? `${last.line}:${last.col}` : undefined };
  }
  return { value: out.value };
}

/** Our outcome for the same program: compile, init, call main() (which returns a string,
 *  compared with the oracle's repr of it). */
async function ours(src: string): Promise<Outcome> {
  const r = compile("case.star", src, { dialect: goStarlarkDefault, predeclared: [] });
  if (!r.program) return { compile: r.diagnostics.slice(0, 1).map((d) => `${d.pos.line}:${d.pos.col}: ${d.msg}`) };
  const s = await Session.create();
  try {
    const init = s.init(r.program, {});
    assert.equal(init.error, undefined, init.error?.message);
    const c = s.call("main");
    if (c.error) {
      const last = c.error.backtrace[c.error.backtrace.length - 1];
      return { error: c.error.message, at: last ? `${last.line}:${last.col}` : undefined };
    }
    return { value: JSON.stringify(c.value) };
  } finally {
    s.dispose();
  }
}

/** `def main(): return str(EXPR)` (with `setup` lines first). */
function mainReturning(expr: string, setup = ""): string {
  return `def main():\n${setup}    return str(${expr})\n`;
}

async function sameAsGo(src: string): Promise<Outcome> {
  const mine = await ours(src);
  assert.ok(!mine.compile, `unexpected compile error ${mine.compile}`);
  const go = oracle(src);
  // The oracle prints a returned string as Go's %q; ASCII results quote like JSON.
  assert.deepEqual(mine, go);
  return mine;
}

// ---- long chains: no limit, Go's results and error positions ---------------------------

const join = (n: number, term: string, op: string) => Array.from({ length: n }, () => term).join(op);

test("hostile: a 1,000-term and a 12,000-term `1 + 1 + ...` run as in go.starlark.net", async () => {
  assert.equal((await sameAsGo(mainReturning(join(1000, "1", " + ")))).value, '"1000"');
  assert.equal((await sameAsGo(mainReturning(join(12000, "1", "+")))).value, '"12000"');
});

test("hostile: 3,000-operand `and` / `or` chains, as values and as conditions", async () => {
  await sameAsGo(mainReturning(join(2999, "True", " and ") + " and 7"));
  await sameAsGo(mainReturning(join(2999, "[]", " or ") + " or 'last'"));
  await sameAsGo(`def main():\n    if ${join(2999, "0", " or ")} or 1:\n        return "yes"\n    return "no"\n`);
  await sameAsGo(`def main():\n    if ${join(2999, "1", " and ")} and 0:\n        return "yes"\n    return "no"\n`);
});

test("hostile: long postfix chains (method calls, indexing, attribute-call mixes)", async () => {
  await sameAsGo(mainReturning(`"a"${".upper().lower()".repeat(1500)}`));
  await sameAsGo(mainReturning(`x${"[0]".repeat(3000)}`, "    x = [1]\n    x[0] = x\n"));
  await sameAsGo(mainReturning(join(4000, "2 * 3 - 1", " + ") + " - " + join(200, "7 // 2", " - ")));
  await sameAsGo(mainReturning(join(2000, '"ab"', " + ") + " + str(len(" + join(100, '"c"', " + ") + "))"));
});

test("hostile: an error in the middle of a long chain is reported at Go's position", async () => {
  const r = await sameAsGo(`def main():\n    x = "a"\n    return ${join(40, "1", " + ")} + x + ${join(40, "1", " + ")}\n`);
  assert.equal(r.error, "unknown binary op: int + string");
  const orChain = await sameAsGo(`def main():\n    return ${join(30, "0", " or ")} or 1 // 0 or ${join(30, "0", " or ")}\n`);
  assert.equal(orChain.error, "floored division by zero");
  const calls = await sameAsGo(`def main():\n    return "a"${".upper()".repeat(30)}.nope()${".upper()".repeat(30)}\n`);
  assert.match(calls.error!, /has no \.nope field or method/);
});

// ---- deep nesting: Go's answers up to 450, our own limit after 600 ---------------------

const NESTED: Record<string, (n: number) => { expr: string; setup?: string }> = {
  parentheses: (n) => ({ expr: "(".repeat(n) + "1" + ")".repeat(n) }),
  "right-nested operators": (n) => ({ expr: "(1 + ".repeat(n) + "1" + ")".repeat(n) }),
  lists: (n) => ({ expr: "len(" + "[".repeat(n) + "1" + "]".repeat(n) + ")" }),
  dicts: (n) => ({ expr: "len(" + '{"a": '.repeat(n) + "1" + "}".repeat(n) + ")" }),
  tuples: (n) => ({ expr: "len(" + "(1, ".repeat(n) + "1" + ")".repeat(n) + ")" }),
  calls: (n) => ({ expr: "str(".repeat(n) + "1" + ")".repeat(n) }),
  "keyword calls": (n) => ({ expr: "len(" + "dict(a=".repeat(n) + "1" + ")".repeat(n) + ")" }),
  subscripts: (n) => ({ expr: "x" + "[".repeat(n) + "0" + "]".repeat(n), setup: "    x = [0]\n" }),
  comprehensions: (n) => ({ expr: "[x for x in ".repeat(n) + "[1]" + "]".repeat(n) }),
  "conditional expressions": (n) => ({ expr: "1 if False else ".repeat(n) + "2" }),
  lambdas: (n) => ({ expr: "(" + "lambda: ".repeat(n) + "1)" + "()".repeat(n) }),
  "not operators": (n) => ({ expr: "not ".repeat(n) + "True" }),
  "unary minus": (n) => ({ expr: "-".repeat(n) + "1" }),
};

for (const [name, make] of Object.entries(NESTED)) {
  test(`hostile: 450 nested ${name} run as in go.starlark.net`, async () => {
    const { expr, setup } = make(450);
    await sameAsGo(mainReturning(expr, setup));
  });

  test(`hostile: 5,000 nested ${name} end with the tool's own limit, at a position`, () => {
    const { expr, setup } = make(5000);
    const src = mainReturning(expr, setup);
    const { errors } = parse("deep.star", src);
    assert.equal(errors.length, 1);
    assert.match(errors[0].msg, /^nesting too deep: incus-scriptlet stops at 600 nested .*go\.starlark\.net and Incus go deeper; the command line follows them to 150000/);
    const line = setup ? 3 : 2;
    assert.equal(errors[0].pos.line, line);
    assert.ok(errors[0].pos.col > 12 && errors[0].pos.col < src.split("\n")[line - 1].length, `col ${errors[0].pos.col}`);
  });
}

test("hostile: nested blocks (if, for, def) 450 deep run; 5,000 deep stop at the limit", async () => {
  for (const kind of ["if", "for", "def"]) {
    const block = (n: number) => {
      const lines = ["def main():"];
      for (let i = 0; i < n; i++) {
        const ind = " ".repeat(i + 1);
        lines.push(ind + (kind === "if" ? "if True:" : kind === "for" ? `for i${i} in [${i}]:` : `def f${i}():`));
      }
      lines.push(" ".repeat(n + 1) + "return 1");
      if (kind === "def") for (let i = n - 1; i >= 0; i--) lines.push(" ".repeat(i + 1) + `return f${i}()`);
      lines.push(" return 0", "");
      return lines.join("\n");
    };
    const deep = block(450);
    const mine = await ours(deep);
    assert.deepEqual(mine, oracle(deep), kind);
    const { errors } = parse("deep.star", block(2000));
    assert.equal(errors.length, 1, kind);
    assert.match(errors[0].msg, /^nesting too deep: incus-scriptlet stops at 600 /);
  }
});

// ---- width and size ---------------------------------------------------------------------

test("hostile: very wide literals and argument lists", async () => {
  await sameAsGo(mainReturning("len([" + join(100_000, "0", ", ") + "])"));
  await sameAsGo(mainReturning("len({" + Array.from({ length: 20_000 }, (_, i) => `${i}: ${i}`).join(", ") + "})"));
  await sameAsGo(mainReturning(`len("${"x".repeat(1_000_000)}")`));
  await sameAsGo(`def f(*args):\n    return len(args)\ndef main():\n    return str(f(${join(255, "1", ", ")}))\n`);
  // 256 positional arguments: the resolver's limit, in go.starlark.net's words and place.
  const tooMany = `def f(*args):\n    return len(args)\ndef main():\n    return f(${join(256, "1", ", ")})\n`;
  assert.deepEqual(await ours(tooMany), oracle(tooMany));
});

test("hostile: a 300 KB file of 4,500 functions compiles and runs", async () => {
  const parts: string[] = [];
  for (let i = 0; i < 4500; i++) parts.push(`def f${i}(x):\n    y = x + ${i}\n    return y\n`);
  parts.push(`def main():\n    return str(${Array.from({ length: 50 }, (_, i) => `f${i * 90}(1)`).join(" + ")})\n`);
  await sameAsGo(parts.join("\n"));
});

// ---- encodings ----------------------------------------------------------------------------

/** Our first compile error for the bytes of a file read as the CLI reads it (UTF-8). */
function firstError(bytes: Buffer): string | undefined {
  const d = parse("enc.star", bytes.toString("utf8")).errors[0];
  return d && `${d.pos.line}:${d.pos.col}: ${d.msg}`;
}

test("hostile: byte-order mark, invalid UTF-8 and NUL bytes are reported as go.starlark.net reports them", () => {
  const cases = [
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("def main():\n    return 1\n")]),
    Buffer.concat([Buffer.from("def main():\n    return 1 "), Buffer.from([0xff]), Buffer.from("\n")]),
    Buffer.concat([Buffer.from("def main():\n    return 1\n"), Buffer.from([0]), Buffer.from("x = 1\n")]),
    Buffer.concat([Buffer.from("x = 1\ny = "), Buffer.from([0xc3]), Buffer.from("\n")]),
  ];
  for (const bytes of cases) {
    const go = oracle(bytes);
    assert.deepEqual(firstError(bytes) === undefined ? [] : [firstError(bytes)], go.compile ?? [], bytes.toString("latin1"));
  }
});

test("hostile: lone UTF-16 surrogates (an editor buffer, not a file) read as U+FFFD", () => {
  const { errors } = parse("s.star", "x = 1\ny = \ud800\nz = \"a\udc00b\"\n");
  assert.deepEqual(errors.map((e) => `${e.pos.line}:${e.pos.col}: ${e.msg}`), ["2:5: unexpected input character '\ufffd'"]);
});
