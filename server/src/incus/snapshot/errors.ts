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
  /** Absent means "error". Warnings (dangling references) do not stop a file from loading. */
  severity?: "error" | "warning";
}

/** `FILE:LINE:COL: error: MSG` (or `warning:`), one line per problem. */
export function formatErrors(errors: readonly SnapshotError[]): string {
  return errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.severity ?? "error"}: ${e.message}\n`).join("");
}
