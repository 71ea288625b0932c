// Writes schemas/placement-test.schema.json from the zod schemas (or, with --check, exits 1
// when the committed file is stale).
//   npm run build && node out/tools/placement-test-schema.js [--check]
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { placementTestJsonSchema } from "../server/src/incus/scenario/json-schema";

const file = path.resolve(__dirname, "../../schemas/placement-test.schema.json");
const text = JSON.stringify(placementTestJsonSchema(), null, 2) + "\n";
if (process.argv.includes("--check")) {
  let old = "";
  try {
    old = readFileSync(file, "utf8");
  } catch {
    /* missing: stale */
  }
  if (old !== text) {
    console.error(`${file} is stale: run npm run build && node out/tools/placement-test-schema.js`);
    process.exit(1);
  }
} else writeFileSync(file, text);
