// QuickJS stack → Starlark backtrace. Compiled programs are evaluated under their own JS
// file names; each one's position table maps the JS line:col of its fallible call sites to
// Starlark positions. Frames elsewhere (the runtime, helpers, comprehension wrappers called
// at unmarked sites) are skipped, so the innermost marked frame of each Starlark activation
// is the one reported, as go.starlark.net reports the pc of each frame.
import type { CompiledProgram } from "../compile/program";
import type { BacktraceFrame } from "./errors";

const FRAME = /^\s*at (.*?) \((.*):(\d+):(\d+)\)\s*$/;

/** Frames outermost first. `programs` maps JS file names to compiled programs. */
export function starlarkBacktrace(stack: string, programs: ReadonlyMap<string, CompiledProgram>): BacktraceFrame[] {
  const frames: BacktraceFrame[] = [];
  for (const line of stack.split("\n")) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const prog = programs.get(m[2]);
    if (!prog) continue;
    const entry = prog.positions[`${m[3]}:${m[4]}`];
    if (!entry) continue;
    frames.push({ function: entry[0], file: prog.path, line: entry[1], col: entry[2] });
  }
  return frames.reverse();
}
