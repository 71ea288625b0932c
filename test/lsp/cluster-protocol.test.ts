// The client's contract with the language server, over stdio through the shared protocol
// module: connections and sidebar rows, cluster facts, simulations, CodeLenses, the push check,
// and an honest state when the active cluster cannot be loaded. The sample cluster and a
// snapshot file only (test/client/live-incus.test.ts covers a live server).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Notifications, Requests, type ClusterState } from "../../server/src/lsp/protocol";
import { ProtocolClient, SERVER } from "../support/protocol-client";
import { tempDir } from "../support/temp-dir";

const ROOT = path.resolve(__dirname, "../../..");
const ws = tempDir("incus-proto-");
const conf = tempDir("incus-conf-");
copyFileSync(path.join(ROOT, "examples/sample-cluster.yaml"), path.join(ws, "prod.incus-cluster.yaml"));
const settings: Record<string, unknown> = { activeCluster: "sample" };
let c: ProtocolClient;
const spreadUri = pathToFileURL(path.join(ROOT, "examples/spread.placement.star")).toString();
const spread = readFileSync(path.join(ROOT, "examples/spread.placement.star"), "utf8");

before(async () => {
  assert.ok(existsSync(SERVER), `no language server at ${SERVER} (npm run build)`);
  c = new ProtocolClient({ settings: () => settings, env: { ...process.env, INCUS_CONF: conf, INCUS_SOCKET: path.join(conf, "no-daemon.socket") }, rootUri: pathToFileURL(ws).toString() });
  await c.initialize();
});
after(() => c.close());

test("connections: the sample, the workspace's snapshot files (named as snapshots), the local remote", async () => {
  const list = await c.request(Requests.connections);
  assert.deepEqual(list.connections.map((x) => [x.label, x.kind, x.live, x.active]), [
    ["Sample cluster", "sample", false, true],
    ["prod (snapshot)", "snapshot", false, false],
    ["local", "remote", true, false],
  ]);
  assert.equal(list.connections[1].setting, "prod.incus-cluster.yaml", "workspace files are stored relative");
  assert.equal(list.defaultRemote, "local");
});

test("sidebar rows come from the server: connections, then a cluster's categories and members", async () => {
  const roots = await c.request(Requests.treeChildren, {});
  assert.equal(roots[0].label, "Sample cluster");
  const categories = await c.request(Requests.treeChildren, { node: roots[0] });
  const members = await c.request(Requests.treeChildren, { node: categories.find((n) => n.label === "Members")! });
  assert.equal(members.length, 6);
  assert.match(members[0].contextValue, /^member:snapshot:/);
  // An unreachable remote shows its reason under it, not a crash.
  const local = roots.find((r) => r.label === "local")!;
  const under = await c.request(Requests.treeChildren, { node: local });
  assert.equal(under.length, 1);
  assert.match(under[0].tooltip ?? "", /no-daemon\.socket does not exist: is incusd running\?/);
  const again = await c.request(Requests.treeChildren, {});
  assert.match(again.find((r) => r.label === "local")!.contextValue, /:failed$/);
});

test("cluster facts for pickers", async () => {
  const s = await c.request(Requests.clusterSummary, {});
  assert.ok(!("error" in s));
  assert.equal(s.members.length, 6);
  assert.ok(s.groups.some((g) => g.name === "gpu"));
  assert.ok(s.profiles.default.some((p) => p.name === "default"));
  const failed = await c.request(Requests.clusterSummary, { connection: "remote:local" });
  assert.ok("error" in failed);
});

test("simulate runs the text the client sends; failures carry their line; what-ifs use the cluster's own scriptlet", async () => {
  const ok = await c.request(Requests.simulate, { command: ["create", "--empty", "c1"], scriptlet: { uri: spreadUri, text: spread } });
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.equal(ok.result.placements[0].error, null);
  assert.equal(ok.cluster, "Sample cluster");
  assert.equal(ok.connection, "sample");
  const bad = await c.request(Requests.simulate, { command: [], scriptlet: { uri: "file:///x/bad.placement.star", text: "# bad\n\ndef instance_placement(request, candidate_members):\n    set_target(\"node04\")\n" } });
  assert.ok(bad.ok);
  assert.match(bad.result.placements[0].error ?? "", /Invalid member name: node04/);
  assert.equal(bad.entryLine, 2);
  const evac = await c.request(Requests.simulate, { command: ["cluster", "evacuate", "node03"], scriptlet: { configured: true } });
  assert.ok(evac.ok);
  assert.ok(evac.result.placements.length > 1);
  assert.match(evac.scriptlet, /no placement scriptlet configured/);
  const wrong = await c.request(Requests.simulate, { command: ["frobnicate"], scriptlet: { configured: true } });
  assert.ok(!wrong.ok);
});

test("CodeLenses come from the server (LSP codeLens)", async () => {
  await c.open(spreadUri, spread);
  const lenses = (await c.conn.sendRequest("textDocument/codeLens", { textDocument: { uri: spreadUri } })) as { range: { start: { line: number } }; command: { title: string; command: string } }[];
  assert.deepEqual(lenses.map((l) => [l.command.title, l.command.command]), [
    ["$(play) Run placement on Sample cluster", "incus.runPlacement"],
    ["Run as…", "incus.runPlacementAs"],
  ]);
});

test("the push check reports what Incus would refuse, and passes a good scriptlet", async () => {
  const good = await c.request(Requests.checkScriptlet, { text: "def instance_placement(request, candidate_members):\n    pass\n", name: "a.star", version: "7.3" });
  assert.deepEqual(good.errors, []);
  const bad = await c.request(Requests.checkScriptlet, { text: "def instance_placement(request):\n    pass\n", name: "a.star", version: "7.3" });
  assert.equal(bad.errors.length, 1);
});

test("an unavailable active cluster: the state says why, and checks needing it say they were not made", async () => {
  const uri = pathToFileURL(path.join(ws, "target.placement.star")).toString();
  await c.open(uri, "def instance_placement(request, candidate_members):\n    set_target(\"node01\")\n");
  await c.waitFor("diagnostics", () => c.diagnostics.has(uri));
  assert.ok(!c.diagnostics.get(uri)!.some((d) => d.code === "cluster-unavailable"));
  const states: ClusterState[] = [];
  const sub = c.onNotification(Notifications.activeCluster, (s) => states.push(s));
  settings.activeCluster = "remote:local";
  await c.settingsChanged();
  await c.waitFor("failed state", () => states.some((s) => s.state === "failed"));
  const failed = states.find((s) => s.state === "failed")!;
  assert.equal(failed.label, "local");
  assert.ok(failed.state === "failed" && /does not exist: is incusd running\?/.test(failed.error));
  await c.waitFor("not-checked diagnostic", () => !!c.diagnostics.get(uri)?.some((d) => d.code === "cluster-unavailable"));
  const d = c.diagnostics.get(uri)!.find((x) => x.code === "cluster-unavailable")!;
  assert.match(d.message, /^not checked: cluster local unavailable \(Incus socket .* does not exist/);
  const sim = await c.request(Requests.simulate, { command: [], scriptlet: { uri, text: "def instance_placement(request, candidate_members):\n    pass\n" } });
  assert.ok(!sim.ok);
  assert.match(sim.error, /unavailable: Incus socket/);
  settings.activeCluster = "sample";
  await c.settingsChanged();
  await c.waitFor("diagnostic gone", () => !c.diagnostics.get(uri)?.some((x) => x.code === "cluster-unavailable"));
  sub.dispose();
});
