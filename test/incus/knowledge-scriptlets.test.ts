// Scriptlet kinds, entry points and builtins per version, and the message formats.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  builtin, builtins, builtinAvailability, predeclaredNames, scriptletKind, placementReasons,
  validationMessages, runtimeMessages, dialect, kindForConfigKey, builtinErrors, renderValidationError,
} from "../../server/src/incus/knowledge/scriptlets";
import { goSprintf } from "../../server/src/incus/knowledge/go-format";

test("placement builtins are the same eleven names on every version, in Incus's order", () => {
  const expected = [
    "log_info", "log_warn", "log_error", "set_target", "get_cluster_member_resources",
    "get_cluster_member_state", "get_instance_resources", "get_instances", "get_instances_count",
    "get_cluster_members", "get_project",
  ];
  for (const v of ["6.0.4", "7.3.0", "main"]) assert.deepEqual(predeclaredNames("placement", v), expected);
});

test("get_instances/get_instances_count take project, then location, then pending; all optional", () => {
  const gi = builtin("placement", "get_instances", "7.3.0")!;
  assert.deepEqual(gi.params.map((p) => p.name), ["project", "location"]);
  const gic = builtin("placement", "get_instances_count", "6.0.4")!;
  assert.deepEqual(gic.params.map((p) => [p.name, p.optional, p.default]), [
    ["project", true, ""], ["location", true, ""], ["pending", true, false],
  ]);
  assert.deepEqual(gi.returns, { kind: "list", of: { kind: "object", type: "Instance" } });
});

test("set_target: one required member_name and the exact Invalid member name error", () => {
  const st = builtin("placement", "set_target", "6.0.4")!;
  assert.deepEqual(st.params.map((p) => [p.name, p.optional]), [["member_name", false]]);
  assert.equal(goSprintf(st.errors[0].format, "node9"), "Invalid member name: node9");
});

test("get_cluster_member_resources fails on non-candidates in 7.x, returns a string on 6.0", () => {
  const r7 = builtin("placement", "get_cluster_member_resources", "7.3.0")!;
  assert.ok(builtinErrors(r7, "7.3.0").some((e) => e.format === "Invalid member name: %s"));
  const r6 = builtin("placement", "get_cluster_member_resources", "6.0.4")!;
  assert.ok(!builtinErrors(r6, "6.0.4").some((e) => e.format === "Invalid member name: %s"));
  assert.equal(r6.quirks?.[0].value, "Invalid member name");
});

test("NVRAM helpers are undefined before main; the other QEMU helpers exist everywhere", () => {
  assert.equal(builtin("qemu", "set_nvram_var", "6.0.4"), undefined);
  assert.equal(builtin("qemu", "set_nvram_var", "7.3.0"), undefined);
  assert.ok(builtin("qemu", "set_nvram_var", "main"));
  assert.deepEqual(builtinAvailability("qemu").get("list_nvram_vars"), ["main"]);
  for (const v of ["6.0.4", "7.3.0", "main"]) {
    assert.ok(builtin("qemu", "run_qmp", v));
    assert.ok(builtin("qemu", "set_qemu_conf", v));
  }
  assert.equal(builtins("qemu", "6.0.4").length, 23);
  assert.equal(builtins("qemu", "main").length, 30);
});

test("QOM helpers are keyword-only, run the dashed QMP command, and not at config stage", () => {
  const b = builtin("qemu", "blockdev_add", "7.3.0")!;
  assert.equal(b.qmpCommand, "blockdev-add");
  assert.equal(b.keywordOnly, true);
  assert.deepEqual(b.stages, ["early", "pre-start", "post-start"]);
  assert.match(b.doc, /blockdev-add/);
  assert.deepEqual(builtin("qemu", "set_qemu_cmdline")!.stages, ["config"]);
});

test("authorization has only the log builtins", () => {
  assert.deepEqual(predeclaredNames("authorization", "7.3.0"), ["log_info", "log_warn", "log_error"]);
});

test("entry functions and their required parameter names", () => {
  assert.deepEqual(scriptletKind("placement").entry.params.map((p) => p.name), ["request", "candidate_members"]);
  const auth = scriptletKind("authorization", "6.0.4");
  assert.equal(auth.entry.name, "authorize");
  assert.deepEqual(auth.entry.params.map((p) => p.name), ["details", "object", "entitlement"]);
  assert.deepEqual(auth.optionalFunctions.map((f) => [f.name, f.params.map((p) => p.name)]), [
    ["get_instance_access", ["project_name", "instance_name"]],
    ["get_project_access", ["project_name"]],
  ]);
  // details resolves to the version's type
  assert.deepEqual(auth.entry.params[0].type, { kind: "object", type: "RequestDetails" });
  assert.deepEqual(scriptletKind("authorization", "7.3.0").entry.params[0].type, { kind: "object", type: "AuthorizationDetails" });
  const qemu = scriptletKind("qemu");
  assert.deepEqual(qemu.entry.params.map((p) => p.name), ["instance", "stage"]);
  assert.deepEqual(qemu.stages, ["config", "early", "pre-start", "post-start"]);
  assert.equal(kindForConfigKey("raw.qemu.scriptlet"), "qemu");
  assert.equal(kindForConfigKey("instances.placement.scriptlet"), "placement");
});

test("placement reasons: rebalance only from 7.x", () => {
  assert.deepEqual(placementReasons("6.0.4").map((r) => r.value), ["new", "relocation", "evacuation"]);
  assert.deepEqual(placementReasons("7.3.0").map((r) => r.value), ["new", "relocation", "evacuation", "rebalance"]);
});

test("runtime wrappers render to the messages users see", () => {
  const inner = goSprintf(runtimeMessages.runFailed, "Invalid member name: x");
  assert.equal(scriptletKind("placement").userErrorPrefix + inner, "Failed instance placement scriptlet: Failed to run: Invalid member name: x");
  assert.equal(goSprintf(runtimeMessages.unexpectedReturn, '"a"'), 'Failed with unexpected return value: "a"');
});

test("validation messages render like Go's %q", () => {
  const m = validationMessages.messages;
  assert.equal(goSprintf(m.missingOne, "instance_placement"), 'the function "instance_placement" is required but has not been found in the scriptlet');
  assert.equal(
    goSprintf(m.argMismatch, "required", "authorize", ["details"], ["details", "entitlement", "object"]),
    'the required function "authorize" defines arguments ["details"] (expected ["details" "entitlement" "object"])',
  );
  assert.equal(goSprintf(m.mistyped, "qemu_hook", "required", "int"), '"qemu_hook" should define the scriptlet\u2019s required function of the same name (found a value of type int instead)');
  assert.equal(validationMessages.joiners.second, "; additionally, ");
});

test("sets are a 7.x feature", () => {
  assert.equal(dialect("6.0.4").sets, false);
  assert.equal(dialect("7.3.0").sets, true);
});

test("renderValidationError joins findings like Incus, sorting equal-length parameter lists", () => {
  assert.equal(renderValidationError({}), undefined);
  assert.equal(
    renderValidationError({
      missing: ["authorize"],
      mismatched: [{ name: "get_project_access", optional: true, defined: ["project", "x"], expected: ["project_name"] }],
    }),
    'the function "authorize" is required but has not been found in the scriptlet; additionally, ' +
      'the optional function "get_project_access" defines arguments ["project" "x"] (expected ["project_name"])',
  );
  assert.equal(
    renderValidationError({
      missing: ["a", "b"],
      mistyped: [{ name: "c", optional: false, foundType: "string" }],
      mismatched: [{ name: "instance_placement", optional: false, defined: ["request", "members"], expected: ["request", "candidate_members"] }],
    }),
    'the functions ["a" "b"] are required but have not been found in the scriptlet; additionally, ' +
      '"c" should define the scriptlet\u2019s required function of the same name (found a value of type string instead); finally, ' +
      'the required function "instance_placement" defines arguments ["members" "request"] (expected ["candidate_members" "request"])',
  );
});
