// Diagnostics of a scriptlet file as the CLI reports them: the language service's static
// diagnostics (Incus's compile errors, its validation of the entry function, the lint), then
// — when nothing is wrong statically — the top level run in the sandbox the way Incus runs it
// when the key is set (no builtins defined), which catches errors only a run reveals.
import { Analysis } from "./analysis";
import type { ScriptletContext } from "./context";
import type { Diagnostic } from "./diagnostic";
import { scriptletDiagnostics } from "./diagnostics";
import { Session } from "../../starlark/engine";
import { compileScriptlet } from "../../incus/scriptlet/validate";

export type { Diagnostic };
export type ScriptletDiagnostic = Diagnostic;

export async function diagnoseScriptlet(fileName: string, text: string, ctx: ScriptletContext): Promise<Diagnostic[]> {
  const analysis = new Analysis(fileName, text, ctx);
  const diagnostics = scriptletDiagnostics(analysis);
  if (diagnostics.some((d) => d.severity === "error")) return diagnostics;
  const compiled = compileScriptlet(ctx.kind, text, ctx.version);
  if (!compiled.program) return diagnostics;
  const session = await Session.create();
  try {
    const init = session.init(compiled.program, {});
    if (init.error) {
      const frame = init.error.backtrace[init.error.backtrace.length - 1];
      const start = frame ? analysis.lines.fromLineCol(frame.line, frame.col) : { line: 0, character: 0 };
      diagnostics.unshift({
        range: { start, end: { line: start.line, character: start.character + 1 } },
        severity: "error",
        message: init.error.message,
        code: "top-level-run",
        incusPosition: frame ? { line: frame.line, col: frame.col } : undefined,
      });
    }
  } finally {
    session.dispose();
  }
  return diagnostics;
}
