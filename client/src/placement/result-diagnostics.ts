// Where a failed placement run points in the scriptlet: the innermost frame of the Starlark
// backtrace, else the `file:LINE:COL:` of a compile error, else the entry point.
import type { SimulationResult } from "../../../server/src/lsp/protocol";

export interface ResultProblem {
  /** Zero-based, as VS Code positions. */
  line: number;
  character: number;
  message: string;
}

export function problemsOf(result: SimulationResult, entryLine = 0): ResultProblem[] {
  const seen = new Set<string>();
  const out: ResultProblem[] = [];
  for (const p of result.placements) {
    if (!p.error) continue;
    const where = locate(p.error, p.backtrace, entryLine);
    const message = `${p.instance ? `${p.instance}: ` : ""}${p.incusMessage ?? p.error}`;
    const key = `${where.line}:${where.character}:${p.error}`;
    if (seen.has(key)) continue; // an evacuation fails the same way for many instances
    seen.add(key);
    out.push({ ...where, message });
  }
  return out;
}

function locate(error: string, backtrace: { line: number; col: number }[] | undefined, entryLine: number): { line: number; character: number } {
  const frame = backtrace && backtrace.length > 0 ? backtrace[backtrace.length - 1] : undefined;
  if (frame && frame.line > 0) return { line: frame.line - 1, character: Math.max(0, frame.col - 1) };
  const m = /^[\w.-]+:(\d+):(\d+): /.exec(error);
  if (m) return { line: Number(m[1]) - 1, character: Math.max(0, Number(m[2]) - 1) };
  return { line: entryLine, character: 0 };
}
