// Reads a snapshot file's bytes into text, refusing what is not a snapshot before any parser
// sees it: a file too big to be one, UTF-16 (a BOM, as some editors save), bytes that are not
// UTF-8 (Node would quietly turn them into U+FFFD and the snapshot would load altered). Each
// refusal names the byte's line and column.
import { readFileSync, statSync } from "node:fs";
import type { SnapshotError } from "./errors";

/** Far above a real capture (100,000 instances is ~150 MB of JSON), below V8's string limit. */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

export type ReadResult = { text: string; error?: undefined } | { text?: undefined; error: SnapshotError };

export function readSnapshotText(file: string, maxBytes = MAX_SNAPSHOT_BYTES): ReadResult {
  const at = (line: number, col: number, message: string): ReadResult => ({ error: { file, line, col, endLine: line, endCol: col + 1, message } });
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > maxBytes) return at(1, 1, `snapshot is ${(size / 1048576).toFixed(0)} MB; the limit is ${(maxBytes / 1048576).toFixed(0)} MB`);
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (err as Error).message;
    return at(1, 1, `cannot read snapshot: ${reason}`);
  }
  return decodeSnapshotBytes(bytes, file);
}

export function decodeSnapshotBytes(bytes: Buffer, file: string): ReadResult {
  const at = (line: number, col: number, message: string): ReadResult => ({ error: { file, line, col, endLine: line, endCol: col + 1, message } });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return at(1, 1, "the file is UTF-16; save the snapshot as UTF-8");
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // UTF-8 BOM: dropped
  const text = bytes.toString("utf8", start);
  if (text.includes("\uFFFD")) {
    const bad = firstInvalidUtf8(bytes, start);
    if (bad >= 0) {
      const before = bytes.subarray(start, bad);
      let line = 1;
      let lineStart = 0;
      for (let i = before.indexOf(10); i !== -1; i = before.indexOf(10, i + 1)) {
        line++;
        lineStart = i + 1;
      }
      const col = before.subarray(lineStart).toString("utf8").length + 1;
      return at(line, col, `not UTF-8: byte 0x${bytes[bad].toString(16).padStart(2, "0")} at offset ${bad} cannot start or continue a character (a snapshot must be UTF-8)`);
    }
  }
  if (text.includes("\u0000")) {
    const i = text.indexOf("\u0000");
    const lines = text.slice(0, i).split("\n");
    return at(lines.length, lines[lines.length - 1].length + 1, "a NUL byte: this is not a text file");
  }
  return { text };
}

/** Offset of the first byte that breaks UTF-8 (bad lead, bad continuation, overlong, surrogate, truncated), or -1. */
export function firstInvalidUtf8(b: Buffer, from = 0): number {
  let i = from;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) (n = 1), (min = 0x80);
    else if (c >= 0xe0 && c <= 0xef) (n = 2), (min = 0x800);
    else if (c >= 0xf0 && c <= 0xf4) (n = 3), (min = 0x10000);
    else return i;
    if (i + n >= b.length) return i; // cut off at the end of the file
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/** Deeper than any snapshot (real ones nest ~8 levels); parsers recurse (the YAML one overflows near 1,000), so this is checked first. */
export const MAX_NESTING = 256;

/**
 * Where brackets first nest deeper than `max` (outside double-quoted strings, where a backslash
 * escapes the next character), as an offset, or -1. One linear pass that jumps from bracket to
 * quote with native searches (a character loop took ~2 s on a 140 MB capture); it lets a hostile
 * `[[[[…` file be refused with a position instead of overflowing a parser's stack.
 */
export function tooDeepAt(text: string, max = MAX_NESTING): number {
  const special = /["[\]{}]/g;
  let depth = 0;
  /** The next backslash at or after the current string position (searched again only once passed). */
  let backslash = -2;
  for (;;) {
    const m = special.exec(text);
    if (m === null) return -1;
    const i = m.index;
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the string: its end is the first quote not taken by a backslash escape.
      let j = i + 1;
      for (;;) {
        const quote = text.indexOf('"', j);
        if (quote < 0) return -1; // unterminated: nothing after it counts
        if (backslash < j && backslash !== -1) backslash = text.indexOf("\\", j);
        if (backslash === -1 || backslash > quote) {
          special.lastIndex = quote + 1;
          break;
        }
        j = backslash + 2; // the escaped character, whatever it is, is skipped
        if (j > text.length) return -1;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return i;
    } else if (depth > 0) depth--;
  }
}

/** Whether parsed data nests containers deeper than `max` (the root container is level 1). */
export function nestsDeeperThan(value: unknown, max = MAX_NESTING): boolean {
  return depthBelow(value, 1, max) > max;
}

/** The nesting depth of value (a container at `level`), or the first level past max. */
function depthBelow(value: unknown, level: number, max: number): number {
  if (value === null || typeof value !== "object") return level - 1;
  if (level > max) return level;
  let deepest = level;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item === null || typeof item !== "object") continue;
      const d = depthBelow(item, level + 1, max);
      if (d > deepest) deepest = d;
      if (deepest > max) break;
    }
    return deepest;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (item === null || typeof item !== "object") continue;
    const d = depthBelow(item, level + 1, max);
    if (d > deepest) deepest = d;
    if (deepest > max) break;
  }
  return deepest;
}
