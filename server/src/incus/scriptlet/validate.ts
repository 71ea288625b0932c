// Incus's validation of a scriptlet when its config key is set: compile with the kind's
// predeclared names and the version's dialect, run the top level with no predeclared values,
// then check the required (and optional) functions and their parameter names. The messages
// are Incus's own (knowledge/scriptlet-kinds.json), so an editor shows what the server says.
import { compile, Session, type EvalFailure, type GlobalInfo } from "../../starlark/engine";
import type { SyntaxDiagnostic } from "../../starlark/syntax/ast";
import { scriptletDialect } from "../knowledge/scriptlets";
import { goSprintf } from "../knowledge/go-format";
import {
  predeclaredNames, smallIntResultNames, scriptletKind, validationMessages, type FunctionSpec, type ScriptletKind,
} from "../knowledge/scriptlets";

export interface ValidationResult {
  /** The error Incus would refuse the config with (its text exactly), if any. */
  error?: string;
  /** Compile problems with positions (all of them; the first is the one Incus reports). */
  diagnostics: SyntaxDiagnostic[];
  /** A failure of the top-level run, with its backtrace. */
  initFailure?: EvalFailure;
  globals?: GlobalInfo[];
}

/** Compiles `src` as Incus compiles a scriptlet of `kind` for `version`. */
export function compileScriptlet(kind: ScriptletKind, src: string, version: string) {
  const info = scriptletKind(kind, version);
  return compile(info.programName, src, {
    dialect: scriptletDialect(version),
    predeclared: predeclaredNames(kind, version),
    smallIntResults: smallIntResultNames(kind, version),
  });
}

/** Incus's Go error text of a compile error: `NAME:LINE:COL: MSG` (only the first). */
export function compileErrorText(programName: string, d: SyntaxDiagnostic): string {
  return `${programName}:${d.pos.line}:${d.pos.col}: ${d.msg}`;
}

export async function validateScriptlet(kind: ScriptletKind, src: string, version: string): Promise<ValidationResult> {
  const info = scriptletKind(kind, version);
  const compiled = compileScriptlet(kind, src, version);
  if (!compiled.program) {
    const first = compiled.diagnostics[0];
    return { error: compileErrorText(info.programName, first), diagnostics: compiled.diagnostics };
  }
  const session = await Session.create();
  try {
    const init = session.init(compiled.program, {});
    if (init.error) return { error: init.error.message, diagnostics: [], initFailure: init.error };
    const globals = session.globals();
    const error = checkFunctions(globals, [
      { spec: info.entry, optional: false },
      ...info.optionalFunctions.map((spec) => ({ spec, optional: true })),
    ]);
    return { error, diagnostics: [], globals };
  } finally {
    session.dispose();
  }
}

interface Declared {
  spec: FunctionSpec;
  optional: boolean;
}

/** Incus's validateFunction/validate: missing, mistyped and mismatching functions, joined
 *  into one sentence the way Incus joins them. */
export function checkFunctions(globals: GlobalInfo[], declared: Declared[]): string | undefined {
  const m = validationMessages.messages;
  const optionality = (optional: boolean) => (optional ? validationMessages.optionality.optional : validationMessages.optionality.required);
  const missing: string[] = [];
  const mistyped: string[] = [];
  const mismatching: string[] = [];
  for (const { spec, optional } of declared) {
    const g = globals.find((x) => x.name === spec.name);
    if (!g) {
      if (!optional) missing.push(spec.name);
      continue;
    }
    if (g.type !== "function") {
      mistyped.push(goSprintf(m.mistyped, spec.name, optionality(optional), g.type));
      continue;
    }
    const got = [...(g.params ?? [])];
    const expected = spec.params.map((p) => p.name);
    let match = got.length === expected.length;
    if (match) {
      // Incus sorts both lists in place before comparing, so they print sorted.
      got.sort();
      expected.sort();
      match = got.every((x, i) => x === expected[i]);
    }
    if (!match) mismatching.push(goSprintf(m.argMismatch, optionality(optional), spec.name, got, expected));
  }
  const sentences: string[] = [];
  if (missing.length === 1) sentences.push(goSprintf(m.missingOne, missing[0]));
  else if (missing.length > 1) sentences.push(goSprintf(m.missingMany, missing));
  if (mistyped.length) sentences.push(mistyped.join(validationMessages.joiners.withinGroup));
  if (mismatching.length) sentences.push(mismatching.join(validationMessages.joiners.withinGroup));
  if (!sentences.length) return undefined;
  return sentences.reduce((acc, s, i) => acc + (i === 0 ? "" : i === 1 ? validationMessages.joiners.second : validationMessages.joiners.third) + s, "");
}
