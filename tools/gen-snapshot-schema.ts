// Writes schemas/cluster-snapshot.schema.json from the zod schemas, so editors validate and
// complete snapshot files (the extension maps *.incus-cluster.yaml / *.incus-cluster.json to it).
// Run after changing server/src/incus/snapshot/: `npm run build && node out/tools/gen-snapshot-schema.js`.
// With --check it only reports whether the file is up to date (exit 1 if not).
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { snapshotJsonSchema } from "../server/src/incus/snapshot/json-schema";

const root = path.resolve(__dirname, "..", "..");
const file = path.join(root, "schemas", "cluster-snapshot.schema.json");
const text = JSON.stringify(snapshotJsonSchema(), null, 2) + "\n";

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    process.stderr.write(`${path.relative(root, file)} is stale: run node out/tools/gen-snapshot-schema.js\n`);
    process.exit(1);
  }
  process.stdout.write(`${path.relative(root, file)} is up to date\n`);
} else {
  writeFileSync(file, text);
  process.stdout.write(`wrote ${path.relative(root, file)}\n`);
}
