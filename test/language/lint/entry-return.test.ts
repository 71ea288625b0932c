// Lint rule entry-return: a value returned from instance_placement is a warning that says what
// Incus answers (internal/server/scriptlet/instance_placement.go: "Failed with unexpected return
// value: %v"; the test suite's clustering_instance_placement_scriptlet.sh returns a string on purpose).
import { test } from "node:test";
import assert from "node:assert/strict";
import { constantRepr, entryReturn } from "../../../server/src/language/scriptlet/lint/entry-return";
import { parse } from "../../../server/src/starlark/syntax";
import { lint, placement } from "./helpers";

test("flagged: a returned string is a warning quoting Incus's refusal", () => {
  const ds = lint(entryReturn, placement('    return "refused: no GPU member"\n'));
  assert.equal(ds.length, 1);
  assert.equal(ds[0].severity, "warning");
  assert.equal(ds[0].code, "entry-returns-value");
  assert.match(ds[0].message, /Failed instance placement scriptlet: Failed with unexpected return value: "refused: no GPU member"/);
  assert.equal(ds[0].fixes?.[0].edits[0].newText, "return");
});

test("flagged: non-constant values are named generically; nested defs are not the entry", () => {
  const ds = lint(entryReturn, placement("    x = len(candidate_members)\n    if x:\n        return x\n    return None\n"));
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /unexpected return value: <the value>/);
  assert.deepEqual(lint(entryReturn, placement("    def helper():\n        return 1\n    helper()\n")), []);
});

test("clean: bare return, return None, no return, other kinds", () => {
  assert.deepEqual(lint(entryReturn, placement("    return\n")), []);
  assert.deepEqual(lint(entryReturn, placement("    return None\n")), []);
  assert.deepEqual(lint(entryReturn, placement("    pass\n")), []);
  assert.deepEqual(lint(entryReturn, "def authorize(details, object, entitlement):\n    return True\n", { kind: "authorization" }), []);
});

test("constant reprs follow Starlark's", () => {
  const expr = (src: string) => (parse("t", `x = ${src}\n`).file.stmts[0] as unknown as { rhs: Parameters<typeof constantRepr>[0] }).rhs;
  assert.equal(constantRepr(expr("'a\"b'")), '"a\\"b"');
  assert.equal(constantRepr(expr("5")), "5");
  assert.equal(constantRepr(expr("(1,)")), "(1,)");
  assert.equal(constantRepr(expr("[True, 'x']")), '[True, "x"]');
  assert.equal(constantRepr(expr("a + 1")), undefined);
});
