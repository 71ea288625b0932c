// Lint rule entry-function: Incus's Validate (entry exists, is a function, parameter names).
import { test } from "node:test";
import assert from "node:assert/strict";
import { entryFunction } from "../../../server/src/language/scriptlet/lint/entry-function";
import { lint } from "./helpers";

test("flagged: missing entry, wrong parameter names, not a function", () => {
  const missing = lint(entryFunction, "def other():\n    pass\n");
  assert.match(missing[0].message, /the function "instance_placement" is required but has not been found in the scriptlet/);
  const params = lint(entryFunction, "def instance_placement(req, members):\n    pass\n");
  assert.match(params[0].message, /defines arguments \["members" "req"\] \(expected \["candidate_members" "request"\]\)/);
  const value = lint(entryFunction, "instance_placement = 1\n");
  assert.match(value[0].message, /should define the scriptlet/);
});

test("clean: the expected entry, parameters in any order", () => {
  assert.deepEqual(lint(entryFunction, "def instance_placement(candidate_members, request):\n    pass\n"), []);
});

// internal/server/scriptlet/load/load.go at v6.0.2: InstancePlacementValidate only compiles;
// instance_placement.go fails each run with "Scriptlet missing instance_placement function".
test("per release: 6.0.2 only compiles, so a missing entry is a warning about every run failing", () => {
  const ds = lint(entryFunction, "def other():\n    pass\n", { version: "6.0.2" });
  assert.deepEqual(ds.map((d) => d.severity), ["warning"]);
  assert.match(ds[0].message, /Failed instance placement scriptlet: Scriptlet missing instance_placement function/);
  assert.deepEqual(lint(entryFunction, "def instance_placement(a, b):\n    pass\n", { version: "6.0.2" }), []);
});
