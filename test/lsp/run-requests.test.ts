// The language server's run requests for authorization and QEMU scriptlets, over stdio like an
// editor: the same entry (incus/run) the CLI uses, on the active cluster (a snapshot file).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { LspClient } from "../support/lsp-client";

const root = path.resolve(__dirname, "../../..");
let client: LspClient;

before(async () => {
  client = new LspClient();
  await client.initialize();
  await client.setSettings({ activeCluster: path.join(root, "test/incus/fixtures/authz-cluster.yaml") });
});
after(async () => client.close());

test("incus/clusterIdentities lists the trust store's client certificates", async () => {
  const r = (await client.conn.sendRequest("incus/clusterIdentities")) as { identities: { id: string; detail: string }[] };
  assert.deepEqual(r.identities.map((i) => i.id).sort(), ["tls:alice", "tls:bob"]);
  assert.match(r.identities.find((i) => i.id === "tls:bob")!.detail, /restricted to p1/);
});

test("incus/runScriptlet: an access matrix, one decision, and bad input as an error", async () => {
  const uri = "file:///ws/x.authorization.star";
  await client.open(uri, 'def authorize(details, object, entitlement):\n    return object.startswith("project:")\n');
  const m = (await client.conn.sendRequest("incus/runScriptlet", { uri, kind: "access", identity: "tls:bob" })) as { response: { kind: string; result: { counts: Record<string, number>; rows: { object: string }[] } } };
  assert.equal(m.response.kind, "access");
  assert.ok(m.response.result.counts.allowed > 0 && m.response.result.counts.denied > 0);
  const one = (await client.conn.sendRequest("incus/runScriptlet", { uri, kind: "authorization", identity: "tls:alice", object: "instance:default/c1", entitlement: "can_view" })) as { response: { result: { allowed: boolean } } };
  assert.equal(one.response.result.allowed, false);
  const bad = (await client.conn.sendRequest("incus/runScriptlet", { uri, kind: "authorization", identity: "tls:alice", object: "project:p1", entitlement: "can_exec" })) as { error: string };
  assert.match(bad.error, /does not apply to project objects/);
});

test("incus/runScriptlet: a QEMU what-if", async () => {
  await client.setSettings({ activeCluster: path.join(root, "test/incus/fixtures/qemu-cluster.yaml") });
  const instances = (await client.conn.sendRequest("incus/clusterInstances")) as { name: string; type: string }[];
  assert.deepEqual(instances[0], { name: "vm1", project: "default", type: "virtual-machine" });
  const uri = "file:///ws/x.qemu.star";
  await client.open(uri, 'def qemu_hook(instance, stage):\n    if stage == "config":\n        set_qemu_cmdline(get_qemu_cmdline() + ["-no-reboot"])\n');
  const r = (await client.conn.sendRequest("incus/runScriptlet", { uri, kind: "qemu", instance: "vm1" })) as { response: { result: { error: null; cmdline: { after: string[] } } } };
  assert.equal(r.response.result.error, null);
  assert.equal(r.response.result.cmdline.after.at(-1), "-no-reboot");
});
