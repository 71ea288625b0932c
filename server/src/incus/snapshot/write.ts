// Serializes a snapshot document for a file: YAML (the default, readable and diffable) or JSON
// (much faster to load when the cluster is large). The YAML is written 1.1-safe: strings such
// as "254:0", "yes" or timestamps are quoted, so YAML 1.1 readers (PyYAML, go-yaml v2) read
// the same values our YAML 1.2 parser does.
import { Document } from "yaml";

export type SnapshotFormat = "yaml" | "json";

/** JSON for *.json files, YAML otherwise. */
export function formatForFile(file: string | undefined): SnapshotFormat {
  return file?.toLowerCase().endsWith(".json") ? "json" : "yaml";
}

export function formatSnapshot(document: Record<string, unknown>, format: SnapshotFormat, source?: string): string {
  if (format === "json") return JSON.stringify(document, null, 2) + "\n";
  const doc = new Document(document, { version: "1.1" });
  const origin = source ? ` captured from ${source}` : "";
  doc.commentBefore = ` Incus cluster snapshot${origin} by incus-scriptlet snapshot.\n Each section is the verbatim answer of the GET request its key names.`;
  return doc.toString({ lineWidth: 0 });
}
