// Shared helpers of the YAML language service tests: a cluster context from the fixture
// snapshot, and short views of diagnostics.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseSnapshotText } from "../../server/src/incus/snapshot";
import { yamlDiagnostics, type YamlContext } from "../../server/src/language/yaml";
import type { Diagnostic } from "../../server/src/language/scriptlet/diagnostic";

/** The repository root (out/test/yaml is three levels below it; the cwd when built elsewhere). */
export const ROOT = [path.resolve(__dirname, "../../.."), process.cwd()].find((r) => existsSync(path.join(r, "test", "yaml", "fixtures"))) ?? process.cwd();
export const FIXTURES = path.join(ROOT, "test", "yaml", "fixtures");

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), "utf8");
}

let cached: YamlContext | undefined;

/** Incus 6.0.4 with the fixture cluster active. */
export function clusterCtx(version = "6.0.4"): YamlContext {
  if (!cached) {
    const loaded = parseSnapshotText(fixture("cluster.incus-cluster.yaml"), "cluster.incus-cluster.yaml");
    if (!loaded.snapshot) throw new Error("fixture cluster does not load: " + JSON.stringify(loaded.errors));
    cached = { version, cluster: { snapshot: loaded.snapshot } };
  }
  return { ...cached, version };
}

export const NO_CLUSTER: YamlContext = { version: "6.0.4" };

export function diags(fileName: string, text: string, ctx: YamlContext = clusterCtx()): Diagnostic[] {
  return yamlDiagnostics(fileName, text, ctx);
}

export function codes(ds: Diagnostic[]): string[] {
  return ds.map((d) => d.code);
}

/** The text a diagnostic's range covers. */
export function covered(text: string, d: Diagnostic): string {
  const lines = text.split("\n");
  const { start, end } = d.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join("\n");
}

/** Offset of the `n`th occurrence of `needle` (plus `delta`). */
export function offsetOf(text: string, needle: string, delta = 0, n = 0): number {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} not in text`);
  }
  return at + delta;
}
