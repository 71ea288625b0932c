// The bundled sample's pre-read document (server/src/incus/snapshot/sample.ts, written by
// tools/sample-document.mjs at build time): loading the sample through it gives exactly what
// reading its YAML gives, and it counts only for the text it was read from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSnapshot, parseSnapshotText, sampleSnapshotPath } from "../../server/src/incus/snapshot";
import { prereadDocument, prereadSampleDocument, SAMPLE_DOCUMENT } from "../../server/src/incus/snapshot/sample";
import { yamlDocumentSnapshot } from "../../server/src/incus/snapshot/load";

const sample = sampleSnapshotPath();
const documentFile = path.join(path.dirname(path.dirname(sample)), SAMPLE_DOCUMENT);
const text = readFileSync(sample, "utf8");

test("the build leaves the sample's document, and loading the sample goes through it", () => {
  assert.ok(existsSync(documentFile), `${documentFile} (npm run build writes it)`);
  const value = prereadSampleDocument(sample, text);
  assert.ok(value, "the document was read from the sample as it is");
  assert.deepEqual(Object.keys(value).slice(0, 3), ["server", "members", "groups"]);
  // Another file with the same text is not the sample: it is read as usual.
  assert.equal(prereadSampleDocument(path.join(os.tmpdir(), "sample-cluster.yaml"), text), undefined);
});

test("the sample loads the same through its document as through its YAML", () => {
  const through = loadSnapshot(sample);
  const read = parseSnapshotText(text, sample);
  assert.equal(through.errors, undefined);
  assert.deepEqual(through, read);
  // Two loads share nothing: changing one snapshot leaves the next load alone.
  through.snapshot!.members[0].server_name = "changed";
  assert.equal(loadSnapshot(sample).snapshot!.members[0].server_name, read.snapshot!.members[0].server_name);
});

test("a document counts only for the text it was read from; a broken one is ignored", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sample-document-"));
  try {
    const doc = path.join(dir, "doc.json");
    copyFileSync(documentFile, doc);
    assert.ok(prereadDocument(doc, text));
    // An edited sample (one character) no longer matches.
    assert.equal(prereadDocument(doc, text.replace("node01", "node0X")), undefined);
    // Not JSON, the wrong shape, or no file: no document.
    writeFileSync(doc, "{ not json");
    assert.equal(prereadDocument(doc, text), undefined);
    writeFileSync(doc, JSON.stringify({ sha256: 1, value: [] }));
    assert.equal(prereadDocument(doc, text), undefined);
    assert.equal(prereadDocument(path.join(dir, "missing.json"), text), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("problems in a pre-read document are placed in the YAML text", () => {
  // The same document with a member of the wrong type: the error points into the YAML, as
  // reading the YAML itself would place it.
  const broken = text.replace(/^(\s*- server_name: )node02$/m, "$1[1, 2]");
  assert.notEqual(broken, text, "the sample names node02 as a member");
  const byText = parseSnapshotText(broken, sample);
  assert.ok(byText.errors && byText.errors.length > 0);
  const value = JSON.parse(JSON.stringify(prereadSampleDocument(sample, text)));
  (value.members as { server_name: unknown }[])[1].server_name = [1, 2];
  assert.deepEqual(yamlDocumentSnapshot(broken, sample, value), byText);
});
