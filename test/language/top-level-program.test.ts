// The reduced program of the top-level run (language/scriptlet/top-level-program.ts): for
// each scriptlet, running it must fail exactly as running the whole text does (same message,
// same innermost line:col), in the real sandbox.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "../../server/src/starlark/engine";
import { parse } from "../../server/src/starlark/syntax";
import { compileScriptlet } from "../../server/src/incus/scriptlet/validate";
import { topLevelCannotFail, topLevelProgram } from "../../server/src/language/scriptlet/top-level-program";

const ENTRY = "def instance_placement(request, candidate_members):\n    return helper(1)\n";
const PLAIN = "def instance_placement(request, candidate_members):\n    return None\n";

const CASES: Record<string, string> = {
  "error after many defs": ENTRY + "def helper(x):\n    y = x + 1\n    return y\n\n\ndef other(a, b):\n    '''doc\n    string'''\n    return a // b\nLIMIT = 10 // 0\n",
  "a default runs when its def runs": "def f(x = 1 // 0):\n    return x\n" + PLAIN,
  "an unnamed def with a good default, then an error": "def f(x = [1, 2]):\n    pass\nY = {}['k']\n" + PLAIN,
  "a def named by top-level code": ENTRY + "def helper(x): return x\nHANDLERS = {'a': helper}\nBAD = HANDLERS['b']\n",
  "one-line bodies and CRLF": "def a(): return 1\r\ndef b():\r\n  x = 2\r\n  return x\r\nZ = -'s'\r\n" + PLAIN,
  "a call at top level runs the whole text": "def helper(x):\n    return x // 0\nR = helper(1)\n" + ENTRY,
  "a clean scriptlet": ENTRY + "def helper(x):\n    return x\nN = [1, 2, 3]\n",
  "top-level names a function that fails if called": ENTRY + "def helper(x):\n    return 1 // 0\nH = helper\nI = H == helper\n",
  "a comment after a body": ENTRY + "def helper(x):\n    return x  # trailing\n# between\nQ = 1 + None\n",
};

async function failure(program: string): Promise<string> {
  const compiled = compileScriptlet("placement", program, "6.0.4");
  if (!compiled.program) return `compile: ${compiled.diagnostics[0]?.msg}`;
  const session = await Session.create();
  try {
    const init = session.init(compiled.program, {});
    if (!init.error) return "ok";
    const f = init.error.backtrace[init.error.backtrace.length - 1];
    return `${init.error.message} at ${f?.line}:${f?.col}`;
  } finally {
    session.dispose();
  }
}

for (const [name, text] of Object.entries(CASES)) {
  test(`top-level program: ${name}`, async () => {
    const { file, errors } = parse("t.star", text);
    assert.deepEqual(errors, []);
    const reduced = topLevelProgram(text, file.stmts);
    if (name.includes("call at top level")) assert.equal(reduced, undefined);
    const program = reduced ?? text;
    // What is skipped as unable to fail does not fail.
    if (topLevelCannotFail(file.stmts)) assert.equal(await failure(text), "ok");
    assert.equal(await failure(program), await failure(text));
    // Every line keeps its number.
    assert.equal(program.split(/\r\n|\r|\n/).length, text.split(/\r\n|\r|\n/).length);
  });
}

test("top-level program: a file of functions only runs an empty program", () => {
  const text = Array.from({ length: 1000 }, (_, i) => `def helper${i}(x):\n    y = x + ${i}\n    return y\n`).join("");
  const reduced = topLevelProgram(text, parse("t.star", text).file.stmts)!;
  assert.equal(reduced.trim(), "");
  // An edit inside a body leaves it unchanged (the run is reused).
  const edited = text.replace("y = x + 500", "y = x + 5001");
  assert.equal(topLevelProgram(edited, parse("t.star", edited).file.stmts), reduced);
});

test("top-level program: only defs and literal assignments cannot fail; anything else runs", () => {
  const can = (t: string) => topLevelCannotFail(parse("t.star", t).file.stmts);
  assert.equal(can('"""doc"""\nLIMIT = 10\nNAME = "x"\n' + PLAIN), true);
  assert.equal(can("X = 1 // 0\n" + PLAIN), false);
  assert.equal(can("def f(x = 1):\n    pass\n"), false);
  assert.equal(can("D = {1: 2, 1: 3}\n"), false);
  assert.equal(can("X, Y = 1\n"), false);
});
