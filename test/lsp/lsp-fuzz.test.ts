// Thousands of mutated scriptlets (cut, duplicated, re-indented, random tokens) through the
// real server: it never crashes, and keeps answering diagnostics, completion and hover.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CompletionRequest, HoverRequest, SignatureHelpRequest, DocumentSymbolRequest } from "vscode-languageserver-protocol/node";
import { LspClient } from "../support/lsp-client";

const SEED = `def instance_placement(request, candidate_members):
    # spread by count, keep gold tier off gpu members
    tier = request.config.get("user.tier", "standard")
    best = None
    for m in candidate_members:
        if tier == "gold" and "gpu" in m.groups:
            continue
        n = get_instances_count(location=m.server_name)
        res = get_cluster_member_resources(m.server_name)
        if best == None or n < best[1]:
            best = (m.server_name, n, res.memory.total)
    if request.reason in ["new", "evacuation"]:
        log_info("placing ", request.name, " on ", best)
    if best:
        set_target(best[0])
    return None
`;

const TOKENS = ["(", ")", "[", "]", "{", "}", ":", ",", ".", "=", "==", '"', "'", '"""', "\\", "def", "for", "in", "if", "else", "lambda", "return", "while", "*", "**", "#", "\t", "\n", "    ", "x", "request.", "set_target(", "1e309", "0x", "é", "\u0000"];

/** A deterministic PRNG so a failure reproduces. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function mutate(src: string, r: () => number): string {
  const lines = src.split("\n");
  const at = () => Math.floor(r() * src.length);
  switch (Math.floor(r() * 6)) {
    case 0: return src.slice(0, at());
    case 1: { const a = at(); const b = Math.min(src.length, a + Math.floor(r() * 40)); return src.slice(0, b) + src.slice(a); }
    case 2: return lines.map((l) => (r() < 0.2 ? " ".repeat(Math.floor(r() * 9)) + l.trimStart() : l)).join("\n");
    case 3: { const p = at(); return src.slice(0, p) + TOKENS[Math.floor(r() * TOKENS.length)] + src.slice(p); }
    case 4: { const a = at(); return src.slice(0, a) + src.slice(a + Math.floor(r() * 10)); }
    default: { const i = Math.floor(r() * lines.length); lines.splice(i, 0, lines[Math.floor(r() * lines.length)]); return lines.join("\n"); }
  }
}

test("the server survives 2,000 mutated scriptlets and answers every request", async () => {
  const client = new LspClient({ activeCluster: "sample", diagnosticsDelayMs: 0 });
  try {
    await client.initialize();
    const uri = "file:///fuzz/f.placement.star";
    await client.open(uri, SEED);
    const r = rng(20261125);
    let text = SEED;
    for (let v = 2; v <= 2001; v++) {
      text = r() < 0.3 ? mutate(SEED, r) : mutate(text, r);
      if (text.length > 4000) text = SEED;
      const diags = await client.change(uri, text, v);
      assert.ok(Array.isArray(diags));
      const lines = text.split("\n");
      const line = Math.floor(r() * lines.length);
      const position = { line, character: Math.floor(r() * (lines[line].length + 1)) };
      const [completion, hover, sig] = await Promise.all([
        client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }),
        client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
        client.conn.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position }),
      ]);
      assert.ok(completion === null || Array.isArray(completion), `completion at v${v}`);
      assert.ok(hover === null || typeof hover === "object");
      assert.ok(sig === null || typeof sig === "object");
      if (v % 500 === 0) await client.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    }
    assert.equal(client.proc.exitCode, null, `server exited; stderr: ${client.stderr}`);
    // And it still analyses a correct file correctly afterwards.
    const clean = await client.change(uri, SEED, 3000);
    assert.deepEqual(clean.filter((d) => d.severity === 1).map((d) => d.message), []);
  } finally {
    await client.close();
  }
});
