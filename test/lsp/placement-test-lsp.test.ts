// Scenario tests, matrix and diff through the real language server over stdio, as the VS Code
// client asks for them: diagnostics and completion of a *.placement.test.yaml buffer, running
// its cases (unsaved scriptlet edits included), the failure matrix and the diff of an open
// scriptlet against git HEAD.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { CompletionRequest } from "vscode-languageserver-protocol/node";
import { LspClient } from "../support/lsp-client";
import { tempDir } from "../support/temp-dir";

const root = path.resolve(__dirname, "../../..");
const dir = tempDir("incus-lsp-scenario-");
const scriptlet = path.join(dir, "spread.placement.star");
copyFileSync(path.join(root, "examples/spread.placement.star"), scriptlet);
const uri = (f: string) => pathToFileURL(f).toString();

let client: LspClient;
before(async () => {
  client = new LspClient({ activeCluster: "sample" });
  await client.initialize();
});
after(async () => client.close());

const TEST = [
  "scriptlet: spread.placement.star",
  "cluster: sample",
  "cases:",
  "  - name: lands on node06",
  "    given: {offline: [node01, node99]}",
  "    run: create --empty c1",
  "    expect: {target: node06}",
  "  - name: wrong expectation",
  "    run: create --empty c2 --target node02",
  "    expect:",
  "      target: node03",
  "  - name: passes",
  "    run: create --empty c3 --target node02",
  "    expect: {target: node02}",
  "",
].join("\n");

test("diagnostics: an unknown member in given is flagged at its position; the command is checked", async () => {
  const f = path.join(dir, "diag.placement.test.yaml");
  writeFileSync(f, TEST);
  const diags = await client.open(uri(f), TEST, 1, "yaml");
  const unknown = diags.find((d) => /node99/.test(d.message as string));
  assert.ok(unknown, JSON.stringify(diags));
  assert.equal(unknown!.message, 'unknown cluster member "node99" in the sample cluster');
  assert.deepEqual(unknown!.range.start, { line: 4, character: 30 });
  const bad = await client.change(uri(f), TEST.replace("run: create --empty c3 --target node02", "run: create --empty c3 --bogus"), 2);
  assert.ok(bad.some((d) => (d.message as string) === "command refused by the incus client: unknown flag: --bogus" && d.range.start.line === 12), JSON.stringify(bad));
});

test("completion: member names in given lists, keys under expect, commands after run:", async () => {
  const text = "scriptlet: spread.placement.star\ncases:\n  - name: x\n    given:\n      offline: [no\n    expect:\n      \n    run: \n";
  const f = uri(path.join(dir, "complete.placement.test.yaml"));
  await client.open(f, text, 1, "yaml");
  const at = async (line: number, character: number) =>
    ((await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: f }, position: { line, character } })) as { label: string }[]).map((i) => i.label);
  assert.deepEqual(await at(4, 18), ["node01", "node02", "node03", "node04", "node05", "node06"]);
  assert.ok((await at(6, 6)).includes("target_in"));
  assert.ok((await at(7, 9)).includes("cluster evacuate node03"));
});

interface Outcome { name: string; status: string; messages: { message: string; range: { start: { line: number } } }[] }

test("run: each case's outcome at its position; an unsaved scriptlet edit is what runs", async () => {
  const f = path.join(dir, "run.placement.test.yaml");
  writeFileSync(f, TEST);
  const res = (await client.conn.sendRequest("incus/placementTest/run", { uri: uri(f) })) as { cases: Outcome[] };
  assert.deepEqual(res.cases.map((c) => c.status), ["error", "failed", "passed"]);
  assert.equal(res.cases[1].messages[0].message, 'target: wanted "node03", got "node02"');
  assert.equal(res.cases[1].messages[0].range.start.line, 10, "the difference is shown at the expect key");
  const cases = (await client.conn.sendRequest("incus/placementTest/cases", { uri: uri(f) })) as { cases: { name: string; range: { start: { line: number } } }[] };
  assert.deepEqual(cases.cases.map((c) => [c.name, c.range.start.line]), [["lands on node06", 3], ["wrong expectation", 7], ["passes", 11]]);
  // The editor's text of the scriptlet (not saved) makes case 3 fail.
  await client.open(uri(scriptlet), 'def instance_placement(request, candidate_members):\n    set_target("nowhere")\n');
  const edited = (await client.conn.sendRequest("incus/placementTest/run", { uri: uri(f), only: [2] })) as { cases: Outcome[] };
  assert.equal(edited.cases.length, 1);
  assert.equal(edited.cases[0].status, "failed");
  assert.match(edited.cases[0].messages[0].message, /got none/);
});

test("matrix and diff of an open scriptlet: against the active cluster and against git HEAD", async () => {
  const repo = tempDir("incus-lsp-git-");
  const file = path.join(repo, "policy.placement.star");
  writeFileSync(file, readFileSync(path.join(root, "examples/spread.placement.star"), "utf8"));
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: repo });
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "spread");
  const edited = 'def instance_placement(request, candidate_members):\n    for m in candidate_members:\n        if m.server_name == "node02":\n            set_target("node02")\n';
  await client.open(uri(file), edited);
  const m = (await client.conn.sendRequest("incus/placementMatrix", { uri: uri(file) })) as { result: { scenarios: { id: string; command: { target: string }[] }[] } };
  assert.equal(m.result.scenarios[0].command[0].target, "node02");
  assert.notEqual(m.result.scenarios.find((s) => s.id === "offline:node02")!.command[0].target, "node02");
  const d = (await client.conn.sendRequest("incus/placementDiff", { uri: uri(file), against: "head" })) as { oldLabel: string; result: { changes: { new: { target: string } }[] } };
  assert.equal(d.oldLabel, "HEAD:policy.placement.star");
  assert.ok(d.result.changes.length > 0 && d.result.changes.some((c) => c.new.target === "node02"));
  const s = (await client.conn.sendRequest("incus/placementDiff", { uri: uri(file), against: "server" })) as { error?: string };
  assert.equal(s.error, "the sample cluster has no instances.placement.scriptlet set");
});
