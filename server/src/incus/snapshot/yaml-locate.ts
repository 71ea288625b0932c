// Positions for the problems of a YAML snapshot that the fast path (block-yaml.ts) read: the
// YAML library parses the text and its node tree gives the ranges, exactly as for any YAML
// file. On a big capture that tree is the expensive part (~20 s and ~2 GB for 50 MB), and the
// problems sit in a few list entries or map entries of a few sections, so the library is given
// a copy of the text in which every other line is emptied: the kept lines keep their numbers and
// columns, and the tree holds only the entries that have a problem.
import { LineCounter, parseDocument } from "yaml";
import { nodeAt, rangeOf, type SourceRange } from "./locate";

export interface YamlRequest {
  path: readonly PropertyKey[];
  atKey?: boolean;
}

/** Below this size the whole text is parsed: masking saves nothing worth its risk. */
const MASK_FROM_CHARS = 1 << 20;

/**
 * Ranges for `requests` in `text`, a document the fast path read into `data` (a text inside its
 * subset: no anchors, one-line scalars, block scalars indented under their key).
 */
export function locateYamlPaths(text: string, data: Record<string, unknown>, requests: readonly YamlRequest[], usedAnchors: boolean, maskFrom = MASK_FROM_CHARS): SourceRange[] {
  const masked = text.length >= maskFrom && !usedAnchors ? maskFor(text, data, requests) : undefined;
  const source = masked?.text ?? text;
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  return requests.map((r, i) => rangeOf(nodeAt(doc, masked ? masked.paths[i] : r.path, r.atKey), lc));
}

interface Section {
  /** Line index of `key:` at column 0. */
  keyLine: number;
  /** First line index after the section. */
  end: number;
  /** Line index where each entry starts (list entries `- …`, or map keys), in order. */
  entries: number[];
}

/**
 * The text with only the lines the requests need (each top-level key line, and of each
 * requested section the requested entries or all of it), and the requests' paths renumbered
 * for the list entries that remain. Undefined when a request points outside what can be kept
 * (the root, a section the document lacks): then the whole text is parsed.
 */
function maskFor(text: string, data: Record<string, unknown>, requests: readonly YamlRequest[]): { text: string; paths: PropertyKey[][] } | undefined {
  const starts = lineStarts(text);
  const sections = topLevelSections(text, starts);
  if (!sections) return undefined;
  /** Section key → the entries to keep (undefined: the whole section). */
  const keep = new Map<string, Set<number> | undefined>();
  for (const r of requests) {
    const [section, entry] = r.path;
    if (typeof section !== "string" || !Object.prototype.hasOwnProperty.call(data, section) || !sections.has(section)) return undefined;
    const value = data[section];
    const position = r.path.length >= 2 ? entryIndex(value, entry) : -1;
    if (position < 0 || sections.get(section)!.entries.length <= position) {
      keep.set(section, undefined);
      continue;
    }
    if (keep.has(section) && keep.get(section) === undefined) continue;
    const set = keep.get(section) ?? new Set<number>();
    set.add(position);
    keep.set(section, set);
  }
  const kept = new Uint8Array(starts.length);
  for (const s of sections.values()) kept[s.keyLine] = 1;
  for (const [name, entries] of keep) {
    const s = sections.get(name)!;
    if (entries === undefined) {
      kept.fill(1, s.keyLine, s.end);
      continue;
    }
    for (const e of entries) kept.fill(1, s.entries[e], e + 1 < s.entries.length ? s.entries[e + 1] : s.end);
  }
  const paths = requests.map((r) => {
    const [section, entry] = r.path as [string, PropertyKey];
    const entries = keep.get(section);
    if (entries === undefined || !Array.isArray(data[section])) return [...r.path];
    const rank = [...entries].filter((e) => e < Number(entry)).length;
    return [section, rank, ...r.path.slice(2)];
  });
  return { text: blankLines(text, starts, kept), paths };
}

/** The position of a list index or map key among the section's entries, or -1. */
function entryIndex(value: unknown, entry: PropertyKey | undefined): number {
  if (Array.isArray(value)) return typeof entry === "number" && Number.isInteger(entry) && entry >= 0 && entry < value.length ? entry : -1;
  if (value !== null && typeof value === "object" && typeof entry === "string") {
    const keys = Object.keys(value);
    // JS lists integer-like keys first, whatever the text's order: then the order is unknown.
    if (keys.some((k) => /^(0|[1-9][0-9]*)$/.test(k))) return -1;
    return keys.indexOf(entry);
  }
  return -1;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The top-level sections and their entries. In the fast path's subset every content line at
 * column 0 is a top-level key (text blocks are indented under their key), and a section's
 * entries are its content lines at the indentation of its first one.
 */
function topLevelSections(text: string, starts: number[]): Map<string, Section> | undefined {
  const sections = new Map<string, Section>();
  let current: (Section & { indent: number }) | undefined;
  for (let line = 0; line < starts.length; line++) {
    const start = starts[line];
    let i = start;
    while (text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    if (Number.isNaN(c) || c === 10 || c === 35 /* # */) continue;
    const indent = i - start;
    if (indent === 0) {
      if (current) current.end = line;
      if (text.startsWith("---", i)) continue;
      const key = topLevelKey(text, i);
      if (key === undefined || sections.has(key)) return undefined;
      current = { keyLine: line, end: starts.length, entries: [], indent: -1 };
      sections.set(key, current);
      continue;
    }
    if (!current) return undefined;
    if (current.indent < 0) current.indent = indent;
    if (indent === current.indent) current.entries.push(line);
  }
  return sections;
}

/** The plain or double-quoted key at i (the sections are named by plain words). */
function topLevelKey(text: string, i: number): string | undefined {
  const colon = text.indexOf(":", i);
  const end = text.indexOf("\n", i);
  if (colon < 0 || (end >= 0 && colon > end)) return undefined;
  const raw = text.slice(i, colon).trim();
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(raw)) return raw;
  if (/^"[A-Za-z_$][A-Za-z0-9_$]*"$/.test(raw)) return raw.slice(1, -1);
  return undefined;
}

/**
 * Lines not kept become empty, the first of each run a `#` (so a text block above it ends where
 * it ended before): every kept line keeps its line number and its columns, which is all a range
 * is made of, and the library reads a text no longer than the kept lines plus one byte a line.
 */
function blankLines(text: string, starts: number[], kept: Uint8Array): string {
  const parts: string[] = [];
  for (let line = 0; line < starts.length; ) {
    const from = line;
    const keep = kept[line];
    while (line < starts.length && kept[line] === keep) line++;
    const a = starts[from];
    const b = line < starts.length ? starts[line] : text.length;
    if (keep) {
      parts.push(text.slice(a, b));
      continue;
    }
    const lines = line - from;
    const endsWithNewline = text.charCodeAt(b - 1) === 10;
    parts.push("#" + "\n".repeat(lines - (endsWithNewline ? 0 : 1)));
  }
  return parts.join("");
}
