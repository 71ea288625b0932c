// Incus YAML through the real language server over stdio: diagnostics on the right lines,
// completion of keys, a scriptlet embedded in a block scalar checked in place.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { CompletionRequest } from "vscode-languageserver-protocol/node";
import { LspClient } from "../support/lsp-client";

let client: LspClient;
before(async () => {
  client = new LspClient({ activeCluster: "sample" });
  await client.initialize();
});
after(async () => client.close());

test("a wrong cluster.evacuate value is flagged on its line; a correct file stays clean", async () => {
  const bad = await client.open("file:///ws/web.instance.incus.yaml", 'type: container\nconfig:\n  cluster.evacuate: "migrat"\n');
  const d = bad.find((x) => /cluster\.evacuate/.test(x.message as string));
  assert.ok(d, JSON.stringify(bad));
  assert.equal(d!.range.start.line, 2);
  const good = await client.open("file:///ws/ok.instance.incus.yaml", 'type: container\nconfig:\n  cluster.evacuate: "migrate"\n  limits.cpu: "2"\n');
  assert.deepEqual(good.map((x) => x.message), []);
});

test("a scriptlet inside the server config is checked at its YAML position", async () => {
  const text = [
    "config:",
    "  instances.placement.scriptlet: |",
    "    def instance_placement(request, candidate_members)",
    "        pass",
    "",
  ].join("\n");
  const diags = await client.open("file:///ws/cluster.server.incus.yaml", text);
  const d = diags.find((x) => x.message === "got newline, want ':'");
  assert.ok(d, JSON.stringify(diags));
  assert.ok(d!.range.start.line === 2 || d!.range.start.line === 3, JSON.stringify(d!.range));
});

test("completion offers instance keys", async () => {
  const uri = "file:///ws/c.instance.incus.yaml";
  await client.open(uri, "config:\n  lim\n");
  const items = (await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 5 } })) as { label: string }[];
  assert.ok(items.some((i) => i.label === "limits.cpu"), items.slice(0, 10).map((i) => i.label).join(","));
});
