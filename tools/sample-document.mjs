// The bundled sample's document, read once at build time (server/src/incus/snapshot/sample.ts
// says why): out/examples/sample-cluster.document.json = { sha256 of the text, the value the
// block-YAML reader reads }. Written only when loading through it gives exactly what loading
// the text gives (checked here, on every build); otherwise there is none, and the sample is
// read as any file is. Needs tsc's output (out/server).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";

const require = createRequire(import.meta.url);

export function writeSampleDocument(root = process.cwd()) {
  const snapshot = (name) => require(path.join(root, "out/server/src/incus/snapshot", name));
  const { readSnapshotText } = snapshot("read-text.js");
  const { readBlockYamlDocument } = snapshot("block-yaml.js");
  const { parseSnapshotText, yamlDocumentSnapshot } = snapshot("load.js");
  const { textDigest, SAMPLE_DOCUMENT } = snapshot("sample.js");
  const file = path.join(root, "examples/sample-cluster.yaml");
  const out = path.join(root, SAMPLE_DOCUMENT);
  rmSync(out, { force: true });
  const read = readSnapshotText(file);
  if (read.error) throw new Error(`the bundled sample does not read: ${read.error.message}`);
  const fast = readBlockYamlDocument(read.text);
  // (Anchors share values, which JSON would copy apart; JSON drops what it cannot hold.)
  if (fast === undefined || fast.usedAnchors) return false;
  const value = JSON.parse(JSON.stringify(fast.value));
  if (!isDeepStrictEqual(value, fast.value)) return false;
  if (!isDeepStrictEqual(yamlDocumentSnapshot(read.text, file, value), parseSnapshotText(read.text, file))) {
    throw new Error("the bundled sample loads differently through its pre-read document");
  }
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ sha256: textDigest(read.text), value }));
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(writeSampleDocument() ? `${path.join("out", "examples", "sample-cluster.document.json")} written` : "no pre-read document for the sample");
}
