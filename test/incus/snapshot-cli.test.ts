// `incus-scriptlet snapshot`: argument errors, a clear message for a missing socket, and
// (with the test cluster) a written snapshot that loads back with the cluster's members.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSnapshot } from "../../server/src/incus/snapshot";
import { memberDir, requireCluster } from "../support/incus-cluster";

const bin = path.resolve(__dirname, "../../../bin/incus-scriptlet.js");

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [bin, "snapshot", ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
}

test("snapshot --help prints usage; bad arguments exit 2", () => {
  const help = run(["--help"]);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: incus-scriptlet snapshot \[--remote NAME \| --socket PATH\] \[-o FILE\]/);
  const bad = run(["--frob"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown argument "--frob"/);
  const both = run(["--remote", "a", "--socket", "/s"]);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /exclude each other/);
});

test("snapshot against a missing socket exits 1 with one clear line", () => {
  const r = run(["--socket", "/nonexistent/incus.socket"]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr, "incus-scriptlet snapshot: Incus socket /nonexistent/incus.socket does not exist: is incusd running? (set INCUS_SOCKET or INCUS_DIR, or pass --socket)\n");
});

test("live: snapshot -o FILE writes YAML that loads back with the three members", (t) => {
  if (!requireCluster(t)) return;
  const dir = mkdtempSync(path.join(os.tmpdir(), "snapshot-cli-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "live.incus-cluster.yaml");
  const r = run(["--socket", path.join(memberDir(1), "unix.socket"), "-o", file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(file, "utf8"), /^# Incus cluster snapshot captured from unix socket /);
  const loaded = loadSnapshot(file);
  assert.equal(loaded.errors, undefined, JSON.stringify(loaded.errors));
  assert.deepEqual(loaded.snapshot!.members.map((m) => m.server_name).sort(), ["node1", "node2", "node3"]);

  const json = path.join(dir, "live.incus-cluster.json");
  assert.equal(run(["--socket", path.join(memberDir(1), "unix.socket"), "-o", json]).status, 0);
  assert.equal(JSON.parse(readFileSync(json, "utf8")).members.length, 3);
});
