// An elif chain is, in the tree, an IfStmt inside the else branch of the one before: 20,000
// elifs (Incus accepts 100,000; test/starlark/depth-go.ts) nest 20,000 deep. Every language
// service walks such a document on Node's default stack — the stack the test runner gives
// this file, and the server's where it cannot relaunch itself on a larger one (issue H
// item 2) — and gives the answers it gives for a short chain. Before, type inference and two
// lint rules recursed per branch: hover, completion and the rest failed with "Maximum call
// stack size exceeded", and the lint rules' diagnostics went missing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ScriptletService } from "../../server/src/language/scriptlet/service";

const BRANCHES = 20_000;

function chain(n: number): string {
  const lines = ["def f(x):", "    if x == 0:", "        y = 0"];
  for (let i = 1; i < n; i++) lines.push(`    elif x == ${i}:`, `        y = ${i}`);
  lines.push("    else:", "        z = 1", "        y = len(\"abc\")", "        return y", "        w = 2", "    return y");
  lines.push("def instance_placement(request, candidate_members):", "    return None", "");
  return lines.join("\n");
}

function answers(n: number) {
  const failures: string[] = [];
  const svc = new ScriptletService((m) => failures.push(m));
  const text = chain(n);
  const doc = { uri: "file:///elif.placement.star", text, version: 1 };
  const a = svc.analysis(doc, {})!;
  const lastY = text.lastIndexOf("return y") + "return ".length;
  const elseY = text.lastIndexOf("y = len");
  const diagnostics = svc.diagnostics(doc, {}).map((d) => `${d.code}: ${d.message} @${d.range.start.line}`);
  return {
    failures,
    diagnostics,
    hover: svc.hover(a, elseY)?.markdown,
    definition: svc.definition(a, lastY),
    references: svc.references(a, lastY)?.length,
    rename: ((r) => ("error" in r ? r.error : r.length))(svc.rename(a, lastY, "v")),
    symbols: svc.documentSymbols(a).map((s) => s.name),
    folds: svc.foldingRanges(a).length,
    tokens: svc.semanticTokens(a).length,
    completion: svc.complete(a, elseY).some((c) => c.label === "y"),
    lines: text.split("\n").length,
  };
}

test(`${BRANCHES.toLocaleString("en")} elifs: every service answers on the default stack, as for a short chain`, () => {
  const long = answers(BRANCHES);
  const short = answers(3);
  assert.deepEqual(long.failures, []);
  const shift = long.lines - short.lines; // the long chain's extra lines, all before the else
  // The unused local and the unreachable statement inside the chain's else are found.
  assert.deepEqual(long.diagnostics, short.diagnostics.map((d) => d.replace(/@(\d+)$/, (_, l) => `@${Number(l) + shift}`)));
  assert.ok(long.diagnostics.some((d) => d.startsWith("unused-local: \"z\"")), long.diagnostics.join("\n"));
  assert.ok(long.diagnostics.some((d) => d.startsWith("unreachable:")), long.diagnostics.join("\n"));
  assert.equal(long.hover, short.hover);
  assert.match(String(long.hover), /y: int/);
  assert.deepEqual(long.definition, short.definition);
  // y: assigned once per branch, plus the else's assignment and two reads.
  assert.equal(long.references, short.references! + (BRANCHES - 3));
  assert.equal(long.rename, long.references);
  assert.deepEqual(long.symbols, short.symbols);
  assert.equal(long.folds, short.folds + (BRANCHES - 3));
  assert.ok(long.tokens > short.tokens);
  assert.equal(long.completion, true);
});
