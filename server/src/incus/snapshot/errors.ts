// Snapshot errors are positions in the user's file, printed the way compilers print them,
// so editors and terminals can jump to them. Never a stack trace.

/** 1-based line and column; `end*` is exclusive-ish (the end of the offending node). */
export interface SnapshotError {
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  message: string;
}

/** `FILE:LINE:COL: error: MSG`, one line per error. */
export function formatErrors(errors: readonly SnapshotError[]): string {
  return errors.map((e) => `${e.file}:${e.line}:${e.col}: error: ${e.message}\n`).join("");
}
