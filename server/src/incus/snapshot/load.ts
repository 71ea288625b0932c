// Reads a snapshot file (YAML, or JSON — JSON is YAML), validates it and fills defaults.
// Every problem comes back as a file:line:col error; the caller decides how to print it.
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import type { $ZodIssue } from "zod/v4/core";
import { type SnapshotError } from "./errors";
import { formatPath, nodeAt, offsetRange, rangeOf } from "./locate";
import { normalizeSnapshot } from "./normalize";
import { clusterSnapshotSchema, SNAPSHOT_KEYS, type ClusterSnapshot } from "./schema";

/** Enough to fix a file in one pass without flooding a terminal. */
const MAX_ERRORS = 50;

export type LoadResult = { snapshot: ClusterSnapshot; errors?: undefined } | { snapshot?: undefined; errors: SnapshotError[] };

export function loadSnapshot(input: string | { text: string; path: string }): LoadResult {
  const file = typeof input === "string" ? input : input.path;
  let text: string;
  if (typeof input === "string") {
    try {
      text = readFileSync(input, "utf8");
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
      return { errors: [{ file, line: 1, col: 1, endLine: 1, endCol: 1, message: `cannot read snapshot: ${reason}` }] };
    }
  } else {
    text = input.text;
  }
  return parseSnapshotText(text, file);
}

export function parseSnapshotText(text: string, file: string): LoadResult {
  // Fast path for JSON: JSON.parse is ~100x faster than the YAML parser on a large capture
  // (100,000 instances: ~0.1 s against ~10 s). Positions are only needed when something is
  // wrong, so a JSON document that fails validation is parsed again as YAML below.
  if (/^\s*\{/.test(text)) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
    if (data !== undefined) {
      const fast = clusterSnapshotSchema.safeParse(data);
      if (fast.success) return { snapshot: normalizeSnapshot(fast.data) };
    }
  }
  return parseYamlSnapshot(text, file);
}

function parseYamlSnapshot(text: string, file: string): LoadResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // After the first syntax error the parser's later complaints are mostly its own confusion
    // (one unquoted `[` gives dozens), so only the first is worth the user's attention.
    const e = doc.errors[0];
    return { errors: [{ file, ...offsetRange(e.pos[0], e.pos[1], lc), message: `invalid YAML: ${firstLine(e.message)}` }] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  } catch (err) {
    return { errors: [{ file, line: 1, col: 1, endLine: 1, endCol: 1, message: `invalid YAML: ${(err as Error).message}` }] };
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    return { errors: [{ file, ...rangeOf(doc.contents ?? undefined, lc), message: "a cluster snapshot must be a mapping with keys such as server, members, instances" }] };
  }
  const result = clusterSnapshotSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const errors = result.error.issues.slice(0, MAX_ERRORS).flatMap((issue) => issueToErrors(issue, doc, lc, file));
    errors.sort((a, b) => a.line - b.line || a.col - b.col);
    return { errors };
  }
  return { snapshot: normalizeSnapshot(result.data) };
}

function issueToErrors(issue: $ZodIssue, doc: ReturnType<typeof parseDocument>, lc: LineCounter, file: string): SnapshotError[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const where = formatPath(issue.path);
      const message =
        issue.path.length === 0
          ? `unknown top-level key "${key}" (expected one of: ${SNAPSHOT_KEYS.filter((k) => k !== "$schema").join(", ")})`
          : `${where}: unknown key "${key}"`;
      return { file, ...rangeOf(nodeAt(doc, [...issue.path, key], true), lc), message };
    });
  }
  const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
  return [{ file, ...rangeOf(nodeAt(doc, issue.path), lc), message: where + describe(issue) }];
}

function describe(issue: $ZodIssue): string {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return `missing required field (expected ${issue.expected})`;
    return `expected ${issue.expected}, got ${typeName(issue.input)}`;
  }
  if (issue.code === "invalid_value") return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  return issue.message;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  return `${typeof v} ${String(v)}`;
}

function firstLine(s: string): string {
  return s.split("\n")[0];
}
