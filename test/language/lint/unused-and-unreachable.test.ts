// Lint rules unused-local and unreachable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { unreachableCode, unusedLocals } from "../../../server/src/language/scriptlet/lint/unused-and-unreachable";
import { lint, placement } from "./helpers";

test("flagged: a local never read; a statement after return", () => {
  assert.deepEqual(lint(unusedLocals, placement("    x = 1\n")).map((d) => d.code), ["unused-local"]);
  assert.deepEqual(lint(unreachableCode, placement("    return\n    log_info(1)\n")).map((d) => d.code), ["unreachable"]);
});

test("clean: locals read, nothing after return, underscore names", () => {
  assert.deepEqual(lint(unusedLocals, placement("    x = 1\n    log_info(x)\n    _ = 2\n")), []);
  assert.deepEqual(lint(unreachableCode, placement("    log_info(1)\n    return\n")), []);
});
