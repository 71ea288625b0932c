// `run`'s exit codes (README): 0 every placement succeeds, 1 Incus would refuse something
// (its words in the output), 2 a usage or input error of `run` itself; and the restore
// command's JSON shape (placements + member state), on the bundled sample cluster.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { tempDir } from "../support/temp-dir";

const bin = path.resolve(__dirname, "../../../bin/incus-scriptlet.js");
const root = path.resolve(__dirname, "../../..");
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: root });
const tmp = tempDir("incus-run-");
const ok = path.join(tmp, "ok.placement.star");
writeFileSync(ok, "def instance_placement(request, candidate_members):\n    pass\n");

test("exit 0: every placement succeeds", () => {
  const r = cli("run", ok, "--", "create", "--empty", "c1");
  assert.equal(r.status, 0, r.stderr);
});

test("exit 1: what Incus refuses, in its words, with the JSON still printed", () => {
  for (const [command, error] of [
    [["create", "--empty", "bad_name"], "Invalid instance name: Name can only contain alphanumeric and hyphen characters"],
    [["create", "--empty", "c1", "--bogus"], "unknown flag: --bogus"],
    [["cluster", "evacuate", "node01", "--action", "bogus"], 'Failed to update cluster member state: Invalid value "bogus" (not one of [auto migrate live-migrate stop stateful-stop force-stop])'],
    [["cluster", "restore", "node01"], "Cluster member is already restored"],
  ] as const) {
    const r = cli("run", ok, "--json", "--", ...command);
    assert.equal(r.status, 1, `${command.join(" ")}: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { placements: { error: string | null }[] };
    assert.equal(out.placements.find((p) => p.error)?.error, error);
  }
});

test("exit 2: usage and input errors of run itself; an unknown version lists the known ones", () => {
  const v = cli("run", ok, "--incus-version", "banana", "--", "create", "--empty", "c1");
  assert.equal(v.status, 2);
  assert.match(v.stderr, /unknown Incus version "banana"; known versions: .*6\.0\.4.*7\.3\.0/);
  assert.equal(cli("run", ok, "--", "list").status, 2);
  assert.equal(cli("run", path.join(tmp, "missing.star")).status, 2);
  assert.equal(cli("run", ok, "--", "move", "x", "y").status, 2); // a rename alone is not a placement
});

test("restore: the JSON has the evacuate shape plus the member's state before and after", () => {
  const r = cli("run", ok, "--json", "--", "cluster", "restore", "node04");
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { placements: { reason: string; candidates: string[] }[]; member: { name: string; status_before: string; status_after: string } };
  assert.deepEqual(out.member, { name: "node04", status_before: "Evacuated", status_after: "Online" });
  for (const p of out.placements) if (p.candidates.length) assert.deepEqual([p.reason, p.candidates], ["relocation", ["node04"]]);
});
