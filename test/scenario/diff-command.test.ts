// `incus-scriptlet diff`: two scriptlets on the bundled sample — placements that change, errors
// that appear and disappear, counts that add up; identical scriptlets change nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { tempDir } from "../support/temp-dir";

const root = path.resolve(__dirname, "../../..");
const bin = path.join(root, "bin/incus-scriptlet.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: root });
const tmp = tempDir("incus-diff-");
const spread = "examples/spread.placement.star";

function scriptlet(name: string, body: string[]): string {
  const f = path.join(tmp, name);
  writeFileSync(f, body.join("\n") + "\n");
  return f;
}

interface Change { request: string; instance: string; project: string; member?: string; change: string; old: { target: string | null; error: string | null }; new: { target: string | null; error: string | null } }
interface Diff { replayed: number; evacuated: string[]; changes: Change[]; counts: { now: Record<string, number>; old: Record<string, number>; new: Record<string, number> }; errors: { old: number; new: number } }

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

test("the same scriptlet on both sides changes nothing and exits 0", () => {
  const r = cli("diff", spread, spread, "--format", "json");
  assert.equal(r.status, 0, r.stderr);
  const d = JSON.parse(r.stdout) as Diff;
  assert.deepEqual(d.changes, []);
  // Each replay runs on the cluster without its instance: its name is free, nothing fails.
  assert.deepEqual(d.errors, { old: 0, new: 0 });
  assert.equal(d.replayed, sum(d.counts.now), "every instance of the sample is replayed");
  assert.deepEqual(d.counts.old, d.counts.new);
  // Online members holding instances are evacuated (node04 is already evacuated in the sample).
  assert.deepEqual(d.evacuated, ["node01", "node02", "node03", "node05", "node06"]);
});

test("pinning to node02 moves the replays there; refusing a tier makes errors appear; both directions", () => {
  const pin = scriptlet("pin.placement.star", [
    "def instance_placement(request, candidate_members):",
    "    if request.project == \"dev\":",
    "        fail(\"no dev instances\")",
    "    for m in candidate_members:",
    "        if m.server_name == \"node02\":",
    "            set_target(\"node02\")",
  ]);
  const r = cli("diff", spread, pin, "--format", "json");
  assert.equal(r.status, 1);
  const d = JSON.parse(r.stdout) as Diff;
  const replays = d.changes.filter((c) => c.request === "new");
  const appear = replays.filter((c) => c.change === "error-appears");
  assert.ok(appear.length > 0 && appear.every((c) => c.project === "dev"), "dev instances fail under the new scriptlet");
  assert.equal(appear[0].new.error, "Failed instance placement scriptlet: Failed to run: fail: no dev instances");
  const moved = replays.filter((c) => c.change === "moved");
  assert.ok(moved.length > 0 && moved.every((c) => c.new.target === "node02"));
  // Evacuating node02 itself cannot pin there: those instances keep their old placements.
  assert.ok(!d.changes.some((c) => c.request === "evacuation" && c.member === "node02" && c.new.target === "node02"));
  assert.equal(sum(d.counts.old) + d.errors.old, d.replayed);
  assert.equal(sum(d.counts.new) + d.errors.new, d.replayed);
  assert.ok(d.counts.new.node02 > d.counts.old.node02);

  const back = JSON.parse(cli("diff", pin, spread, "--format", "json").stdout) as Diff;
  assert.equal(back.changes.filter((c) => c.request === "new" && c.change === "error-disappears").length, appear.length);

  const text = cli("diff", spread, pin).stdout;
  assert.match(text, /^Placements that change \(\d+\):$/m);
  assert.match(text, /^Errors that appear \(\d+\):$/m);
  assert.match(text, /^  alice-dev \(dev\), new: node\d\d → error: Failed instance placement scriptlet: Failed to run: fail: no dev instances$/m);
  assert.match(text, /^  node02 +8 +\d+ → \d+ +\(\+\d+\)$/m);
});

test("diff input errors exit 2 with a message", () => {
  const r = cli("diff", spread);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^incus-scriptlet diff: diff takes two scriptlet files: OLD\.star NEW\.star$/m);
  const r2 = cli("diff", spread, path.join(tmp, "missing.star"));
  assert.equal(r2.status, 2);
  assert.match(r2.stderr, /cannot read .*missing\.star: no such file/);
});
