// Reads go.starlark.net's "chunked" test files (internal/chunkedfile): chunks separated by
// "---" lines, each an independent program; a `### "regexp"` (Go string syntax) on a line
// expects an error on that line whose message matches the Go regexp.
import { readFileSync } from "node:fs";

export interface Chunk {
  /** The chunk's text, padded with newlines so that line numbers match the file. */
  source: string;
  /** Line number of the chunk's first line in the file. */
  firstLine: number;
  /** Expected errors by line number. */
  want: Map<number, RegExp>;
}

/** Decodes a Go string literal: `raw` or "interpreted" (the escapes these files use). */
function goUnquote(lit: string): string {
  if (lit.startsWith("`") && lit.endsWith("`")) return lit.slice(1, -1);
  if (lit.startsWith('"') && lit.endsWith('"')) return JSON.parse(lit) as string;
  throw new Error(`not a quoted regexp: ${lit}`);
}

export function readChunks(path: string): Chunk[] {
  const data = readFileSync(path, "utf8");
  const chunks: Chunk[] = [];
  let line = 1;
  for (const text of data.split("\n---\n")) {
    const firstLine = line;
    const want = new Map<number, RegExp>();
    for (const l of text.split("\n")) {
      const hashes = l.indexOf("###");
      if (hashes >= 0) want.set(line, new RegExp(goUnquote(l.slice(hashes + 3).trim())));
      line++;
    }
    line++; // the "---" line
    chunks.push({ source: "\n".repeat(firstLine - 1) + text, firstLine, want });
  }
  return chunks;
}
