// Malformed snapshot files give file:line:col errors that point at the offending text.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { formatErrors, loadSnapshot, parseSnapshotText, sampleSnapshotPath, type SnapshotError } from "../../server/src/incus/snapshot";

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
  assert.equal(errs[0].message, 'instances[0].config["limits.cpu"]: expected a string (or a number or boolean, read as a string), got a list');
  assert.match(errs[1].message, /^instances\[0\]\.type: expected one of "container", "virtual-machine"$/);
});

test("a JSON file's errors carry JSON line and column", () => {
  const text = '{\n  "members": [\n    {"server_name": "a", "roles": "database"}\n  ]\n}\n';
  const errs = errorsOf(text, "c.incus-cluster.json");
  assert.equal(errs.length, 1);
  assert.deepEqual([errs[0].line, errs[0].col], [3, 35]);
  assert.match(errs[0].message, /^members\[0\]\.roles: expected a list, got string "database"$/);
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
  assert.equal(formatErrors(errs), "x.yaml:1:10: error: members: expected a list, got number 3\n");
});

test("dangling references load, with positioned warnings", () => {
  const text = [
    "members: [{server_name: a}]", //                                                           1
    "groups: [{name: g, members: [a, zz]}]", //                                                 2
    'projects: [{name: p, config: {restricted: "true", restricted.cluster.groups: "g,nope"}}]', // 3
    "instances:", //                                                                            4
    "  - {name: c, location: b, profiles: [default, big]}", //                                  5
    "  - {name: c, location: a, project: r}", //                                                6
    "resources: {x: {}}", //                                                                    7
  ].join("\n");
  const r = parseSnapshotText(text, "w.yaml");
  assert.ok(r.snapshot, "still loads");
  assert.deepEqual(
    r.warnings.map((w) => `${w.line}:${w.col} ${w.message}`),
    [
      '2:33 groups[0].members[1]: member "zz" is not in members',
      '3:78 projects[0].config["restricted.cluster.groups"]: cluster group "nope" is not in groups',
      '5:25 instances[0].location: member "b" is not in members',
      '5:48 instances[0].profiles[1]: profile "big" is not in profiles.default',
      '6:37 instances[1].project: project "r" is not in projects',
      '7:13 resources.x: member "x" is not in members',
    ],
  );
  assert.match(formatErrors(r.warnings), /^w\.yaml:2:33: warning: /);
});

test("a JSON file with a dangling reference gets the warning with its position too", () => {
  const r = parseSnapshotText('{"members": [{"server_name": "a"}],\n "instances": [{"name": "c", "location": "b"}]}', "w.json");
  assert.deepEqual(r.warnings?.map((w) => [w.line, w.col, w.severity]), [[2, 42, "warning"]]);
});

test("the bundled examples have no dangling references", () => {
  for (const file of [sampleSnapshotPath(), path.resolve(__dirname, "../../../examples/minimal.incus-cluster.yaml")]) {
    assert.deepEqual(loadSnapshot(file).warnings, [], file);
  }
});

test("JSON: a syntax error, an unknown key and a missing field are placed without the YAML parser", () => {
  const syntax = errorsOf('{\n  "members": [\n    {"server_name": "a",}\n  ]\n}\n', "s.json");
  assert.equal(syntax.length, 1);
  assert.deepEqual([syntax[0].line, syntax[0].col], [3, 25]); // at the "}" after the trailing comma
  assert.match(syntax[0].message, /^invalid JSON: /);

  const text = '{"members": [{"server_name": "a \\" } ]"}, {"status": "Online"}],\n "bogus": {"x": [1, {"y": "}"}]}}';
  const errs = errorsOf(text, "k.json");
  assert.deepEqual(
    errs.map((e) => `${e.line}:${e.col}-${e.endLine}:${e.endCol} ${e.message}`),
    [
      "1:43-1:63 members[1].server_name: missing required field (expected string)",
      `2:2-2:9 unknown top-level key "bogus" (expected one of: ${"server, members, groups, projects, profiles, instances, storage_pools, member_storage_pools, resources, member_state, warnings, certificates, capture"})`,
    ],
  );
});
