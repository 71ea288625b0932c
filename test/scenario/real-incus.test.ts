// Scenario tests, the failure matrix and the placement diff against a real Incus cluster:
// capture the cluster with our `snapshot --socket`, run our command on the snapshot, do the same
// thing for real, and check they agree — the `expect` of each passing scenario is what the real
// cluster did (target, error text, log lines, evacuation placements).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { tempDir } from "../support/temp-dir";
import {
  captureLogs, cleanupInstances, clusterAvailable, incus, instanceLocation, listInstances, memberDir, must, requireCluster, setScriptlet,
} from "../support/incus-cluster";

const ROOT = path.resolve(__dirname, "../../..");
const CLI = path.join(ROOT, "bin/incus-scriptlet.js");
const SOCKET = path.join(memberDir(1), "unix.socket");
const work = tempDir("incus-scenario-real-");

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** What the incus client prints after `Error: `. */
function realError(stderr: string): string {
  const i = stderr.indexOf("Error: ");
  return (i >= 0 ? stderr.slice(i + 7) : stderr).trim();
}

// Prefers node3, else the alphabetically last candidate; a tier "bad" request names a member
// that does not exist (Incus refuses it).
const PREFER_NODE3 = `def instance_placement(request, candidate_members):
    names = sorted([m.server_name for m in candidate_members])
    log_info("placing ", request.name, " reason ", request.reason, " among ", len(names))
    if request.config.get("user.tier") == "bad":
        set_target("nowhere")
        return
    if "node3" in names:
        set_target("node3")
    elif len(names) > 0:
        set_target(names[-1])
`;

// The changed policy for the diff: node2 first.
const PREFER_NODE2 = PREFER_NODE3.replaceAll("node3", "node2");

before(async () => {
  if (!clusterAvailable()) return;
  requireCluster();
  await cleanupInstances();
  for (const [name, member] of [["scen-x1", "node1"], ["scen-x2", "node1"], ["scen-y1", "node2"]]) {
    must(await incus(["create", "--empty", name, "--target", member, "-c", "user.tier=silver"]), `creating ${name}`);
  }
  must(await setScriptlet(PREFER_NODE3), "setting the scriptlet");
});

after(async () => {
  if (clusterAvailable()) await cleanupInstances();
});

async function capture(name: string): Promise<string> {
  const snap = path.join(work, name);
  const s = await cli(["snapshot", "--socket", SOCKET, "-o", snap]);
  assert.equal(s.code, 0, `our snapshot failed: ${s.stderr}`);
  return snap;
}

test("a scenario test file passes on the captured cluster, and each expect is what the real cluster does", async (t) => {
  if (!requireCluster(t)) return;
  const snap = await capture("real.incus-cluster.json");
  writeFileSync(path.join(work, "prefer.placement.star"), PREFER_NODE3);
  const testFile = path.join(work, "real.placement.test.yaml");
  const expected = {
    create: { target: "node3", log: "placing scen-a reason new among 3" },
    refused: "Failed instance placement scriptlet: Failed to run: Invalid member name: nowhere",
  };
  writeFileSync(testFile, [
    "scriptlet: prefer.placement.star",
    `cluster: ${path.basename(snap)}`,
    "cases:",
    "  - name: a new instance goes to node3",
    "    run: create --empty scen-a",
    `    expect: {target: ${expected.create.target}, error: null, logs_contain: ["${expected.create.log}"]}`,
    "  - name: a bad tier is refused by Incus",
    "    run: create --empty scen-b -c user.tier=bad",
    `    expect: {error: "${expected.refused}"}`,
    "  - name: evacuating node1 moves both instances to node3",
    "    run: cluster evacuate node1 --force",
    "    expect: {placements: 2, target: node3, logs_contain: [\"placing scen-x1 reason evacuation among 2\"]}",
    "  - name: with node3 evacuated, node2 takes new instances",
    "    given: {evacuated: [node3]}",
    "    run: create --empty scen-c",
    "    expect: {target: node2}",
    "",
  ].join("\n"));
  const ours = await cli(["test", testFile]);
  assert.equal(ours.code, 0, ours.stdout + ours.stderr);
  assert.match(ours.stdout, /^4 passed, 0 failed$/m);

  // The same commands, for real.
  const a = await captureLogs(() => incus(["create", "--empty", "scen-a"]));
  assert.equal(a.value.code, 0, a.value.stderr);
  assert.equal(await instanceLocation("scen-a"), expected.create.target);
  assert.ok(a.logs.some((l) => l.message.includes(expected.create.log)), JSON.stringify(a.logs));

  const b = await incus(["create", "--empty", "scen-b", "-c", "user.tier=bad"]);
  assert.notEqual(b.code, 0);
  assert.equal(realError(b.stderr), expected.refused);

  const ev = await captureLogs(() => incus(["cluster", "evacuate", "node1", "--force"]));
  assert.equal(ev.value.code, 0, ev.value.stderr);
  assert.equal(await instanceLocation("scen-x1"), "node3");
  assert.equal(await instanceLocation("scen-x2"), "node3");
  assert.ok(ev.logs.some((l) => l.message.includes("placing scen-x1 reason evacuation among 2")), JSON.stringify(ev.logs));
  must(await incus(["cluster", "restore", "node1", "--force"]), "restoring node1");

  must(await incus(["cluster", "evacuate", "node3", "--force"]), "evacuating node3");
  try {
    const c = await incus(["create", "--empty", "scen-c"]);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(await instanceLocation("scen-c"), "node2");
  } finally {
    must(await incus(["cluster", "restore", "node3", "--force"]), "restoring node3");
  }
  for (const name of ["scen-a", "scen-c"]) must(await incus(["delete", "--force", name]), `deleting ${name}`);
});

test("the failure matrix of the captured cluster: baseline and node1's evacuation agree with the real cluster", async (t) => {
  if (!requireCluster(t)) return;
  const snap = await capture("matrix.incus-cluster.json");
  const file = path.join(work, "prefer.placement.star");
  writeFileSync(file, PREFER_NODE3);
  const r = await cli(["matrix", file, "--cluster", snap, "--format", "json", "--", "create", "--empty", "scen-m"]);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const m = JSON.parse(r.stdout) as { scenarios: { id: string; outcome: string; evacuation: { instance: string; target: string | null }[]; command: { target: string | null }[]; counts: Record<string, number> }[] };
  const baseline = m.scenarios.find((s) => s.id === "baseline")!;
  const evac = m.scenarios.find((s) => s.id === "evacuate:node1")!;
  assert.deepEqual(m.scenarios.map((s) => s.outcome), m.scenarios.map(() => "ok"));

  const real = await incus(["create", "--empty", "scen-m"]);
  assert.equal(real.code, 0, real.stderr);
  assert.equal(await instanceLocation("scen-m"), baseline.command[0].target);
  must(await incus(["delete", "--force", "scen-m"]), "deleting scen-m");

  must(await incus(["cluster", "evacuate", "node1", "--force"]), "evacuating node1");
  try {
    for (const p of evac.evacuation) assert.equal(await instanceLocation(p.instance), p.target, p.instance);
    // After the evacuation, the matrix's command lands where the real one does.
    const after = await incus(["create", "--empty", "scen-m"]);
    assert.equal(after.code, 0, after.stderr);
    assert.equal(await instanceLocation("scen-m"), evac.command[0].target);
    // And the per-member counts are the real ones.
    const real = await listInstances();
    for (const [member, n] of Object.entries(evac.counts)) assert.equal(real.filter((i) => i.location === member).length, n, member);
  } finally {
    await incus(["delete", "--force", "scen-m"]);
    must(await incus(["cluster", "restore", "node1", "--force"]), "restoring node1");
  }
});

test("the placement diff of the captured cluster: a replay under the new scriptlet lands where a real creation does", async (t) => {
  if (!requireCluster(t)) return;
  const snap = await capture("diff.incus-cluster.json");
  const oldFile = path.join(work, "old.placement.star");
  const newFile = path.join(work, "new.placement.star");
  writeFileSync(oldFile, PREFER_NODE3);
  writeFileSync(newFile, PREFER_NODE2);
  const r = await cli(["diff", oldFile, newFile, "--cluster", snap, "--format", "json"]);
  assert.equal(r.code, 1, r.stderr);
  const d = JSON.parse(r.stdout) as { changes: { request: string; instance: string; member?: string; old: { target: string | null }; new: { target: string | null } }[] };
  const replay = d.changes.find((c) => c.request === "new" && c.instance === "scen-y1");
  assert.deepEqual(replay && [replay.old.target, replay.new.target], ["node3", "node2"]);
  const evac = d.changes.filter((c) => c.request === "evacuation" && c.member === "node1");
  assert.deepEqual(evac.map((c) => [c.instance, c.old.target, c.new.target]), [["scen-x1", "node3", "node2"], ["scen-x2", "node3", "node2"]]);

  // Real: the new scriptlet on the cluster, scen-y1's request sent again under another name.
  must(await setScriptlet(PREFER_NODE2), "setting the new scriptlet");
  try {
    const c = await incus(["create", "--empty", "scen-y1-again", "-c", "user.tier=silver"]);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(await instanceLocation("scen-y1-again"), replay!.new.target);
    must(await incus(["delete", "--force", "scen-y1-again"]), "deleting the copy");
    must(await incus(["cluster", "evacuate", "node1", "--force"]), "evacuating node1");
    for (const e of evac) assert.equal(await instanceLocation(e.instance), e.new.target, e.instance);
    must(await incus(["cluster", "restore", "node1", "--force"]), "restoring node1");
  } finally {
    must(await setScriptlet(PREFER_NODE3), "setting the old scriptlet back");
  }
});
