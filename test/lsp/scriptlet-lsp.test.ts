// The real language server over stdio, driven as an editor drives it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Requests } from "../../server/src/lsp/protocol";
import { CompletionRequest, HoverRequest, SignatureHelpRequest, CodeActionRequest, DefinitionRequest, RenameRequest, DocumentSymbolRequest } from "vscode-languageserver-protocol/node";
import { LspClient } from "../support/lsp-client";

let client: LspClient;

before(async () => {
  client = new LspClient({ activeCluster: "sample" });
  await client.initialize();
});

after(async () => {
  await client.close();
});

const CLEAN = `def instance_placement(request, candidate_members):
    best = None
    for m in candidate_members:
        n = get_instances_count(location=m.server_name)
        if best == None or n < best[1]:
            best = (m.server_name, n)
    if request.reason == "evacuation":
        log_info("evacuating ", request.name)
    if best:
        set_target(best[0])
`;

test("a correct scriptlet shows no diagnostics", async () => {
  const diags = await client.open("file:///ws/clean.placement.star", CLEAN);
  assert.deepEqual(diags.map((d) => d.message as string), []);
});

test("a syntax error reads as go.starlark.net/Incus words it, at its position", async () => {
  const diags = await client.open("file:///ws/broken.placement.star", "def instance_placement(request, candidate_members)\n    pass\n");
  assert.equal(diags[0].message, "got newline, want ':'");
  assert.equal(diags[0].code, "syntax");
});

test("dialect: while loops and sets are refused on Incus 6.0", async () => {
  const src = "def instance_placement(request, candidate_members):\n    while True:\n        pass\n";
  await client.setSettings({ activeCluster: "sample", incusVersion: "6.0.4" });
  const diags = await client.open("file:///ws/while.placement.star", src);
  assert.ok(diags.some((d) => d.message === "this Starlark dialect does not support while loops"), JSON.stringify(diags));
  await client.setSettings({ activeCluster: "sample" });
});

test("lint: unknown member in set_target, with the closest name as a quick fix", async () => {
  const uri = "file:///ws/member.placement.star";
  const src = 'def instance_placement(request, candidate_members):\n    set_target("node2")\n';
  const diags = await client.open(uri, src);
  const d = diags.find((x) => x.code === "unknown-member");
  assert.ok(d, JSON.stringify(diags));
  assert.equal(d!.range.start.line, 1);
  assert.match(d!.message as string, /did you mean "node02"/);
  const actions = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d!.range, context: { diagnostics: [d!] } })) as { edit?: { changes?: Record<string, { newText: string }[]> } }[];
  assert.equal(actions[0].edit?.changes?.[uri][0].newText, '"node02"');
});

test("lint: subscripting request, unknown attribute, positional get_instances, bad reason, return value", async () => {
  const src = [
    "def instance_placement(request, candidate_members):",
    '    name = request["name"]',
    "    arch = candidate_members[0].archtecture",
    "    n = get_instances_count(candidate_members[0].server_name)",
    '    if request.reason == "create":',
    "        return name + arch + str(n)",
    "",
  ].join("\n");
  const diags = await client.open("file:///ws/lint.placement.star", src);
  const byCode = new Map(diags.map((d) => [d.code, d]));
  assert.match(byCode.get("object-subscript")!.message as string, /unhandled index operation InstancePlacement\[string\]/);
  assert.equal(byCode.get("object-subscript")!.range.start.line, 1);
  assert.match(byCode.get("unknown-field")!.message as string, /Invalid field "archtecture".*did you mean \.architecture/);
  assert.match(byCode.get("positional-instance-filter")!.message as string, /PROJECT/);
  assert.match(byCode.get("unknown-reason")!.message as string, /never "create"/);
  assert.equal(byCode.get("entry-returns-value")!.range.start.line, 5);
});

test("the entry function check uses Incus's own words", async () => {
  const diags = await client.open("file:///ws/entry.placement.star", "def instance_placement(req, members):\n    pass\n");
  assert.ok(diags.some((d) => d.message === 'the required function "instance_placement" defines arguments ["members" "req"] (expected ["candidate_members" "request"])'), JSON.stringify(diags));
});

test("completion: member names in set_target, fields after request. and m., config keys", async () => {
  const uri = "file:///ws/complete.placement.star";
  const src = 'def instance_placement(request, candidate_members):\n    for m in candidate_members:\n        m.\n    set_target("\n    request.config.get("\n    request.\n';
  await client.open(uri, src);
  const at = async (line: number, character: number) =>
    ((await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } })) as { label: string }[]).map((c) => c.label);
  const memberFields = await at(2, 10);
  assert.ok(memberFields.includes("server_name") && memberFields.includes("groups"), memberFields.join(","));
  const members = await at(3, 16);
  assert.ok(members.includes("node01") && members.includes("node06"), members.join(","));
  const keys = await at(4, 24);
  assert.ok(keys.includes("limits.cpu") && keys.includes("cluster.evacuate"), `${keys.length} keys`);
  const requestFields = await at(5, 12);
  assert.ok(requestFields.includes("reason") && requestFields.includes("project") && requestFields.includes("config"));
});

test("hover and signature help on builtins", async () => {
  const uri = "file:///ws/hover.placement.star";
  await client.open(uri, "def instance_placement(request, candidate_members):\n    get_instances_count(\n");
  const h = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 8 } })) as { contents: { value: string } };
  assert.match(h.contents.value, /get_instances_count\(project/);
  const s = (await client.conn.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: { line: 1, character: 24 } })) as { signatures: { label: string }[]; activeParameter: number };
  assert.match(s.signatures[0].label, /^get_instances_count\(project: str/);
  assert.equal(s.activeParameter, 0);
});

test("definition, rename and symbols of locals", async () => {
  const uri = "file:///ws/nav.placement.star";
  await client.open(uri, CLEAN);
  const def = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 9, character: 20 } })) as { range: { start: { line: number } } };
  assert.equal(def.range.start.line, 1);
  const edit = (await client.conn.sendRequest(RenameRequest.type, { textDocument: { uri }, position: { line: 1, character: 5 }, newName: "chosen" })) as { changes: Record<string, unknown[]> };
  assert.equal(edit.changes[uri].length, 6);
  const symbols = (await client.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as { name: string }[];
  assert.deepEqual(symbols.map((s) => s.name), ["instance_placement"]);
});

test("incus/simulate runs the simulator on the active cluster", async () => {
  const uri = "file:///ws/run.placement.star";
  const r = await client.conn.sendRequest(Requests.simulate, { command: [], scriptlet: { uri, text: CLEAN } });
  assert.ok(r.ok, r.ok ? "" : r.error);
  const p = r.result.placements[0];
  assert.ok(p.target && p.candidates.includes(p.target));
});

test("fields and builtins that differ by Incus version", async () => {
  const auth = 'def authorize(details, object, entitlement):\n    return details.Username == "admin"\n';
  await client.setSettings({ activeCluster: "sample", incusVersion: "6.0.4" });
  const on60 = await client.open("file:///ws/a60.authorization.star", auth);
  assert.deepEqual(on60.map((d) => d.message), []);
  const qemu = 'def qemu_hook(instance, stage):\n    if stage == "config":\n        set_nvram_var("a", "b")\n';
  const q60 = await client.open("file:///ws/q60.qemu.star", qemu);
  assert.ok(q60.some((d) => d.message === "undefined: set_nvram_var"), JSON.stringify(q60));
  await client.setSettings({ activeCluster: "sample", incusVersion: "7.3" });
  const on73 = await client.open("file:///ws/a73.authorization.star", auth);
  const d = on73.find((x) => x.code === "unknown-field");
  assert.ok(d, JSON.stringify(on73));
  assert.match(d!.message as string, /under \.RequestDetails/);
  await client.setSettings({ activeCluster: "sample" });
});
