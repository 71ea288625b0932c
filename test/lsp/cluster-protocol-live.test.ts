// The server's live paths against the real three-member test cluster (tools/incus-cluster),
// through the shared protocol over stdio as the VS Code client uses them: a remote loads as a
// cluster, a write made through incus/apiCall goes with its ETag (a stale one is refused and
// nothing is overwritten), /1.0/events makes the server reload and tell the client, the
// placement scriptlet is pushed and validated by Incus, evacuate/restore run as operations with
// the what-if simulated first. Skips when the cluster is down; holds the cluster lock.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { apiPath, PLACEMENT_KEY, toDocument, toPutBody, type ConfigResource } from "../../client/src/config-fs/config-resource";
import { describeWhatIf } from "../../client/src/placement/what-if";
import { Notifications, Requests, type ApiCallAnswer } from "../../server/src/lsp/protocol";
import { clusterProblem, incus, lockCluster, memberDir, must, requireCluster } from "../support/incus-cluster";
import { busyboxProblem, ensureBusyboxImage } from "../support/busybox-image";
import { ProtocolClient } from "../support/protocol-client";
import { tempDir } from "../support/temp-dir";

const connection = "remote:local";
let c: ProtocolClient;
const changed: (string | undefined)[] = [];

before(async () => {
  if (clusterProblem()) return;
  lockCluster();
  // No config.yml (only the built-in `local` remote), and the test cluster's socket.
  const conf = tempDir("incus-conf-");
  c = new ProtocolClient({ settings: () => ({ activeCluster: connection }), env: { ...process.env, INCUS_CONF: conf, INCUS_SOCKET: path.join(memberDir(1), "unix.socket") } });
  c.onNotification(Notifications.clusterChanged, (p) => changed.push(p.connection));
  await c.initialize();
});
after(() => c?.close());

const call = async (p: Omit<Parameters<typeof c.request<{ connection: string }, ApiCallAnswer>>[1], "connection"> & Record<string, unknown>) =>
  c.request(Requests.apiCall, { connection, ...(p as object) } as never) as Promise<ApiCallAnswer>;
const ok = <T>(a: ApiCallAnswer): T => {
  assert.ok(a.ok, a.ok ? "" : a.error);
  return a.metadata as T;
};

test("live: remote `local` loads as a cluster the sidebar can show", async (t) => {
  if (!requireCluster(t)) return;
  const s = await c.request(Requests.clusterSummary, { connection });
  assert.ok(!("error" in s), "error" in s ? s.error : "");
  assert.equal(s.members.length, 3);
  assert.equal(s.connection.live, true);
  const state = await c.request(Requests.clusterState, { connection });
  assert.equal(state.state, "ready");
  assert.ok(state.state === "ready" && /unix socket|unix\.socket/.test(state.source), JSON.stringify(state));
});

test("live: a write goes with its ETag; a stale ETag is refused and nothing is overwritten; the event reloads the cluster", async (t) => {
  if (!requireCluster(t)) return;
  const name = `vscode-test-${randomUUID().slice(0, 8)}`;
  await c.request(Requests.clusterSummary, { connection }); // loaded: the server follows its events
  await new Promise((r) => setTimeout(r, 500));
  const before = (await c.request(Requests.clusterState, { connection })) as { generation?: number };
  changed.length = 0;
  ok(await call({ method: "POST", path: "/1.0/profiles", body: { name, description: "created by the protocol test", config: {} } }));
  try {
    const r: ConfigResource = { kind: "profile", remote: "local", project: "default", name };
    const read = await call({ method: "GET", path: apiPath(r) });
    assert.ok(read.ok && read.etag, "Incus sends an ETag");
    const metadata = ok<Record<string, unknown>>(read);
    const doc = toDocument(r, metadata);
    ok(await call({ method: "PUT", path: apiPath(r), body: toPutBody(r, doc.replace("config: {}", "config:\n  limits.cpu: 2"), metadata), etag: read.etag }));
    // The document read first is now stale: saving it again must be refused, leaving limits.cpu alone.
    const stale = await call({ method: "PUT", path: apiPath(r), body: toPutBody(r, doc.replace("config: {}", "config:\n  limits.cpu: 3"), metadata), etag: read.etag });
    assert.ok(!stale.ok && stale.etagMismatch, JSON.stringify(stale));
    assert.equal(ok<{ config: Record<string, string> }>(await call({ method: "GET", path: apiPath(r) })).config["limits.cpu"], "2");
    // Incus's own refusal of a bad value comes back in its words.
    const bad = await call({ method: "PUT", path: apiPath(r), body: toPutBody(r, "config:\n  limits.cpu: lots\n", metadata) });
    assert.ok(!bad.ok && /Invalid CPU limit/.test(bad.error), JSON.stringify(bad));
    // The server reloaded the cluster and told the client.
    await c.waitFor("clusterChanged for remote:local", () => changed.includes(connection));
    let generation = 0;
    const end = Date.now() + 15_000;
    while (generation <= (before.generation ?? 0) && Date.now() < end) {
      generation = ((await c.request(Requests.clusterState, { connection })) as { generation?: number }).generation ?? 0;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(generation > (before.generation ?? 0), "the cluster was loaded again after the change");
  } finally {
    await call({ method: "DELETE", path: `/1.0/profiles/${name}` });
  }
});

test("live: pushing the placement scriptlet changes only that key, guarded by the server ETag; Incus validates it", async (t) => {
  if (!requireCluster(t)) return;
  const r: ConfigResource = { kind: "placementScriptlet", remote: "local" };
  const first = await call({ method: "GET", path: "/1.0" });
  const original = toDocument(r, ok(first));
  try {
    const src = "def instance_placement(request, candidate_members):\n    log_info(\"vscode test\")\n";
    ok(await call({ method: "PUT", path: "/1.0", body: toPutBody(r, src, ok(first)), etag: first.ok ? first.etag : undefined }));
    const now = await call({ method: "GET", path: "/1.0" });
    assert.equal(ok<{ config: Record<string, string> }>(now).config[PLACEMENT_KEY], src);
    // Incus refuses a scriptlet with the wrong entry point parameters.
    const refused = await call({ method: "PUT", path: "/1.0", body: toPutBody(r, "def instance_placement(request):\n    pass\n", ok(now)), etag: now.ok ? now.etag : undefined });
    assert.ok(!refused.ok && /instance_placement/.test(refused.error), JSON.stringify(refused));
  } finally {
    const current = await call({ method: "GET", path: "/1.0" });
    ok(await call({ method: "PUT", path: "/1.0", body: toPutBody(r, original, ok(current)), etag: current.ok ? current.etag : undefined }));
  }
});

test("live: evacuate and restore a member as operations, the what-if naming the instances", async (t) => {
  if (!requireCluster(t)) return;
  const member = "node3";
  const summary = await c.request(Requests.clusterSummary, { connection, force: true });
  assert.ok(!("error" in summary));
  const sim = await c.request(Requests.simulate, { connection, command: ["cluster", "evacuate", member], scriptlet: { configured: true } });
  assert.ok(sim.ok, sim.ok ? "" : sim.error);
  const whatIf = describeWhatIf(sim.result, member);
  assert.equal(whatIf.moves.length + whatIf.failures.length, summary.instances.filter((i) => i.location === member).length);
  const status = async () => ok<{ status: string }>(await call({ method: "GET", path: `/1.0/cluster/members/${member}` })).status;
  assert.equal(await status(), "Online");
  try {
    const done = await call({ method: "POST", path: `/1.0/cluster/members/${member}/state`, body: { action: "evacuate" }, wait: true });
    assert.ok(done.ok, done.ok ? "" : done.error);
    assert.equal(await status(), "Evacuated");
  } finally {
    const restored = await call({ method: "POST", path: `/1.0/cluster/members/${member}/state`, body: { action: "restore" }, wait: true });
    assert.ok(restored.ok, restored.ok ? "" : restored.error);
  }
  assert.equal(await status(), "Online");
});

test("live: a shell in a running container over the exec websockets: output, input, resize, exit code", { timeout: 120_000 }, async (t) => {
  if (!requireCluster(t)) return;
  const problem = busyboxProblem();
  if (problem) return t.skip(problem);
  const image = await ensureBusyboxImage();
  const name = `shell-${randomUUID().slice(0, 6)}`;
  must(await incus(["launch", image, name, "--target", "node1"]), "incus launch");
  const output: string[] = [];
  const exits: { id: string; code?: number }[] = [];
  const subOut = c.onNotification(Notifications.terminalOutput, (p) => output.push(p.data));
  const subExit = c.onNotification(Notifications.terminalExit, (p) => exits.push(p));
  try {
    const open = await c.request(Requests.terminalOpen, { connection, project: "default", instance: name, kind: "shell", cols: 80, rows: 24 });
    assert.ok(open.ok, open.ok ? "" : open.error);
    const text = () => output.join("");
    await c.conn.sendNotification(Notifications.terminalInput, { id: open.id, data: "echo hi-$((40+2))\r" });
    await c.waitFor("the command's output", () => /hi-42/.test(text()));
    await c.conn.sendNotification(Notifications.terminalResize, { id: open.id, cols: 132, rows: 40 });
    await c.conn.sendNotification(Notifications.terminalInput, { id: open.id, data: "stty size\r" });
    await c.waitFor("the new size", () => /40 132/.test(text()));
    await c.conn.sendNotification(Notifications.terminalInput, { id: open.id, data: "exit 3\r" });
    await c.waitFor("the exit", () => exits.some((e) => e.id === open.id));
    assert.equal(exits.find((e) => e.id === open.id)!.code, 3);
    // The text console attaches (the container's /dev/console); closing detaches, the container keeps running.
    const consoleOpen = await c.request(Requests.terminalOpen, { connection, project: "default", instance: name, kind: "console", cols: 80, rows: 24 });
    assert.ok(consoleOpen.ok, consoleOpen.ok ? "" : consoleOpen.error);
    await c.conn.sendNotification(Notifications.terminalClose, { id: consoleOpen.id });
    assert.equal(ok<{ status: string }>(await call({ method: "GET", path: `/1.0/instances/${name}` })).status, "Running");
    // Files through the file API: a file's text, a directory's entries, a missing path's reason.
    const file = await c.request(Requests.instanceContent, { connection, project: "default", instance: name, what: "file", path: "/etc/hello.txt" });
    assert.ok(file.ok && file.type === "file" && file.text === "hello from busybox\n", JSON.stringify(file));
    const dir = await c.request(Requests.instanceContent, { connection, project: "default", instance: name, what: "file", path: "/etc" });
    assert.ok(dir.ok && dir.type === "directory" && dir.entries!.includes("hello.txt"), JSON.stringify(dir));
    const missing = await c.request(Requests.instanceContent, { connection, project: "default", instance: name, what: "file", path: "/nope" });
    assert.ok(!missing.ok && /not found|no such file/i.test(missing.error), JSON.stringify(missing));
    // Log files: listed through the API, read as text.
    const logs = await call({ method: "GET", path: `/1.0/instances/${name}/logs` });
    const names = ok<string[]>(logs).map((u) => u.split("/").pop()!);
    assert.ok(names.length > 0, "the container has log files");
    const log = await c.request(Requests.instanceContent, { connection, project: "default", instance: name, what: "log", path: names[0] });
    assert.ok(log.ok && log.type === "file", JSON.stringify(log).slice(0, 300));
    // A stopped instance cannot run a shell: Incus says why.
    must(await incus(["stop", "--force", name]), "incus stop");
    const refused = await c.request(Requests.terminalOpen, { connection, project: "default", instance: name, kind: "shell", cols: 80, rows: 24 });
    assert.ok(!refused.ok && /not running/i.test(refused.error), JSON.stringify(refused));
  } finally {
    subOut.dispose();
    subExit.dispose();
    await incus(["delete", "--force", name]);
  }
});
