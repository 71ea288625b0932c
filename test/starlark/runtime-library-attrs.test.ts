// dir, getattr and hasattr on host objects (SHostObject, CONTRACT.md): fields by name, the
// host's `missing` message for unknown ones (prefixed "getattr: ", without the spelling hint
// the x.f operator adds), and defaults.

import { test } from "node:test";
import assert from "node:assert/strict";
import { UNIVERSE } from "../../server/src/starlark/runtime/builtins/index";
import { call } from "../../server/src/starlark/runtime/call";
import { repr } from "../../server/src/starlark/runtime/repr";
import { SHostObject, StarlarkError, type Value } from "../../server/src/starlark/runtime/values";

const u = (name: string, ...args: Value[]): Value => call(UNIVERSE[name], args, null);

function throwsMsg(f: () => unknown, msg: string): void {
  assert.throws(f, (e: unknown) => e instanceof StarlarkError && e.message === msg);
}

const member = new SHostObject("api.ClusterMember", [
  ["server_name", "m1"],
  ["roles", null],
]);
const quoted = new SHostObject("Instance", [["name", "c1"]], true, 'Invalid field "%s"');

test("getattr reads host object fields, with defaults and Go's messages", () => {
  assert.equal(u("getattr", member, "server_name"), "m1");
  assert.equal(u("getattr", member, "roles"), null);
  assert.equal(u("getattr", member, "nope", 42), 42);
  throwsMsg(() => u("getattr", member, "server_nam"), "getattr: api.ClusterMember has no .server_nam field or method");
  throwsMsg(() => u("getattr", quoted, "nme"), 'getattr: Invalid field "nme"');
  assert.equal(u("getattr", quoted, "nme", 1), 1);
  throwsMsg(() => u("getattr", member, 1), "getattr: for parameter 2: got int, want string");
});

test("hasattr and dir on host objects", () => {
  assert.equal(u("hasattr", member, "roles"), true);
  assert.equal(u("hasattr", member, "nope"), false);
  assert.equal(u("hasattr", quoted, "name"), true);
  assert.equal(u("hasattr", quoted, "nope"), false);
  assert.equal(repr(u("dir", member)), '["roles", "server_name"]');
  assert.equal(repr(u("dir", quoted)), '["\\"name\\""]');
});

test("bound methods from getattr equal those of x.f and report their receiver", () => {
  const m = u("getattr", "a,b", "split");
  assert.equal(repr(m), '<built-in method split of string value>');
  assert.equal(repr(call(m, [","], null)), '["a", "b"]');
});
