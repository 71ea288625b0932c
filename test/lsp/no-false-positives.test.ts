// The language service must never cry wolf: every scriptlet of the differential suite that
// the real Incus accepted and ran without error shows no error, and every one it refused
// shows one. Cluster names are the test cluster's (node1..node3).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CASES } from "../incus/differential/cases";
import { Analysis } from "../../server/src/language/scriptlet/analysis";
import { scriptletDiagnostics } from "../../server/src/language/scriptlet/diagnostics";
import { diagnoseScriptlet } from "../../server/src/language/scriptlet/service";
import { readFileSync, readdirSync } from "node:fs";
import { detectKind } from "../../server/src/incus/scriptlet/kind";
import * as path from "node:path";

const ctx = {
  kind: "placement" as const,
  version: "6.0.4",
  cluster: { source: "test cluster", members: ["node1", "node2", "node3"], groups: ["default", "gA"], projects: ["default", "p1"] },
};

test("scriptlets Incus accepted and ran without error show no error", async () => {
  // (Cases whose run fails on Incus — a bad field, a bad return value — may be flagged: that
  // is the lint doing its job.)
  const accepted = CASES.filter((c) => c.expect === "ok");
  assert.ok(accepted.length >= 30, `only ${accepted.length} accepted cases`);
  for (const c of accepted) {
    const diags = await diagnoseScriptlet(`${c.id}.placement.star`, c.scriptlet, ctx);
    const errors = diags.filter((d) => d.severity === "error");
    assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], `case ${c.id}`);
  }
});

test("scriptlets Incus refused show an error", async () => {
  const refused = CASES.filter((c) => c.expect === "refused");
  assert.ok(refused.length >= 3);
  for (const c of refused) {
    const diags = await diagnoseScriptlet(`${c.id}.placement.star`, c.scriptlet, ctx);
    assert.ok(diags.some((d) => d.severity === "error"), `case ${c.id} shows no error`);
  }
});

test("the examples and snippets stay clean on the sample cluster's version", () => {
  const root = path.resolve(__dirname, "../../..");
  const files = readdirSync(path.join(root, "examples")).filter((f) => f.endsWith(".star"));
  assert.ok(files.length >= 1);
  for (const f of files) {
    const text = readFileSync(path.join(root, "examples", f), "utf8");
    const a = new Analysis(f, text, { kind: detectKind(f, text) ?? "placement", version: "7.3" });
    assert.deepEqual(scriptletDiagnostics(a).filter((d) => d.severity !== "hint").map((d) => d.message), [], f);
  }
});
