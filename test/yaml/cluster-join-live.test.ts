// Seed 003 on the real cluster: the default project restricted to a cluster group, then a fourth
// member joins with a preseed. The rule's prediction for the cluster's release (6.0.4 here: not
// affected, the join succeeds; an information about placement) is checked against what Incus
// does, and its prediction for 6.0.2 (an error) is checked on the same captured cluster.
// Under the cluster lock; everything is restored afterwards (4th daemon stopped, member removed,
// project and group as they were).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BIN } from "../support/lsp-client";
import { INCUS_TEST_DIR, incus, incusEnv, must, requireCluster } from "../support/incus-cluster";

const NET = process.env.INCUS_TEST_NET || "127.0.0.";
const PORT = process.env.INCUS_TEST_PORT || "8443";
const INCUSD = process.env.INCUSD || "/usr/libexec/incus/incusd";
const GROUP = "seed003";
const NEW = "node4";
const dir4 = path.join(INCUS_TEST_DIR, "m4");

interface Finding { file: string; severity: string; code: string; message: string }

function check(files: string[], snapshot: string, version?: string): Finding[] {
  const args = [BIN, "check", ...files, "--format", "json", "--cluster", snapshot, ...(version ? ["--incus-version", version] : [])];
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  assert.ok(r.status === 0 || r.status === 1, `check failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as Finding[]).filter((d) => d.code === "yaml-join-restricted-groups");
}

/** Stop the 4th daemon (only ours: its environment names its INCUS_DIR) and remove its state. */
function stopFourth(pid: number | undefined): void {
  const pidFile = path.join(dir4, "incusd.pid");
  const candidates = [pid, existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : undefined].filter((p): p is number => !!p);
  for (const p of candidates) {
    try {
      const env = readFileSync(`/proc/${p}/environ`, "utf8").split("\0");
      if (env.includes(`INCUS_DIR=${dir4}`)) process.kill(p, "SIGTERM");
    } catch {
      // already gone
    }
  }
  for (let i = 0; i < 40 && candidates.some((p) => existsSync(`/proc/${p}`)); i++) spawnSync("sleep", ["0.25"]);
  for (const p of candidates) if (existsSync(`/proc/${p}`)) try { process.kill(p, "SIGKILL"); } catch { /* gone */ }
  // incusd mounts below its state dir (shmounts, guestapi): unmount before removing.
  const mounts = readFileSync("/proc/mounts", "utf8").split("\n").map((l) => l.split(" ")[1]).filter((m) => m && m.startsWith(dir4)).sort().reverse();
  for (const m of mounts) spawnSync("umount", ["-l", m]);
  rmSync(dir4, { recursive: true, force: true });
}

test("a fourth member joins a cluster whose default project is restricted to a group, as the rule predicts", { timeout: 240_000 }, async (t) => {
  if (!requireCluster(t)) return;
  if (process.getuid?.() !== 0) return t.skip("starting a 4th incusd needs root");
  if (!existsSync(INCUSD)) return t.skip(`${INCUSD} not found`);
  const work = mkdtempSync(path.join(os.tmpdir(), "seed003-"));
  const before = JSON.parse(must(await incus(["query", "/1.0/projects/default"]))) as { config: Record<string, string> };
  let pid: number | undefined;
  try {
    // A leftover of an interrupted run.
    if ((await incus(["cluster", "show", NEW])).code === 0) await incus(["cluster", "remove", NEW, "--force", "--yes"]);
    stopFourth(undefined);

    must(await incus(["cluster", "group", "create", GROUP]), "group create");
    must(await incus(["cluster", "group", "assign", "node2", `default,${GROUP}`]), "group assign");
    must(await incus(["project", "set", "default", `restricted.cluster.groups=${GROUP}`, "restricted=true"]), "restrict default");

    const snapshot = path.join(work, "cluster.incus-cluster.yaml");
    const snap = spawnSync(process.execPath, [BIN, "snapshot", "--socket", path.join(INCUS_TEST_DIR, "m1", "unix.socket"), "-o", snapshot], { encoding: "utf8" });
    assert.equal(snap.status, 0, snap.stderr);
    const version = (JSON.parse(must(await incus(["query", "/1.0"]))) as { environment: { server_version: string } }).environment.server_version;

    const token = must(await incus(["cluster", "add", NEW, "--quiet"]), "cluster add").trim();
    const preseed = [
      "cluster:",
      "  enabled: true",
      `  server_name: ${NEW}`,
      `  server_address: ${NET}4:${PORT}`,
      `  cluster_token: ${token}`,
      "  member_config:",
      "  - entity: storage-pool",
      "    name: local",
      "    key: source",
      '    value: ""',
      "",
    ].join("\n");
    const file = path.join(work, "join.preseed.yaml");
    writeFileSync(file, preseed);

    // The rule, on the captured cluster: its own release, and 6.0.2 (the affected one).
    const own = check([file], snapshot);
    const affected = check([file], snapshot, "6.0.2");
    assert.deepEqual(affected.map((d) => d.severity), ["error"]);
    assert.match(affected[0].message, new RegExp(`Cluster group "${GROUP}" doesn't exist`));

    // The real join.
    mkdirSync(dir4, { recursive: true });
    chmodSync(dir4, 0o711);
    const daemon = spawn(INCUSD, ["--group", "root", "--logfile", path.join(dir4, "incusd.log")], {
      env: { ...process.env, INCUS_DIR: dir4, INCUS_SKIP_INSTANCE_TYPES: "true", INCUS_SECURITY_APPARMOR: "false" },
      detached: true,
      stdio: "ignore",
    });
    pid = daemon.pid;
    daemon.unref();
    writeFileSync(path.join(dir4, "incusd.pid"), String(pid));
    const env4 = { ...incusEnv(1), INCUS_DIR: dir4 };
    const ready = spawnSync("incus", ["admin", "waitready", "--timeout=60"], { env: env4, encoding: "utf8" });
    assert.equal(ready.status, 0, ready.stderr);
    const join = spawnSync("incus", ["admin", "init", "--preseed"], { env: env4, input: preseed, encoding: "utf8", timeout: 120_000 });

    const affectedRelease = ["6.0.2"].includes(version);
    if (affectedRelease) {
      assert.notEqual(join.status, 0);
      assert.match(join.stderr, new RegExp(`Cluster group "${GROUP}" doesn't exist`));
      assert.deepEqual(own.map((d) => d.severity), ["error"]);
    } else {
      assert.equal(join.status, 0, `the join failed on Incus ${version}: ${join.stderr}`);
      assert.deepEqual(own.map((d) => d.severity), ["information"], `the rule on ${version}: ${JSON.stringify(own)}`);
      const members = JSON.parse(must(await incus(["query", `/1.0/cluster/members/${NEW}`]))) as { status: string; groups: string[] };
      assert.equal(members.status, "Online");
      // What the information says: the new member is in default only, not in the restricted group.
      assert.deepEqual(members.groups, ["default"]);
    }
  } finally {
    if ((await incus(["cluster", "show", NEW])).code === 0) {
      const removed = await incus(["cluster", "remove", NEW, "--yes"]);
      if (removed.code !== 0) await incus(["cluster", "remove", NEW, "--force", "--yes"]);
    }
    stopFourth(pid);
    const restore = Object.fromEntries(["restricted", "restricted.cluster.groups"].map((k) => [k, before.config[k]]));
    for (const [k, v] of Object.entries(restore)) await incus(v === undefined ? ["project", "unset", "default", k] : ["project", "set", "default", `${k}=${v}`]);
    await incus(["cluster", "group", "assign", "node2", "default"]);
    await incus(["cluster", "group", "delete", GROUP]);
    rmSync(work, { recursive: true, force: true });
  }
});
