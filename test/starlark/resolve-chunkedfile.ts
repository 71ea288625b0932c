// A port of go.starlark.net's internal/chunkedfile, the driver of its *.star test files:
// chunks separated by "---" lines, each line's `### "regexp"` (a Go string literal) being
// the error expected on that line. Chunks are padded with newlines so that their line
// numbers are those of the whole file.
import { readFileSync } from "node:fs";

export interface Chunk {
  /** 1-based line of the chunk's first line in the file. */
  firstLine: number;
  /** The chunk's text, preceded by firstLine-1 newlines. */
  source: string;
  /** Expected error pattern by line. */
  wantErrors: Map<number, RegExp>;
}

/** strconv.Unquote for the two forms the test files use: `raw` and "interpreted". */
function unquoteGo(lit: string): string | undefined {
  if (lit.length >= 2 && lit.startsWith("`") && lit.endsWith("`")) return lit.slice(1, -1);
  if (lit.length >= 2 && lit.startsWith('"') && lit.endsWith('"')) {
    try {
      return JSON.parse(lit) as string; // Go's escapes used in test files are JSON's
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function readChunks(path: string): Chunk[] {
  const data = readFileSync(path, "utf8");
  const chunks: Chunk[] = [];
  let linenum = 1;
  for (const text of data.split("\n---\n")) {
    const firstLine = linenum;
    const wantErrors = new Map<number, RegExp>();
    for (const line of text.split("\n")) {
      const hashes = line.indexOf("###");
      if (hashes >= 0) {
        const pattern = unquoteGo(line.slice(hashes + 3).trim());
        if (pattern === undefined) throw new Error(`${path}:${linenum}: not a quoted regexp`);
        wantErrors.set(linenum, new RegExp(pattern));
      }
      linenum++;
    }
    linenum++; // the "---" line
    chunks.push({ firstLine, source: "\n".repeat(firstLine - 1) + text, wantErrors });
  }
  return chunks;
}

/** chunk.GotError + chunk.Done: the discrepancies between the errors reported (in order)
 *  and those expected, worded like Go's reporter. Empty when the chunk passes. */
export function checkChunk(chunk: Chunk, errors: readonly { line: number; msg: string }[]): string[] {
  const want = new Map(chunk.wantErrors);
  const problems: string[] = [];
  for (const { line, msg } of errors) {
    const rx = want.get(line);
    if (rx) {
      want.delete(line);
      if (!rx.test(msg)) problems.push(`${line}: error ${JSON.stringify(msg)} does not match pattern ${rx}`);
    } else {
      problems.push(`${line}: unexpected error: ${msg}`);
    }
  }
  for (const [line, rx] of want) problems.push(`${line}: expected error matching ${rx}`);
  return problems;
}
