// Hostile input through the real language server over stdio (issue H item 2): a document
// with a 12,000-term chain, one nested 5,000 deep, one past go.starlark.net's depth, one with
// 100,000-element literals, and odd characters. The server answers each with diagnostics
// (the nesting limit as a ranged error), never dies, and keeps answering requests afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CompletionRequest, DocumentSymbolRequest, HoverRequest } from "vscode-languageserver-protocol/node";
import { LspClient } from "../support/lsp-client";

const ENTRY = "def instance_placement(request, candidate_members):\n    return None\n";

test("lsp hostile: long chains, deep nesting, wide literals and odd characters get diagnostics, and the server stays up", async () => {
  const client = new LspClient({ diagnosticsDelayMs: 0 });
  try {
    await client.initialize();

    const chain = `def total():\n    return ${Array.from({ length: 12000 }, () => "1").join(" + ")}\n${ENTRY}`;
    assert.deepEqual(await client.open("file:///h/chain.placement.star", chain), []);

    const orChain = `def pick(m):\n    return ${Array.from({ length: 3000 }, (_, i) => `m == "n${i}"`).join(" or ")}\n${ENTRY}`;
    assert.deepEqual(await client.open("file:///h/or.placement.star", orChain), []);

    // The CLI's server runs on the CLI's large stack (syntax/stack-budget.ts): 5,000 nested
    // brackets are what go.starlark.net accepts, and so does it; past Go's own depth
    // (150,000; hostile-depth.test.ts) the nesting message, ranged at the crossing token.
    const deep = `def f():\n    return ${"[".repeat(5000)}1${"]".repeat(5000)}\n${ENTRY}`;
    assert.deepEqual(await client.open("file:///h/deep.placement.star", deep), []);
    const tooDeep = `def f():\n    return ${"[".repeat(150_010)}1${"]".repeat(150_010)}\n${ENTRY}`;
    const deepDiags = await client.open("file:///h/toodeep.placement.star", tooDeep);
    const limit = deepDiags.find((d) => /^nesting too deep: /.test(String(d.message)));
    assert.ok(limit, JSON.stringify(deepDiags.map((d) => d.message)));
    assert.equal(limit.range.start.line, 1);
    assert.ok(limit.range.start.character > 11);

    const wide = `def f():\n    return len([${Array.from({ length: 100_000 }, () => "0").join(", ")}])\n${ENTRY}`;
    assert.deepEqual(await client.open("file:///h/wide.placement.star", wide), []);

    const odd = `\ufeffdef f():\n    return "\ud800" + \u0000 \udc00\n${ENTRY}`;
    const oddDiags = await client.open("file:///h/odd.placement.star", odd);
    assert.ok(oddDiags.length >= 1);
    assert.match(String(oddDiags[0].message), /unexpected input character/);

    // Still answering: completion, hover and symbols in the hostile documents.
    const items = await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: "file:///h/chain.placement.star" }, position: { line: 1, character: 11 } });
    assert.ok(Array.isArray(items) ? items.length > 0 : items!.items.length > 0);
    await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: "file:///h/deep.placement.star" }, position: { line: 1, character: 4 } });
    const symbols = await client.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: "file:///h/or.placement.star" } });
    assert.ok(symbols && symbols.length >= 2);
    assert.equal(client.proc.exitCode, null);
    assert.doesNotMatch(client.stderr, /Maximum call stack size exceeded/);
  } finally {
    await client.close();
  }
});
