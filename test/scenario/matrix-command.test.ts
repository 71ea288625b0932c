// `incus-scriptlet matrix`: every single-member failure on the bundled sample, a scriptlet that
// breaks when one member is down, the JSON shape and counts that add up.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { tempDir } from "../support/temp-dir";

const root = path.resolve(__dirname, "../../..");
const bin = path.join(root, "bin/incus-scriptlet.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: root });
const tmp = tempDir("incus-matrix-");

interface Scenario { id: string; kind: string; member?: string; outcome: string; problem?: string; counts: Record<string, number>; evacuation: { instance: string; from?: string; target: string | null }[]; command: { target: string | null; error: string | null }[] }

test("matrix on the sample: the baseline, each member offline and each online member evacuated", () => {
  const r = cli("matrix", "examples/spread.placement.star", "--format", "json");
  const m = JSON.parse(r.stdout) as { members: string[]; counts_before: Record<string, number>; scenarios: Scenario[] };
  assert.deepEqual(m.members, ["node01", "node02", "node03", "node04", "node05", "node06"]);
  const ids = m.scenarios.map((s) => s.id);
  assert.equal(ids[0], "baseline");
  // node04 is already evacuated in the sample: it can go offline, but not be evacuated again.
  assert.ok(ids.includes("offline:node04") && !ids.includes("evacuate:node04"));
  for (const n of ["node01", "node02", "node03", "node05", "node06"]) assert.ok(ids.includes(`evacuate:${n}`), n);
  const total = Object.values(m.counts_before).reduce((a, b) => a + b, 0);
  for (const s of m.scenarios) {
    const after = Object.values(s.counts).reduce((a, b) => a + b, 0);
    const created = s.command.filter((p) => p.target !== null).length;
    assert.equal(after, total + created, `${s.id}: instances are neither lost nor duplicated`);
    // Nothing lands on the member that failed.
    if (s.member) assert.ok(s.command.every((p) => p.target !== s.member), s.id);
  }
  // Evacuating node01 empties it: every instance moves to a member that can take it.
  const ev = m.scenarios.find((s) => s.id === "evacuate:node01")!;
  assert.equal(ev.evacuation.length, m.counts_before.node01);
  assert.equal(ev.counts.node01, 0);
  assert.ok(ev.evacuation.every((p) => p.from === "node01" && p.target && p.target !== "node01"));
  // node06 is the only aarch64 member: its instances have nowhere to go.
  const arm = m.scenarios.find((s) => s.id === "evacuate:node06")!;
  assert.equal(arm.outcome, "nowhere");
  assert.match(arm.problem!, /^no member can take \S+ \(default\)$/);
  assert.equal(r.status, 1, "a failing scenario makes the exit status 1");
});

test("a scriptlet that needs one member fails exactly in the scenarios without it; the table says so", () => {
  const f = path.join(tmp, "needs-node03.placement.star");
  writeFileSync(f, [
    "def instance_placement(request, candidate_members):",
    "    names = [m.server_name for m in candidate_members]",
    "    if \"node03\" not in names:",
    "        fail(\"node03 is gone\")",
    "    set_target(\"node03\")",
    "",
  ].join("\n"));
  const j = JSON.parse(cli("matrix", f, "--format", "json", "--", "create", "--empty", "c1").stdout) as { scenarios: Scenario[] };
  const failing = j.scenarios.filter((s) => s.outcome !== "ok").map((s) => s.id);
  // node06's aarch64 instances have no candidate at all: the scriptlet runs with none, and fails too.
  assert.deepEqual(failing, ["offline:node03", "evacuate:node03", "evacuate:node06"]);
  const off = j.scenarios.find((s) => s.id === "offline:node03")!;
  assert.equal(off.problem, "Failed instance placement scriptlet: Failed to run: fail: node03 is gone");
  // The baseline places c1 on node03.
  assert.equal(j.scenarios[0].command[0].target, "node03");
  const t = cli("matrix", f, "--", "create", "--empty", "c1");
  assert.equal(t.status, 1);
  assert.match(t.stdout, /^node03 offline +✗ error +9 +8 +\(6\) +1 +3 +4$/m);
  assert.match(t.stdout, /^3 of 12 scenarios fail:$/m);
  assert.match(t.stdout, /^  ✗ node03 offline: Failed instance placement scriptlet: Failed to run: fail: node03 is gone$/m);
});

test("matrix input errors: a bad command, a missing file, a bad format — exit 2 with a message", () => {
  const r1 = cli("matrix", "examples/spread.placement.star", "--", "delete", "x");
  assert.equal(r1.status, 2);
  assert.match(r1.stderr, /^incus-scriptlet matrix: "delete" is not a placement command/);
  const r2 = cli("matrix", path.join(tmp, "none.star"));
  assert.equal(r2.status, 2);
  assert.match(r2.stderr, /cannot read .*none\.star: no such file/);
  const r3 = cli("matrix", "examples/spread.placement.star", "--format", "xml");
  assert.equal(r3.status, 2);
});
