// One settings definition: package.json's configuration is generated from
// server/src/lsp/settings.ts, and the server parses what it is sent with the same table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { configurationContribution, parseSettings, SETTINGS } from "../../server/src/lsp/settings";

const ROOT = path.resolve(__dirname, "../../..");

test("package.json's contributes.configuration is the settings definition (node out/tools/sync-settings.js writes it)", () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  assert.deepEqual(pkg.contributes.configuration, configurationContribution());
});

test("defaults come from the definition; a bad value falls back to its default alone", () => {
  const d = parseSettings(undefined);
  assert.equal(d.activeCluster, SETTINGS.activeCluster.default);
  assert.equal(d.run.memoryMb, SETTINGS["run.memoryMb"].default);
  assert.equal(d.run.autoRun, "off");
  const s = parseSettings({ activeCluster: " remote:prod ", run: { timeoutMs: 50, autoRun: "save" }, diagnosticsDelayMs: "x" });
  assert.equal(s.activeCluster, "remote:prod");
  assert.equal(s.run.timeoutMs, SETTINGS["run.timeoutMs"].default, "below the minimum");
  assert.equal(s.run.autoRun, "save");
  assert.equal(s.diagnosticsDelayMs, 200);
  // VS Code may send dotted keys flat, too.
  assert.equal(parseSettings({ "run.timeoutMs": 800 }).run.timeoutMs, 800);
});
