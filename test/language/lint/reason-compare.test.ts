// Lint rule reason-compare: comparing request.reason with a value the release never passes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { reasonCompare } from "../../../server/src/language/scriptlet/lint/reason-compare";
import { lint, placement } from "./helpers";

test("flagged: an unknown reason; rebalance before 7.0", () => {
  assert.deepEqual(lint(reasonCompare, placement('    if request.reason == "evacuate":\n        pass\n')).map((d) => d.code), ["unknown-reason"]);
  assert.deepEqual(lint(reasonCompare, placement('    if request.reason == "rebalance":\n        pass\n'), { version: "6.0.6" }).map((d) => d.code), ["unknown-reason"]);
});

test("clean: known reasons of the release", () => {
  assert.deepEqual(lint(reasonCompare, placement('    if request.reason == "evacuation":\n        pass\n')), []);
  assert.deepEqual(lint(reasonCompare, placement('    if request.reason == "rebalance":\n        pass\n'), { version: "7.0.0" }), []);
});
