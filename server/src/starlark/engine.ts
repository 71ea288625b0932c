// The Starlark engine as the rest of the project uses it: compile a file (parse + resolve,
// with go.starlark.net's diagnostics) into a program, then run it in a sandboxed Session
// (Program.Init + Freeze, calls of its functions, host functions, limits).
//
//   const { diagnostics, program } = compile("x.star", src, { dialect, predeclared });
//   const s = await Session.create();
//   const r = s.init(program!, { log_info: (args) => null }, { timeoutMs: 5000 });
//   s.call("instance_placement", [request, candidates]);
//   s.dispose();
import type { SyntaxDiagnostic } from "./syntax/ast";
import { parse } from "./syntax";
import { type Dialect, isUniverseName, resolveFile } from "./resolve";
import { compileFile } from "./compile";
import type { CompiledProgram } from "./compile/program";

export type { CompiledProgram } from "./compile/program";
export { Session, type HostFunction, type GlobalInfo, type CallResult, type Predeclared } from "./sandbox/session";
export { StarlarkError, formatBacktrace, type EvalFailure, type BacktraceFrame } from "./sandbox/errors";
export { type Limits, DEFAULT_LIMITS, limitsFromOptions } from "./sandbox/limits";
export {
  type SemanticsOptions, semanticsFor, DEFAULT_SEMANTICS, DEBIAN_STARLARK_GO, INCUS_604_STARLARK_GO, STARLARK_GO_VERSIONS,
} from "./runtime/semantics";
export * from "./sandbox/hostValues";
export { toByteString, fromByteString, displayString } from "./sandbox/marshal";

export interface CompileOptions {
  dialect: Dialect;
  /** Names the host will predeclare (its builtins); others are undefined at compile time. */
  predeclared: readonly string[];
  /** Those of them whose result is always a safe integer (or an error): see compile/int-kinds.ts. */
  smallIntResults?: readonly string[];
}

export interface CompileResult {
  /** Every diagnostic; the first is the error go.starlark.net would report. */
  diagnostics: SyntaxDiagnostic[];
  /** Present when there are no diagnostics. */
  program?: CompiledProgram;
}

export function compile(path: string, src: string, opts: CompileOptions): CompileResult {
  const parsed = parse(path, src);
  // go.starlark.net stops at the first syntax error and never resolves a broken file.
  if (parsed.errors.length) return { diagnostics: parsed.errors };
  const predeclared = new Set(opts.predeclared);
  const diagnostics = resolveFile(parsed.file, {
    dialect: opts.dialect,
    isPredeclared: (name) => predeclared.has(name),
    isUniversal: isUniverseName,
  });
  if (diagnostics.length) return { diagnostics };
  try {
    return { diagnostics, program: compileFile(parsed.file, { load: opts.dialect.load, recursion: opts.dialect.recursion, smallIntResults: opts.smallIntResults }) };
  } catch (e) {
    // Unreachable by design (the parser's nesting limit follows the thread's stack,
    // syntax/stack-budget.ts); a bug must not take the caller down.
    const pos = { line: 1, col: 1, offset: 0 };
    return { diagnostics: [{ pos, end: pos, msg: `internal error: ${e instanceof Error ? e.message : String(e)}`, code: "syntax" }] };
  }
}

/** "file:line:col: msg", as go.starlark.net prints a compile error. */
export function formatDiagnostic(path: string, d: SyntaxDiagnostic): string {
  return `${path}:${d.pos.line}:${d.pos.col}: ${d.msg}`;
}
