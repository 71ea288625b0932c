// Every prefix of every fixture (a file being typed) gives diagnostics inside the document,
// and completion and hover at any offset never throw.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { yamlCompletion, yamlDiagnostics, yamlHover } from "../../server/src/language/yaml";
import { clusterCtx, FIXTURES } from "./helpers";

test("prefixes of the fixtures: no throw, ranges inside the text", () => {
  const ctx = clusterCtx();
  const dir = path.join(FIXTURES, "clean");
  for (const name of readdirSync(dir)) {
    const full = readFileSync(path.join(dir, name), "utf8");
    const step = Math.max(1, Math.floor(full.length / 40));
    for (let end = 0; end <= full.length; end += step) {
      const text = full.slice(0, end);
      const lines = text.split("\n");
      for (const d of yamlDiagnostics(name, text, ctx)) {
        for (const p of [d.range.start, d.range.end]) {
          assert.ok(p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length + 1,
            `${name}[..${end}] ${d.code} at ${JSON.stringify(p)}`);
        }
      }
      const offsets = [0, Math.floor(end / 2), end];
      for (const o of offsets) {
        yamlCompletion(name, text, o, ctx);
        yamlHover(name, text, o, ctx);
      }
    }
  }
});
