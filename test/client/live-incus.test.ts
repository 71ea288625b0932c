// The extension's live paths against the real three-member test cluster
// (tools/incus-cluster/start.sh): loading a remote, /1.0/events over the unix socket, ETag-guarded
// saves of a config document, pushing the placement scriptlet, evacuate/restore operations.
// Skips when the cluster is down (fails under CI), and holds the cluster lock while it runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { unixTarget } from "../../server/src/incus/client/target";
import { incusEnv, loadCluster } from "../../client/src/clusters/cluster-loader";
import { apiPath, PLACEMENT_KEY, toDocument, toPutBody, type ConfigResource } from "../../client/src/config-fs/config-resource";
import { IncusEventStream, type IncusEvent } from "../../client/src/incus/event-stream";
import { IncusRest, isEtagMismatch } from "../../client/src/incus/rest";
import { configuredScriptlet, simulateOn } from "../../client/src/placement/local-simulation";
import { describeWhatIf } from "../../client/src/placement/what-if";
import { memberDir, requireCluster } from "../support/incus-cluster";

const socket = () => path.join(memberDir(1), "unix.socket");
/** An incus client config with no config.yml (only the built-in `local`) and the test socket. */
const env = () => incusEnv(mkdtempSync(path.join(os.tmpdir(), "incus-conf-")), { ...process.env, INCUS_SOCKET: socket() });

const waitFor = async (what: string, cond: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

test("live: remote `local` loads as a cluster the sidebar can show", async (t) => {
  if (!requireCluster(t)) return;
  const cluster = await loadCluster({ kind: "remote", name: "local" }, { env: env() });
  assert.equal(cluster.model.members.length, 3);
  assert.equal(cluster.target?.kind, "unix");
  assert.match(cluster.source, /unix socket/);
});

test("live: a config document saves with its ETag; a stale ETag is refused and nothing is overwritten; events arrive", async (t) => {
  if (!requireCluster(t)) return;
  const rest = new IncusRest(unixTarget(socket()));
  const name = `vscode-test-${randomUUID().slice(0, 8)}`;
  const events: IncusEvent[] = [];
  const stream = new IncusEventStream(unixTarget(socket()), { onEvent: (e) => events.push(e), log: () => undefined });
  stream.start();
  await new Promise((r) => setTimeout(r, 300));
  await rest.post("/1.0/profiles", { name, description: "created by the VS Code client test", config: {} });
  try {
    await waitFor("profile-created event", () => events.some((e) => e.metadata?.action === "profile-created" && String(e.metadata?.source).endsWith(name)));
    const r: ConfigResource = { kind: "profile", remote: "local", project: "default", name };
    const read = await rest.get<Record<string, unknown>>(apiPath(r));
    assert.ok(read.etag, "Incus sends an ETag");
    const doc = toDocument(r, read.metadata);
    await rest.put(apiPath(r), toPutBody(r, doc.replace("config: {}", "config:\n  limits.cpu: 2"), read.metadata), read.etag);
    const after = await rest.get<{ config: Record<string, string> }>(apiPath(r));
    assert.equal(after.metadata.config["limits.cpu"], "2");
    // The document read first is now stale: saving it again must be refused, leaving limits.cpu alone.
    await assert.rejects(rest.put(apiPath(r), toPutBody(r, doc.replace("config: {}", "config:\n  limits.cpu: 3"), read.metadata), read.etag), (e: unknown) => isEtagMismatch(e));
    assert.equal((await rest.get<{ config: Record<string, string> }>(apiPath(r))).metadata.config["limits.cpu"], "2");
    // Incus's own refusal of a bad value comes back in its words.
    await assert.rejects(rest.put(apiPath(r), toPutBody(r, "config:\n  limits.cpu: lots\n", read.metadata), after.etag), /Invalid CPU limit/);
  } finally {
    stream.stop();
    await rest.delete(`/1.0/profiles/${name}`);
  }
});

test("live: pushing the placement scriptlet changes only that key, guarded by the server ETag; Incus validates it", async (t) => {
  if (!requireCluster(t)) return;
  const rest = new IncusRest(unixTarget(socket()));
  const r: ConfigResource = { kind: "placementScriptlet", remote: "local" };
  const before = await rest.get<Record<string, unknown>>("/1.0");
  const original = toDocument(r, before.metadata);
  try {
    const src = "def instance_placement(request, candidate_members):\n    log_info(\"vscode test\")\n";
    await rest.put("/1.0", toPutBody(r, src, before.metadata), before.etag);
    const now = await rest.get<{ config: Record<string, string> }>("/1.0");
    assert.equal(now.metadata.config[PLACEMENT_KEY], src);
    // Incus refuses a scriptlet with the wrong entry point parameters.
    await assert.rejects(rest.put("/1.0", toPutBody(r, "def instance_placement(request):\n    pass\n", now.metadata), now.etag), /instance_placement/);
  } finally {
    const current = await rest.get<Record<string, unknown>>("/1.0");
    await rest.put("/1.0", toPutBody(r, original, current.metadata), current.etag);
  }
});

test("live: evacuate and restore a member as operations, the what-if naming the instances", async (t) => {
  if (!requireCluster(t)) return;
  const cluster = await loadCluster({ kind: "remote", name: "local" }, { env: env() });
  const member = "node3";
  const { src } = configuredScriptlet(cluster.snapshot);
  const whatIf = describeWhatIf(await simulateOn(cluster.snapshot, src, ["cluster", "evacuate", member]), member);
  assert.equal(whatIf.moves.length + whatIf.failures.length, cluster.model.instancesOn(member).length);
  const rest = new IncusRest(unixTarget(socket()), 120_000);
  const state = async () => (await rest.get<{ status: string }>(`/1.0/cluster/members/${member}`)).metadata.status;
  assert.equal(await state(), "Online");
  try {
    const started = await rest.post(`/1.0/cluster/members/${member}/state`, { action: "evacuate" });
    assert.equal(started.type, "async");
    await rest.waitOperation(started.operation!);
    assert.equal(await state(), "Evacuated");
  } finally {
    const restore = await rest.post(`/1.0/cluster/members/${member}/state`, { action: "restore" });
    await rest.waitOperation(restore.operation!);
  }
  assert.equal(await state(), "Online");
});
