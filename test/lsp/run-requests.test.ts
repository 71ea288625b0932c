// The language server's run requests for authorization and QEMU scriptlets, over stdio like an
// editor (protocol.ts: incus/runScriptlet, incus/clusterIdentities, and the CodeLenses): the
// same entry (incus/run) the CLI uses, on the active cluster (a snapshot file).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { CodeLensRequest } from "vscode-languageserver-protocol/node";
import { LspClient } from "../support/lsp-client";
import { Requests, type AccessMatrix, type QemuRunResult, type AuthorizationRunResult } from "../../server/src/lsp/protocol";

const root = path.resolve(__dirname, "../../..");
const AUTHZ = path.join(root, "test/incus/fixtures/authz-cluster.yaml");
const QEMU = path.join(root, "test/incus/fixtures/qemu-cluster.yaml");
let client: LspClient;

before(async () => {
  client = new LspClient();
  await client.initialize();
  await client.setSettings({ activeCluster: AUTHZ });
});
after(async () => client.close());

test("incus/clusterIdentities lists the trust store's client certificates", async () => {
  const r = await client.conn.sendRequest(Requests.clusterIdentities, {});
  assert.deepEqual(r.identities.map((i) => i.id).sort(), ["tls:alice", "tls:bob"]);
  assert.match(r.identities.find((i) => i.id === "tls:bob")!.detail, /restricted to p1/);
});

test("incus/runScriptlet: an access matrix, one decision, and bad input as an error; the CodeLens", async () => {
  const uri = "file:///ws/x.authorization.star";
  const text = 'def authorize(details, object, entitlement):\n    return object.startswith("project:")\n';
  await client.open(uri, text);
  const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as { command?: { command: string } }[];
  assert.deepEqual(lenses.map((l) => l.command?.command), ["incus.runAuthorization"]);
  const m = await client.conn.sendRequest(Requests.runScriptlet, { scriptlet: { uri, text }, question: { kind: "access", identity: "tls:bob" } });
  assert.ok(m.ok, JSON.stringify(m));
  assert.equal(m.response.kind, "access");
  const matrix = m.response.result as AccessMatrix;
  assert.ok(matrix.counts.allowed > 0 && matrix.counts.denied > 0);
  const one = await client.conn.sendRequest(Requests.runScriptlet, { scriptlet: { uri, text }, question: { kind: "authorization", identity: "tls:alice", object: "instance:default/c1", entitlement: "can_view" } });
  assert.ok(one.ok);
  assert.equal((one.response.result as AuthorizationRunResult).allowed, false);
  const bad = await client.conn.sendRequest(Requests.runScriptlet, { scriptlet: { uri, text }, question: { kind: "authorization", identity: "tls:alice", object: "project:p1", entitlement: "can_exec" } });
  assert.ok(!bad.ok);
  assert.match(bad.error, /does not apply to project objects/);
});

test("incus/runScriptlet: a QEMU what-if on another connection", async () => {
  const uri = "file:///ws/x.qemu.star";
  const text = 'def qemu_hook(instance, stage):\n    if stage == "config":\n        set_qemu_cmdline(get_qemu_cmdline() + ["-no-reboot"])\n';
  await client.open(uri, text);
  const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as { command?: { command: string } }[];
  assert.deepEqual(lenses.map((l) => l.command?.command), ["incus.runQemu"]);
  const r = await client.conn.sendRequest(Requests.runScriptlet, { connection: `file:${QEMU}`, scriptlet: { uri, text }, question: { kind: "qemu", instance: "vm1" } });
  assert.ok(r.ok, JSON.stringify(r));
  const result = r.response.result as QemuRunResult;
  assert.equal(result.error, null);
  assert.equal(result.cmdline.after.at(-1), "-no-reboot");
});
