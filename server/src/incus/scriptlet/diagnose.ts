// Diagnostics of a scriptlet as Incus would judge it: every syntax and resolve error (the
// first one worded and placed exactly as Incus reports it), then — when it compiles — the
// validation Incus runs when the key is set (top level run, entry function and parameters).
// A pure function of the text and settings; the LSP and the CLI both use it.
import { parse } from "../../starlark/syntax";
import type { DefStmt, File } from "../../starlark/syntax/ast";
import { scriptletKind, type ScriptletKind } from "../knowledge/scriptlets";
import { LineIndex, type LspPosition } from "./positions";
import { compileScriptlet, checkFunctions } from "./validate";
import { Session } from "../../starlark/engine";

export type Severity = "error" | "warning" | "information" | "hint";

export interface ScriptletDiagnostic {
  range: { start: LspPosition; end: LspPosition };
  severity: Severity;
  message: string;
  /** e.g. "syntax", "resolve", "dialect", "validate", "init", or a lint rule id. */
  code: string;
}

export interface DiagnoseOptions {
  kind: ScriptletKind;
  version: string;
  /** Skip the sandboxed top-level run (cheaper; the LSP runs it off the typing path). */
  skipInit?: boolean;
}

export async function diagnoseScriptlet(fileName: string, text: string, opts: DiagnoseOptions): Promise<ScriptletDiagnostic[]> {
  const index = new LineIndex(text);
  const compiled = compileScriptlet(opts.kind, text, opts.version);
  if (!compiled.program) {
    return compiled.diagnostics.map((d) => {
      const start = index.fromEngine(d.pos);
      let end = index.fromEngine(d.end);
      if (end.line === start.line && end.character <= start.character) end = { line: start.line, character: start.character + 1 };
      return { range: { start, end }, severity: "error", message: d.msg, code: d.code };
    });
  }
  if (opts.skipInit) return [];
  const info = scriptletKind(opts.kind, opts.version);
  const session = await Session.create();
  try {
    const init = session.init(compiled.program, {});
    if (init.error) {
      const frame = init.error.backtrace[init.error.backtrace.length - 1];
      const start = frame ? index.fromLineCol(frame.line, frame.col) : { line: 0, character: 0 };
      return [{ range: { start, end: { line: start.line, character: start.character + 1 } }, severity: "error", message: init.error.message, code: "init" }];
    }
    const error = checkFunctions(session.globals(), [
      { spec: info.entry, optional: false },
      ...info.optionalFunctions.map((spec) => ({ spec, optional: true })),
    ]);
    if (!error) return [];
    const file = parse(fileName, text).file;
    const def = findDef(file, info.entry.name);
    const range = def
      ? { start: index.fromEngine(def.name.start), end: index.fromEngine(def.name.end) }
      : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return [{ range, severity: "error", message: error, code: "validate" }];
  } finally {
    session.dispose();
  }
}

function findDef(file: File, name: string): DefStmt | undefined {
  return file.stmts.find((s): s is DefStmt => s.kind === "DefStmt" && s.name.name === name);
}
