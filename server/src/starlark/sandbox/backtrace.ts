// QuickJS stack → Starlark backtrace. Compiled programs are evaluated under their own JS
// file names; each one's position table maps the JS line:col of its fallible call sites to
// Starlark positions. Frames elsewhere (the runtime, helpers, cuts of deep expressions
// called at unmarked sites) are skipped, and a comprehension wrapper's call site counts
// only when nothing inside the wrapper did, so the innermost marked frame of each Starlark
// activation is the one reported, as go.starlark.net reports the pc of each frame.
import type { CompiledProgram } from "../compile/program";
import type { BacktraceFrame } from "./errors";

const FRAME = /^\s*at (.*?) \((.*):(\d+):(\d+)\)\s*$/;

/** Runtime functions named in the stack: a method call site whose callMethod frame called
 *  getAttr directly failed in the attribute lookup (esbuild may suffix names with digits). */
const CALL_METHOD = /^callMethod\d*$/;
/** Arrow functions of compiled code (comprehension wrappers, cuts `$cN`, hoisted
 *  comprehensions `$qN`): they run as part of the Starlark function that defines them. */
const ARROW = /^(<anonymous>|\$[cq]\d+)$/;
const GET_ATTR = /^getAttr\d*$/;

/** QuickJS's file name for eval'd code: the functions compiled on their first call. */
const EVAL_FILE = "<input>";
/** The suffix naming the text of a lazily compiled function (compile/codegen.ts, lazy). */
const LAZY_KEY = /__([0-9a-z]+_\d+)$/;

/** Frames outermost first. `programs` maps JS file names to compiled programs. */
export function starlarkBacktrace(stack: string, programs: ReadonlyMap<string, CompiledProgram>): BacktraceFrame[] {
  const parsed: { fn: string; file: string; at: string }[] = [];
  for (const line of stack.split("\n")) {
    const m = FRAME.exec(line);
    if (m) parsed.push({ fn: m[1], file: m[2], at: `${m[3]}:${m[4]}` });
  }
  const frames: BacktraceFrame[] = [];
  const seen: string[] = []; // JS function names, innermost first
  /** Whether a frame of the Starlark activation being read (the frames since the last
   *  JS function that is not an arrow) was reported. */
  let activationReported = false;
  parsed.forEach(({ fn, file, at }, k) => {
    seen.push(fn);
    const reported = frameOf(fn, file, at, k);
    if (reported) frames.push(reported);
    activationReported = ARROW.test(fn) && (activationReported || reported !== undefined);
  });
  return frames.reverse();

  function frameOf(fn: string, file: string, at: string, k: number): BacktraceFrame | undefined {
    let prog = programs.get(file);
    let key = at;
    if (file === EVAL_FILE) {
      // Eval'd code: a lazily compiled function's text, named by the suffix of its
      // functions; an arrow function (a comprehension, a cut of deep nesting) runs inside
      // the function that defines it, the next eval'd frame outwards.
      let lazy: string | undefined;
      for (let j = k; j < parsed.length && lazy === undefined; j++) {
        if (parsed[j].file === EVAL_FILE) lazy = LAZY_KEY.exec(parsed[j].fn)?.[1];
      }
      if (lazy === undefined) return undefined;
      key = `${lazy}@${at}`;
      prog = [...programs.values()].find((p) => p.positions[key] !== undefined);
    }
    if (!prog) return undefined;
    const entry = prog.positions[key];
    if (!entry) return undefined;
    // A comprehension's wrapper called here: the same Starlark activation, which the
    // wrapper's frame (or one it called) has reported unless the stack ran out before it
    // reached a marked call; then the comprehension is the position.
    if (entry[3] === "wrap" && activationReported) return undefined;
    const n = seen.length;
    const attrFailed = entry.length === 5 && n >= 3 && CALL_METHOD.test(seen[n - 2]) && GET_ATTR.test(seen[n - 3]);
    return attrFailed
      ? { function: entry[0], file: prog.path, line: entry[3] as number, col: entry[4]! }
      : { function: entry[0], file: prog.path, line: entry[1], col: entry[2] };
  }
}

import type { ActiveCall } from "../runtime/bridge";
export type { ActiveCall };

/** Completes a backtrace derived from the JS stack with the runtime's call stack:
 *  go.starlark.net's builtin frames (`<builtin>`, line 0, col 0), and the frame of a
 *  function that failed before its body ran (argument binding), at its entry position.
 *  Returns the backtrace unchanged when the two do not line up. */
export function completeBacktrace(
  frames: BacktraceFrame[], calls: ActiveCall[] | undefined, programs: ReadonlyMap<string, CompiledProgram>,
): BacktraceFrame[] {
  if (!calls) return frames;
  const starlarkCalls = calls.filter((c) => "f" in c).length;
  // The JS stack may also hold the top level (which the runtime does not push); an
  // innermost function that has not started has no JS frame.
  const extra = frames.length > 0 && frames[0].function === "<toplevel>" ? 1 : 0;
  const jsFunctions = frames.length - extra;
  const last = calls[calls.length - 1];
  let notStarted = 0;
  if (starlarkCalls === jsFunctions + 1 && last !== undefined && "f" in last) notStarted = 1;
  else if (starlarkCalls !== jsFunctions) return frames;
  const out: BacktraceFrame[] = frames.slice(0, extra);
  let next = extra;
  calls.forEach((c, i) => {
    if ("b" in c) out.push({ function: c.b, file: "<builtin>", line: 0, col: 0 });
    else if (notStarted && i === calls.length - 1) {
      for (const prog of programs.values()) {
        const e = prog.entries?.[c.f];
        if (e) {
          out.push({ function: e[0], file: prog.path, line: e[1], col: e[2] });
          return;
        }
      }
    } else out.push(frames[next++]);
  });
  return out;
}
