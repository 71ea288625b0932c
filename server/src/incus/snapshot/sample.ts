// Where the bundled sample cluster lives: the default cluster when the user names none.
// Found by walking up from this file, so it works from the sources, from out/, and from a
// packaged extension that keeps examples/ beside its compiled code.
//
// Beside it, under out/, the build leaves the sample's document as the block-YAML reader reads
// it (tools/sample-document.mjs), with the SHA-256 of the text it was read from. Loading the
// sample then skips the reader, which, cold, is most of a first load (a new server's first Run
// placement, on the sample by default, came ~70 ms sooner in paired runs). The document counts only while the
// file is the text it was read from; problems are still placed in the YAML text.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";

const RELATIVE = path.join("examples", "sample-cluster.yaml");
/** The pre-read document, relative to the folder holding examples/. */
export const SAMPLE_DOCUMENT = path.join("out", "examples", "sample-cluster.document.json");

export function sampleSnapshotPath(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, RELATIVE);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`bundled sample cluster ${RELATIVE} not found above ${__dirname}`);
    dir = parent;
  }
}

/** What tools/sample-document.mjs writes. The value is checked as any snapshot is, later. */
export const sampleDocumentSchema = z.object({ sha256: z.string(), value: z.record(z.string(), z.unknown()) });

/** SHA-256 of a snapshot text (as read: readSnapshotText's text), hex. */
export function textDigest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The document the build read from the bundled sample, when `file` is the sample and `text` its
 * text as the document was read from; otherwise (another file, an edited sample, no document or
 * an unreadable one) undefined, and the text is read as usual.
 */
export function prereadSampleDocument(file: string, text: string): Record<string, unknown> | undefined {
  let sample: string;
  try {
    sample = sampleSnapshotPath();
  } catch {
    return undefined;
  }
  if (path.resolve(file) !== sample) return undefined;
  return prereadDocument(path.join(path.dirname(path.dirname(sample)), SAMPLE_DOCUMENT), text);
}

/** The value of a pre-read document file when it was read from `text`, else undefined. A fresh
 *  value each call: loading may not share it with an earlier load. */
export function prereadDocument(documentFile: string, text: string): Record<string, unknown> | undefined {
  let doc: z.infer<typeof sampleDocumentSchema>;
  try {
    const parsed = sampleDocumentSchema.safeParse(JSON.parse(readFileSync(documentFile, "utf8")));
    if (!parsed.success) return undefined;
    doc = parsed.data;
  } catch {
    return undefined;
  }
  return doc.sha256 === textDigest(text) ? doc.value : undefined;
}
