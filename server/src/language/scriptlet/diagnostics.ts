// All diagnostics of a scriptlet: Incus's compile errors (the first worded and placed as
// Incus reports it; the parser's recovery finds the rest), the validation Incus runs when the
// key is set, then the Incus-aware lint. A correct scriptlet gets none.
import type { SyntaxDiagnostic } from "../../starlark/syntax/ast";
import type { Analysis } from "./analysis";
import { rangeAt, type Diagnostic } from "./diagnostic";
import { builtinAtTopLevel } from "./lint/builtin-at-top-level";
import { configKey } from "./lint/config-key";
import { entryFunction } from "./lint/entry-function";
import { entryReturn } from "./lint/entry-return";
import { objectAccess } from "./lint/object-access";
import { positionalInstances } from "./lint/positional-instances";
import { reasonCompare } from "./lint/reason-compare";
import { setTargetMember } from "./lint/set-target-member";
import { unreachableCode, unusedLocals } from "./lint/unused-and-unreachable";
import { forgetScopedNodes } from "./walk-scoped";

const LINT_RULES: ((a: Analysis) => Diagnostic[])[] = [
  entryFunction,
  builtinAtTopLevel,
  setTargetMember,
  objectAccess,
  configKey,
  reasonCompare,
  entryReturn,
  positionalInstances,
  unusedLocals,
  unreachableCode,
];

function fromSyntax(a: Analysis, d: SyntaxDiagnostic): Diagnostic {
  return {
    range: rangeAt(a, d.from ?? d.pos, d.end),
    severity: "error",
    message: d.msg,
    code: d.code,
    incusPosition: { line: d.pos.line, col: d.pos.col },
  };
}

export type RuleLog = (message: string) => void;

const stderrLog: RuleLog = (m) => process.stderr.write(m + "\n");

export type LintRule = (a: Analysis) => Diagnostic[];

export function scriptletDiagnostics(a: Analysis, log: RuleLog = stderrLog, rules: readonly LintRule[] = LINT_RULES): Diagnostic[] {
  const out = [...a.syntaxErrors, ...a.resolveErrors].map((d) => fromSyntax(a, d));
  for (const rule of rules) {
    try {
      out.push(...rule(a));
    } catch (e) {
      // A lint rule must never take the diagnostics of a document down; say which one failed.
      log(`scriptlet lint rule ${rule.name} failed on ${a.uri}: ${(e as Error).stack ?? e}`);
    }
  }
  forgetScopedNodes(a);
  return out;
}
