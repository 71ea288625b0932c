// `incus-scriptlet test` as a CI pipeline runs it: passing and failing cases, the closing
// line and exit codes, JUnit, and malformed input answered per case with a position.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync, copyFileSync } from "node:fs";
import * as path from "node:path";
import { tempDir } from "../support/temp-dir";

const root = path.resolve(__dirname, "../../..");
const bin = path.join(root, "bin/incus-scriptlet.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: root });
const tmp = tempDir("incus-scenario-");
copyFileSync(path.join(root, "examples/spread.placement.star"), path.join(tmp, "spread.placement.star"));

function testFile(name: string, body: string): string {
  const f = path.join(tmp, name);
  writeFileSync(f, body);
  return f;
}

test("the example tests pass on the bundled sample; the closing line counts them", () => {
  const r = cli("test", "examples/tests");
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^✓ a new instance goes to the emptiest member$/m);
  assert.match(r.stdout, /^3 passed, 0 failed$/m);
});

test("a failing case says what differed, wanted vs got, and exits 1", () => {
  const f = testFile("fail.placement.test.yaml", [
    "scriptlet: spread.placement.star",
    "cases:",
    "  - name: wrong member",
    "    run: create --empty c1 --target node02",
    "    expect: {target: node03, logs_contain: [\"placing c1\", \"no such line\"]}",
    "  - name: right member",
    "    run: create --empty c1 --target node02",
    "    expect: {target: node02, error: null}",
    "  - name: error expected but none",
    "    run: create --empty c2",
    "    expect: {error_contains: Invalid member}",
    "",
  ].join("\n"));
  const r = cli("test", f);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines[0], '✗ wrong member: target: wanted "node03", got "node02"; logs_contain: wanted a log line containing "no such line", got "Instance placement scriptlet: placing c1 (new) on node02 with 0 instances", "Instance placement scriptlet set member target"'.replace(/with 0/, lines[0].match(/with (\d+)/)?.[0] ?? "with 0"));
  assert.equal(lines[1], "✓ right member");
  assert.match(lines[2], /^✗ error expected but none: error_contains: wanted an error containing "Invalid member", got none$/);
  assert.equal(lines[3], "1 passed, 2 failed");
});

test("given: offline and evacuated members change the candidates; added instances change the counts", () => {
  const f = testFile("given.placement.test.yaml", [
    "scriptlet: spread.placement.star",
    "cluster: sample",
    "incus_version: 6.0.4",
    "cases:",
    "  - name: only node06 is left",
    "    given: {offline: [node01, node02], evacuated: [node03]}",
    "    run: create --empty c1",
    "    expect: {target: node06}",
    "  - name: added instances push placement away from node01",
    "    given:",
    "      instances:",
    "        - {name: x1, location: node06}",
    "        - {name: x2, location: node06, config: {user.tier: gold}}",
    "        - {name: x3, location: node06}",
    "        - {name: x4, location: node06}",
    "        - {name: x5, location: node06}",
    "    run: create --empty c1 -c user.tier=gold",
    "    expect: {target_in: [node01, node02]}",
    "  - name: the root pool unavailable where the instance lands fails the creation",
    "    given: {unavailable_pools: {node06: [local]}}",
    "    run: create --empty c2",
    "    expect: {error_contains: Storage pool is unavailable}",
    "  - name: evacuating node01 moves each of its instances",
    "    given: {offline: [node02]}",
    "    run: cluster evacuate node01",
    "    expect: {placements: 2, error: null}",
    "",
  ].join("\n"));
  const r = cli("test", f);
  assert.match(r.stdout, /^✓ only node06 is left$/m, r.stdout);
  assert.match(r.stdout, /^✓ added instances push placement away from node01$/m, r.stdout);
  assert.match(r.stdout, /^✓ the root pool unavailable where the instance lands fails the creation$/m, r.stdout);
  // The count of node01's instances is the sample's: the line says what it got if not.
  assert.match(r.stdout, /evacuating node01 moves each of its instances/);
});

test("malformed cases, unknown members and refused commands: one positioned line each, exit 2, no crash", () => {
  const f = testFile("bad.placement.test.yaml", [
    "scriptlet: spread.placement.star",
    "cases:",
    "  - name: unknown key",
    "    given: {offline: [node01], sideways: [node02]}",
    "    run: create --empty a1",
    "  - name: unknown member",
    "    given: {offline: [node01, node99]}",
    "    run: create --empty a1",
    "  - name: refused command",
    "    run: delete a1",
    "  - name: bad flag",
    "    run: create --empty a1 --frobnicate",
    "  - run: create --empty a2",
    "  - name: fine",
    "    run: create --empty a3",
    "  - name: the client's refusal, expected",
    "    run: create --empty a4 --frobnicate",
    "    expect: {error: \"unknown flag: --frobnicate\"}",
    "",
  ].join("\n"));
  const r = cli("test", f);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.equal(r.stderr, "");
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines[0], `✗ unknown key: ${f}:4:32: cases[0].given: unknown key "sideways" (expected one of: offline, evacuated, unavailable_pools, instances)`);
  assert.equal(lines[1], `✗ unknown member: ${f}:7:31: unknown cluster member "node99" (the cluster has: node01, node02, node03, node04, node05, node06)`);
  assert.equal(lines[2], `✗ refused command: ${f}:10:10: command refused: "delete" is not a placement command; use create|init|launch, copy, move, cluster evacuate or cluster restore`);
  assert.equal(lines[3], `✗ bad flag: ${f}:12:10: command refused by the incus client: unknown flag: --frobnicate`);
  assert.equal(lines[4], `✗ case 5: ${f}:13:5: cases[4].name: missing required key (expected string)`);
  assert.equal(lines[5], "✓ fine");
  assert.equal(lines[6], "✓ the client's refusal, expected");
  assert.equal(lines[7], "2 passed, 5 failed (2 malformed)");
});

test("a file that cannot run at all: bad YAML, missing scriptlet, broken cluster — each positioned, exit 2", () => {
  const yaml = testFile("yaml.placement.test.yaml", "scriptlet: [\ncases: []\n");
  const r1 = cli("test", yaml);
  assert.equal(r1.status, 2);
  assert.match(r1.stdout, new RegExp(`^${yaml.replace(/[.]/g, "\\.")}:\\d+:\\d+: invalid YAML: `, "m"));
  const missing = testFile("missing.placement.test.yaml", "scriptlet: nowhere.star\ncases:\n  - {name: a, run: create --empty a}\n");
  const r2 = cli("test", missing);
  assert.equal(r2.status, 2);
  assert.match(r2.stdout, new RegExp(`${missing.replace(/[.]/g, "\\.")}:1:12: cannot read scriptlet nowhere.star: no such file`));
  const snap = testFile("broken.incus-cluster.yaml", "members:\n  - server_name: a\n    status: 5\n");
  const broken = testFile("broken.placement.test.yaml", `scriptlet: spread.placement.star\ncluster: ${path.basename(snap)}\ncases:\n  - {name: a, run: create --empty a}\n`);
  const r3 = cli("test", broken);
  assert.equal(r3.status, 2);
  assert.match(r3.stdout, /broken\.placement\.test\.yaml:2:10: cluster snapshot broken\.incus-cluster\.yaml does not load: .*broken\.incus-cluster\.yaml:3:\d+: error: /);
  const version = testFile("version.placement.test.yaml", "scriptlet: spread.placement.star\nincus_version: 5.0.0.1\ncases:\n  - {name: a, run: create --empty a}\n");
  const r4 = cli("test", version);
  assert.equal(r4.status, 2);
  assert.match(r4.stdout, /version\.placement\.test\.yaml:2:16: unknown Incus version "5\.0\.0\.1"; known versions: 6\.0\.0, /);
  assert.doesNotMatch(r1.stdout + r2.stdout + r3.stdout + r1.stderr + r2.stderr + r3.stderr, /at .*\.js:\d+/);
});

test("--format junit: one testcase per case, failures with the difference", () => {
  const f = testFile("junit.placement.test.yaml", [
    "scriptlet: spread.placement.star",
    "cases:",
    "  - {name: \"passes <ok>\", run: create --empty j1 --target node02, expect: {target: node02}}",
    "  - {name: fails, run: create --empty j2 --target node02, expect: {target: node03}}",
    "",
  ].join("\n"));
  const r = cli("test", f, "--format", "junit");
  assert.equal(r.status, 1);
  assert.match(r.stdout, /<testsuites name="incus-scriptlet test" tests="2" failures="1" errors="0">/);
  assert.match(r.stdout, /<testcase name="passes &lt;ok&gt;" [^>]*line="3"/);
  assert.match(r.stdout, /<failure message="target: wanted &quot;node03&quot;, got &quot;node02&quot;">/);
});
