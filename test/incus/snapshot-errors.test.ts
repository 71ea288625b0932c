// Malformed snapshot files give file:line:col errors that point at the offending text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatErrors, loadSnapshot, parseSnapshotText, type SnapshotError } from "../../server/src/incus/snapshot";

function errorsOf(text: string, file = "bad.incus-cluster.yaml"): SnapshotError[] {
  const r = parseSnapshotText(text, file);
  assert.ok(r.errors, "expected errors");
  return r.errors;
}

test("bad YAML is reported once, at the line and column of the problem", () => {
  const text = ["members:", "  - server_name: a", "    groups: [default, gpu", "instances: []"].join("\n");
  const errs = errorsOf(text);
  assert.equal(errs.length, 1);
  assert.equal(errs[0].file, "bad.incus-cluster.yaml");
  assert.ok(errs[0].line >= 3, `line ${errs[0].line}`);
  assert.match(errs[0].message, /^invalid YAML: /);
});

test("a duplicate key is a YAML error at the second occurrence", () => {
  const errs = errorsOf(["members: []", "members: []"].join("\n"));
  assert.equal(errs.length, 1);
  assert.equal(errs[0].line, 2);
  assert.equal(errs[0].col, 1);
});

test("a wrong type deep inside points at the value", () => {
  const text = [
    "resources:", //                         1
    "  n1:", //                               2
    "    cpu:", //                            3
    "      sockets:", //                      4
    "        - socket: 0", //                 5
    "          cores:", //                    6
    "            - core: 0", //               7
    "            - core: 1", //               8
    "              threads:", //              9
    "                - id: 2", //             10
    "                  online: sometimes", // 11
  ].join("\n");
  const errs = errorsOf(text);
  assert.equal(errs.length, 1);
  assert.deepEqual([errs[0].line, errs[0].col], [11, 27]);
  assert.equal(errs[0].endLine, 11);
  assert.equal(errs[0].endCol, 36);
  assert.match(errs[0].message, /^resources\.n1\.cpu\.sockets\[0\]\.cores\[1\]\.threads\[0\]\.online: expected boolean, got string "sometimes"$/);
});

test("an unknown top-level key is reported at the key, listing the valid ones", () => {
  const errs = errorsOf(["members: []", "", "instance:", "  - name: c1"].join("\n"));
  assert.equal(errs.length, 1);
  assert.deepEqual([errs[0].line, errs[0].col, errs[0].endLine, errs[0].endCol], [3, 1, 3, 9]);
  assert.match(errs[0].message, /unknown top-level key "instance" \(expected one of: server, members, .*instances/);
});

test("a missing required field points at the object that lacks it", () => {
  const errs = errorsOf(["members:", "  - server_name: a", "  - status: Online", "    url: x"].join("\n"));
  assert.equal(errs.length, 1);
  assert.deepEqual([errs[0].line, errs[0].col], [3, 5]);
  assert.equal(errs[0].message, "members[1].server_name: missing required field (expected string)");
});

test("dotted config keys are quoted in the path; several errors come sorted by position", () => {
  const errs = errorsOf(["instances:", "  - name: c1", "    config:", "      limits.cpu: [4]", "    type: box"].join("\n"));
  assert.equal(errs.length, 2);
  assert.deepEqual(errs.map((e) => e.line), [4, 5]);
  assert.match(errs[0].message, /^instances\[0\]\.config\["limits\.cpu"\]: /);
  assert.match(errs[1].message, /^instances\[0\]\.type: expected one of "container", "virtual-machine"$/);
});

test("a JSON file's errors carry JSON line and column", () => {
  const text = '{\n  "members": [\n    {"server_name": "a", "roles": "database"}\n  ]\n}\n';
  const errs = errorsOf(text, "c.incus-cluster.json");
  assert.equal(errs.length, 1);
  assert.deepEqual([errs[0].line, errs[0].col], [3, 35]);
  assert.match(errs[0].message, /^members\[0\]\.roles: expected array, got string "database"$/);
});

test("a document that is not a mapping is an error, not a crash", () => {
  const errs = errorsOf("- a\n- b\n");
  assert.equal(errs[0].line, 1);
  assert.match(errs[0].message, /must be a mapping/);
});

test("a missing file is an error result, not an exception", () => {
  const r = loadSnapshot("/nonexistent/dir/cluster.incus-cluster.yaml");
  assert.ok(r.errors);
  assert.match(r.errors[0].message, /cannot read snapshot: no such file/);
});

test("formatErrors prints FILE:LINE:COL: error: MSG lines", () => {
  const errs = errorsOf("members: 3\n", "x.yaml");
  assert.equal(formatErrors(errs), "x.yaml:1:10: error: members: expected array, got number 3\n");
});
