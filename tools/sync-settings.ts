// `node out/tools/sync-settings.js [--check]`: writes package.json's contributes.configuration
// from the one settings definition (server/src/lsp/settings.ts), or with --check exits 1 when
// they differ. test/lsp/settings-definition.test.ts runs the same comparison.
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { configurationContribution } from "../server/src/lsp/settings";

const file = path.resolve(__dirname, "../../package.json");
const text = readFileSync(file, "utf8");
const manifest = JSON.parse(text) as { contributes: Record<string, unknown> };
const wanted = configurationContribution();
if (process.argv.includes("--check")) {
  const same = JSON.stringify(manifest.contributes.configuration) === JSON.stringify(wanted);
  console.log(same ? "package.json configuration matches server/src/lsp/settings.ts" : "package.json configuration differs from server/src/lsp/settings.ts: run node out/tools/sync-settings.js");
  process.exit(same ? 0 : 1);
}
manifest.contributes.configuration = wanted;
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote contributes.configuration (${Object.keys(wanted.properties).length} settings) to ${file}`);
