// Errors crossing the sandbox boundary, host side.

/** Thrown by a host function to fail the Starlark call with exactly this message (as a Go
 *  builtin returning an error). */
export class StarlarkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StarlarkError";
  }
}

/** One frame of a Starlark backtrace, outermost first (go.starlark.net's CallStack). */
export interface BacktraceFrame {
  function: string;
  file: string;
  line: number;
  col: number;
}

/** A failed Starlark evaluation: go.starlark.net's message (EvalError.Error()) and the
 *  call stack at the point of failure. */
export interface EvalFailure {
  message: string;
  backtrace: BacktraceFrame[];
  /** Set when one of the tool's own limits (time, memory, stack) ended the run, which is
   *  then not an outcome Incus would reach: callers report it apart ("stopped by the
   *  tool's ..."); the session is unusable if `fatal`. Incus's own cancellation
   *  (Limits.cancel) has no `limit`. */
  limit?: "timeout" | "memory" | "stack";
  fatal?: boolean;
}

/** go.starlark.net's EvalError.Backtrace() text. */
export function formatBacktrace(f: EvalFailure): string {
  // A builtin on top is not listed but named: "Error in len: ...".
  let frames = f.backtrace;
  let suffix = "";
  const last = frames[frames.length - 1];
  if (last && last.file === "<builtin>") {
    suffix = ` in ${last.function}`;
    frames = frames.slice(0, -1);
  }
  let out = frames.length ? "Traceback (most recent call last):\n" : "";
  for (const fr of frames) {
    const pos = fr.file === "<builtin>" ? "<builtin>" : `${fr.file}:${fr.line}:${fr.col}`;
    out += `  ${pos}: in ${fr.function}\n`;
  }
  return `${out}Error${suffix}: ${f.message}`;
}
