// Differential case: a member offline (issue G3). Stops node3's daemon of the test cluster,
// waits until the cluster marks it OFFLINE (cluster.offline_threshold, 20 s by default),
// captures a snapshot with our CLI (the failed per-member requests are recorded, the snapshot
// loads), then compares our `run --json` with the real command for: an untargeted create
// (node3 left out), `create --target node3` (the scriptlet runs, then forwarding fails) and
// `move --target node3` (`Target cluster member is offline`), evacuating and restoring it. node3 is started again at the end
// the way tools/incus-cluster/start.sh starts it. ~40 s.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, openSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  captureLogs, cleanupInstances, incus, instanceLocation, memberDir, must, requireCluster, setScriptlet,
} from "../../support/incus-cluster";

const ROOT = path.resolve(__dirname, "../../../..");
const CLI = path.join(ROOT, "bin/incus-scriptlet.js");
const INCUSD = process.env.INCUSD || "/usr/libexec/incus/incusd";
const SCRIPTLET = [
  "def instance_placement(request, candidate_members):",
  '    log_info(request.reason, "|", request.name, "|", sorted([c.server_name for c in candidate_members]))',
  '    if request.name == "off-r":',
  "        get_cluster_member_resources(candidate_members[0].server_name)",
  '    if request.name == "off-s":',
  "        get_cluster_member_state(candidate_members[0].server_name)",
  "",
].join("\n");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function status(member: string): Promise<string> {
  const r = await incus(["query", `/1.0/cluster/members/${member}`]);
  return r.code === 0 ? (JSON.parse(r.stdout) as { status: string }).status : "?";
}

async function waitStatus(member: string, want: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await status(member)) !== want) {
    if (Date.now() > deadline) throw new Error(`${member} did not become ${want} within ${ms} ms`);
    await sleep(2000);
  }
}

function startDaemon(i: number): void {
  const d = memberDir(i);
  const out = openSync(path.join(d, "incusd.out"), "a");
  const child = spawn(INCUSD, ["--group", "root", "--logfile", path.join(d, "incusd.log")], {
    env: { ...process.env, INCUS_DIR: d, INCUS_SKIP_INSTANCE_TYPES: "true", INCUS_SECURITY_APPARMOR: "false" },
    detached: true, stdio: ["ignore", out, out],
  });
  child.unref();
  writeFileSync(path.join(d, "incusd.pid"), `${child.pid}\n`);
}

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

let work = "";
let stopped = false;
after(async () => {
  if (stopped) {
    startDaemon(3);
    await waitStatus("node3", "Online", 120_000);
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

test("an offline member: candidates, --target it, move onto it [offline]", { timeout: 300_000 }, async (t) => {
  if (!requireCluster(t)) return;
  await cleanupInstances();
  work = mkdtempSync(path.join(os.tmpdir(), "offline-"));
  must(await incus(["create", "--empty", "off-a", "--target", "node1"]));
  must(await setScriptlet(SCRIPTLET));
  const pid = Number(readFileSync(path.join(memberDir(3), "incusd.pid"), "utf8"));
  process.kill(pid, "SIGTERM");
  stopped = true;
  await waitStatus("node3", "Offline", 90_000);

  const file = path.join(work, "s.star");
  const snap = path.join(work, "snap.json");
  writeFileSync(file, SCRIPTLET);
  const s = cli(["snapshot", "--socket", path.join(memberDir(1), "unix.socket"), "-o", snap]);
  assert.ok(s.code === 0 || s.code === 1, `snapshot: ${s.stderr}`);

  const diffs: string[] = [];
  for (const command of [["create", "--empty", "off-b"], ["create", "--empty", "off-c", "--target", "node3"], ["create", "--empty", "off-r", "--target", "node3"], ["create", "--empty", "off-s", "--target", "node3"], ["move", "off-a", "--target", "node3"], ["cluster", "evacuate", "node3", "--force"], ["cluster", "restore", "node3", "--force"]]) {
    const run = cli(["run", file, "--cluster", snap, "--json", "--", ...command]);
    assert.ok(run.code === 0 || run.code === 1, `run ${command.join(" ")}: ${run.stderr}`);
    const ours = (JSON.parse(run.stdout) as { placements: { instance: string; target: string | null; tied_with?: string[]; error: string | null; incus_message?: string; logs: { message: string }[] }[] }).placements[0];
    const real = await captureLogs(() => incus(command), { members: [1, 2] });
    const realError = real.value.code === 0 ? null : real.value.stderr.replace(/^[\s\S]*?Error: /, "").replace(/^Migration API failure: /, "").trim();
    const ourError = ours.incus_message ?? ours.error;
    if (ourError !== realError) diffs.push(`${command.join(" ")}: error\n  ours:  ${ourError}\n  Incus: ${realError}`);
    if (real.value.code === 0) {
      const landed = await instanceLocation(ours.instance);
      if (![ours.target, ...(ours.tied_with ?? [])].includes(landed ?? null)) diffs.push(`${command.join(" ")}: landed on ${landed}, ours ${ours.target}`);
    }
    const realLogs = real.events.map((e) => e.metadata?.message ?? "").filter((m) => m.startsWith("Instance placement scriptlet")).sort();
    const ourLogs = ours.logs.map((l) => l.message).sort();
    if (JSON.stringify(realLogs) !== JSON.stringify(ourLogs)) diffs.push(`${command.join(" ")}: logs\n  ours:  ${ourLogs.join(" / ")}\n  Incus: ${realLogs.join(" / ")}`);
  }
  startDaemon(3);
  await waitStatus("node3", "Online", 120_000);
  stopped = false;
  await cleanupInstances();
  assert.deepEqual(diffs, []);
});
