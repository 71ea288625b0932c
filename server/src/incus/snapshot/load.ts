// Reads a snapshot file (YAML or JSON), validates it and fills defaults. Every problem comes
// back with a file:line:col position; the caller decides how to print it.
//
// JSON takes a fast path: JSON.parse is ~100x faster than the YAML parser on a large capture
// (100,000 instances), and positions are found afterwards, only for the values that have a
// problem, by one scan of the text (json-locate.ts). YAML takes a fast path too: the plain block
// YAML snapshots are written in is read without the YAML library's node tree (block-yaml.ts),
// and the library parses the text (for its positions) only when there is a problem to place;
// a text outside that subset, every YAML error among them, goes to the library as before.
import { LineCounter, parseDocument, type Document } from "yaml";
import type { $ZodIssue } from "zod/v4/core";
import { readBlockYamlDocument } from "./block-yaml";
import { prereadSampleDocument } from "./sample";
import { locateYamlPaths } from "./yaml-locate";
import { checkReferences } from "./check";
import { type SnapshotError } from "./errors";
import { firstJsonSyntaxError, lineColumns, locateJsonPaths, type JsonRequest } from "./json-locate";
import { MAX_NESTING, nestsDeeperThan, readSnapshotText, tooDeepAt } from "./read-text";
import { formatPath, nodeAt, offsetRange, rangeOf, type SourceRange } from "./locate";
import { normalizeSnapshot } from "./normalize";
import { clusterSnapshotSchema, SNAPSHOT_KEYS, type ClusterSnapshot } from "./schema";
import { expectedName, typeName } from "../yaml-words";

/** Enough to fix a file in one pass without flooding a terminal. */
const MAX_ERRORS = 50;

/**
 * Either the snapshot (with `warnings` for references to things the file lacks, each with a
 * position, severity "warning") or the errors that prevented loading it.
 */
export type LoadResult =
  | { snapshot: ClusterSnapshot; warnings: SnapshotError[]; errors?: undefined }
  | { snapshot?: undefined; warnings?: undefined; errors: SnapshotError[] };

/** A problem before it has a position: a path into the document and what is wrong there. */
interface Problem extends JsonRequest {
  message: string;
}

/** Turns document paths into source ranges, all at once (the JSON locator needs them together). */
type Locator = (requests: readonly JsonRequest[]) => SourceRange[];

export function loadSnapshot(input: string | { text: string; path: string }): LoadResult {
  const file = typeof input === "string" ? input : input.path;
  let text: string;
  if (typeof input === "string") {
    const read = readSnapshotText(input);
    if (read.error) return { errors: [read.error] };
    text = read.text;
  } else {
    text = input.text;
  }
  const preread = prereadSampleDocument(file, text);
  if (preread !== undefined) return yamlDocumentSnapshot(text, file, preread);
  return parseSnapshotText(text, file);
}

/** A block-YAML text's snapshot from its document as the fast path reads it (readBlockYaml's
 *  value, here or read before: sample.ts), problems placed in the text. */
export function yamlDocumentSnapshot(text: string, file: string, value: Record<string, unknown>, usedAnchors = false): LoadResult {
  return validate(value, lazyYamlLocator(text, value, usedAnchors), file);
}

export interface ParseOptions {
  /**
   * false: read YAML with the YAML library only, never block-yaml.ts (the reference the fast
   * path is tested and benchmarked against). Default true.
   */
  yamlFastPath?: boolean;
}

export function parseSnapshotText(text: string, file: string, options: ParseOptions = {}): LoadResult {
  const fastYaml = options.yamlFastPath !== false;
  // JSON (what a .json capture is, and what any text starting with "{" most likely is) goes to
  // the native parser; YAML only where the user wrote YAML.
  const isJsonFile = /\.json$/i.test(file);
  if (isJsonFile || /^\s*\{/.test(text)) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      // The syntax-error scanner and the YAML parser recurse: refuse hostile nesting first.
      const deep = tooDeep(text, file);
      if (deep) return deep;
      const syntax = firstJsonSyntaxError(text);
      // A "{" file that is not JSON may still be YAML in flow style, unless it is named .json.
      if (!isJsonFile && syntax && parseYamlQuietly(text)) return parseYaml(text, file, fastYaml);
      const offset = syntax?.offset ?? text.length;
      const pos = lineColumns(text);
      const a = pos(offset);
      const b = pos(offset + Math.max(1, syntax?.length ?? 1));
      return { errors: [{ file, line: a.line, col: a.col, endLine: b.line, endCol: b.col, message: `invalid JSON: ${syntax?.message ?? "not a JSON document"}` }] };
    }
    // JSON.parse does not recurse; the depth of what it built says whether the brackets nest
    // too deep (the same count as tooDeepAt's, which is only run then, for the position).
    if (nestsDeeperThan(data)) {
      const deep = tooDeep(text, file);
      if (deep) return deep;
    }
    return validate(data, jsonLocator(text), file);
  }
  const deep = tooDeep(text, file);
  if (deep) return deep;
  return parseYaml(text, file, fastYaml);
}

/** The error for a text whose brackets nest deeper than any snapshot, or undefined. */
function tooDeep(text: string, file: string): LoadResult | undefined {
  const deep = tooDeepAt(text);
  if (deep < 0) return undefined;
  const pos = lineColumns(text)(deep);
  return { errors: [{ file, line: pos.line, col: pos.col, endLine: pos.line, endCol: pos.col + 1, message: `nested more than ${MAX_NESTING} levels deep: not a cluster snapshot` }] };
}

/** Whether a text the JSON parser refused parses as YAML (small texts only: YAML costs memory). */
function parseYamlQuietly(text: string): boolean {
  if (text.length > 1 << 20) return false;
  return parseDocument(text, { prettyErrors: false }).errors.length === 0;
}

function parseYaml(text: string, file: string, fastPath: boolean): LoadResult {
  const fast = fastPath ? readBlockYamlDocument(text) : undefined;
  if (fast !== undefined) return yamlDocumentSnapshot(text, file, fast.value, fast.usedAnchors);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // After the first syntax error the parser's later complaints are mostly its own confusion
    // (one unquoted `[` gives dozens), so only the first is worth the user's attention.
    const e = doc.errors[0];
    return { errors: [{ file, ...offsetRange(e.pos[0], e.pos[1], lc), message: `invalid YAML: ${e.message.split("\n")[0]}` }] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  } catch (err) {
    return { errors: [{ file, line: 1, col: 1, endLine: 1, endCol: 1, message: `invalid YAML: ${(err as Error).message}` }] };
  }
  return validate(data, yamlLocator(doc, lc), file);
}

function yamlLocator(doc: Document, lc: LineCounter): Locator {
  return (requests) => requests.map((r) => rangeOf(nodeAt(doc, r.path, r.atKey), lc));
}

/** The library's node tree, built only when a problem needs its position (yaml-locate.ts). */
function lazyYamlLocator(text: string, data: Record<string, unknown>, usedAnchors: boolean): Locator {
  return (requests) => (requests.length === 0 ? [] : locateYamlPaths(text, data, requests, usedAnchors));
}

function jsonLocator(text: string): Locator {
  return (requests) => {
    if (requests.length === 0) return [];
    const pos = lineColumns(text);
    return locateJsonPaths(text, requests).map(([start, end]) => {
      const a = pos(start);
      const b = pos(Math.max(start, end));
      return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
    });
  };
}

function validate(data: unknown, locate: Locator, file: string): LoadResult {
  const place = (problems: Problem[], severity?: "warning"): SnapshotError[] => {
    const shown = problems.slice(0, MAX_ERRORS);
    const ranges = locate(shown);
    return shown
      .map((p, i): SnapshotError => ({ file, ...ranges[i], message: p.message, ...(severity ? { severity } : {}) }))
      .sort((a, b) => a.line - b.line || a.col - b.col);
  };
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { errors: place([{ path: [], message: "a cluster snapshot must be a mapping with keys such as server, members, instances" }]) };
  }
  const result = clusterSnapshotSchema.safeParse(data, { reportInput: true });
  if (!result.success) return { errors: place(result.error.issues.flatMap(issueProblems)) };
  const warnings = place(
    checkReferences(result.data).map((p) => ({ ...p, message: `${formatPath(p.path)}: ${p.message}` })),
    "warning",
  );
  return { snapshot: normalizeSnapshot(result.data), warnings };
}

function issueProblems(issue: $ZodIssue): Problem[] {
  // A list or map that may also be null (api/common.ts `nullable`): report what is wrong with
  // the value against the list or map, not "matches neither branch".
  if (issue.code === "invalid_union" && issue.errors.length === 2 && issue.errors[1].every((i) => i.code === "invalid_type" && i.expected === "null")) {
    return issue.errors[0].flatMap((inner) => issueProblems({ ...inner, path: [...issue.path, ...inner.path] } as $ZodIssue));
  }
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      atKey: true,
      message:
        issue.path.length === 0
          ? `unknown top-level key "${key}" (expected one of: ${SNAPSHOT_KEYS.filter((k) => k !== "$schema").join(", ")})`
          : `${formatPath(issue.path)}: unknown key "${key}"`,
    }));
  }
  const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
  return [{ path: issue.path, message: where + describe(issue) }];
}

function describe(issue: $ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  if (issue.code === "invalid_type") {
    if (input === undefined) return `missing required field (expected ${expectedName(issue.expected)})`;
    return `expected ${expectedName(issue.expected)}, got ${typeName(input)}`;
  }
  if (issue.code === "invalid_value") return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  // Only config values are unions (string | number | boolean): say what is accepted.
  if (issue.code === "invalid_union") return `expected a string (or a number or boolean, read as a string), got ${typeName(input)}`;
  if (issue.code === "too_small" && issue.origin === "string") return "must not be empty";
  if (issue.code === "too_small" && issue.origin === "number") return `must be at least ${String(issue.minimum)}, got ${typeName(input)}`;
  return issue.message;
}


