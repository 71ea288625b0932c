// The CLI as a user runs it: `run` on the bundled sample, `check` on broken and clean files,
// and bad input (a broken snapshot, a bad command) answered with a positioned message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { tempDir } from "./support/temp-dir";

const bin = path.resolve(__dirname, "../../bin/incus-scriptlet.js");
const root = path.resolve(__dirname, "../..");
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: root });
const tmp = tempDir("incus-cli-");

test("run on the bundled sample needs nothing but the scriptlet", () => {
  const r = cli("run", "examples/spread.placement.star");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /the bundled sample cluster/);
  assert.match(r.stdout, /→ node\d\d \(set by the scriptlet\)/);
  assert.match(r.stdout, /left out: +node04 — evacuated/);
});

test("run --json gives the documented shape; a failing scriptlet gives Incus's error text", () => {
  const f = path.join(tmp, "bad.placement.star");
  writeFileSync(f, 'def instance_placement(request, candidate_members):\n    set_target("nowhere")\n');
  const r = cli("run", f, "--json", "--", "create", "--empty", "c1");
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  const p = out.placements[0];
  assert.equal(p.instance, "c1");
  assert.equal(p.reason, "new");
  assert.equal(p.target, null);
  assert.equal(p.error, "Failed to run: Invalid member name: nowhere");
  assert.deepEqual(p.logs, [{ level: "error", message: "Instance placement scriptlet set invalid member target", context: { member: "nowhere" } }]);
  assert.ok(Array.isArray(p.candidates) && p.candidates.length > 0);
});

test("check reports a compile error with Incus's words and exits 1; a clean file exits 0", () => {
  const bad = path.join(tmp, "broken.placement.star");
  writeFileSync(bad, "def instance_placement(request, candidate_members)\n    pass\n");
  const r = cli("check", bad);
  assert.equal(r.status, 1);
  assert.equal(r.stdout.trim(), `${bad}:2:1: error: got newline, want ':'`); // go.starlark.net's position
  const j = cli("check", bad, "--format", "json");
  const diags = JSON.parse(j.stdout);
  assert.deepEqual(diags[0].range.start, { line: 0, character: 50 });
  assert.equal(diags[0].severity, "error");
  const good = cli("check", "examples/spread.placement.star");
  assert.equal(good.status, 0, good.stdout);
  assert.equal(good.stdout, "");
});

test("a malformed snapshot gives a positioned message, not a stack trace", () => {
  const snap = path.join(tmp, "broken.incus-cluster.yaml");
  writeFileSync(snap, "members:\n  - server_name: a\n    status: 5\n");
  const r = cli("run", "examples/spread.placement.star", "--cluster", snap);
  assert.equal(r.status, 2);
  assert.match(r.stderr, new RegExp(`${snap.replace(/[.]/g, "\\.")}:3:\\d+: `));
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});

test("a bad incus command is refused with a clear message", () => {
  const r = cli("run", "examples/spread.placement.star", "--", "delete", "c1");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /"delete" is not a placement command/);
});
