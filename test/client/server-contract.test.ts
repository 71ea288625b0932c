// The client's contract with the language server, over stdio as VS Code would talk to it:
// incus/runPlacement answers something unwrapAnswer turns into the result view's input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { unwrapAnswer, type RunPlacementAnswer } from "../../client/src/placement/server-answer";
import { ROOT } from "./sample";

const SERVER = path.join(ROOT, "out/server/src/lsp/main.js");

test("unwrapAnswer accepts the server's shapes and reports its error", () => {
  const result = { placements: [] };
  assert.deepEqual(unwrapAnswer(result), { result });
  assert.deepEqual(unwrapAnswer({ result, cluster: "x", version: "7.3" }), { result, version: "7.3" });
  assert.throws(() => unwrapAnswer({ error: "the document x is not open" }), /could not run placement: the document x is not open/);
});

test("the language server answers incus/runPlacement for an open scriptlet", { timeout: 60_000 }, async (t) => {
  if (!existsSync(SERVER)) return t.skip(`no language server at ${SERVER} (npm run build)`);
  const child = spawn(process.execPath, [SERVER, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onRequest("workspace/configuration", (params: { items: { section?: string }[] }) => params.items.map(() => ({ activeCluster: "sample" })));
  conn.onNotification(() => undefined);
  conn.onRequest(() => null);
  conn.listen();
  try {
    await conn.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    conn.sendNotification("initialized", {});
    const uri = `file://${path.join(ROOT, "examples/spread.placement.star")}`;
    conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "incus-scriptlet", version: 1, text: readFileSync(path.join(ROOT, "examples/spread.placement.star"), "utf8") } });
    let answer: RunPlacementAnswer | undefined;
    // The server loads the active cluster after initialization: ask until it is ready.
    for (let i = 0; i < 50; i++) {
      answer = await conn.sendRequest<RunPlacementAnswer>("incus/runPlacement", { uri, command: ["create", "--empty", "c1"] });
      if (!("error" in answer && /no active cluster/.test(answer.error))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const { result } = unwrapAnswer(answer!);
    assert.equal(result.placements.length, 1);
    assert.equal(result.placements[0].error, null);
    assert.ok(result.placements[0].target);
  } finally {
    conn.dispose();
    child.kill();
  }
});
