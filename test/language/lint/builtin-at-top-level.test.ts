// Lint rule builtin-at-top-level: Incus validates by running the top level with no builtins.
import { test } from "node:test";
import assert from "node:assert/strict";
import { builtinAtTopLevel } from "../../../server/src/language/scriptlet/lint/builtin-at-top-level";
import { lint, placement } from "./helpers";

test("flagged: a builtin called at top level", () => {
  const ds = lint(builtinAtTopLevel, placement("    pass\n", 'log_info("loading")\n'));
  assert.deepEqual(ds.map((d) => d.code), ["builtin-at-top-level"]);
  assert.equal(ds[0].range.start.line, 0);
});

test("clean: builtins inside functions, universe builtins at top level", () => {
  assert.deepEqual(lint(builtinAtTopLevel, placement('    log_info("x")\n', "N = len([1, 2])\n")), []);
});
