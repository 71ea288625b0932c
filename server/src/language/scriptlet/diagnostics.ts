// All diagnostics of a scriptlet: Incus's compile errors (the first worded and placed as
// Incus reports it; the parser's recovery finds the rest), the validation Incus runs when the
// key is set, then the Incus-aware lint. A correct scriptlet gets none.
//
// Most lint rules look at one top-level statement at a time: their findings are kept per
// statement (statement-cache.ts LintRecord) and reused for the next version of the document
// while the statement, its resolution, its inference and the file-level types the rules read
// are unchanged (moved to the statement's new lines). The result, in the same order, equals
// running every rule over the whole file (a randomized test compares them).
import type { Stmt, SyntaxDiagnostic } from "../../starlark/syntax/ast";
import type { Analysis } from "./analysis";
import { rangeAt, type Diagnostic } from "./diagnostic";
import { builtinAtTopLevel } from "./lint/builtin-at-top-level";
import { configKey, configKeyOf } from "./lint/config-key";
import { entryFunction } from "./lint/entry-function";
import { entryReturn } from "./lint/entry-return";
import { objectAccess, objectSubscripts, unknownFields } from "./lint/object-access";
import { positionalInstances } from "./lint/positional-instances";
import { reasonCompare } from "./lint/reason-compare";
import { setTargetMember } from "./lint/set-target-member";
import { unreachableCode, unreachableNested, unreachableTopLevel, unusedLocals, unusedLocalsIn } from "./lint/unused-and-unreachable";
import type { LspPosition } from "../../incus/scriptlet/positions";
import { alignByStatement, type LintRecord } from "./statement-cache";
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

/** The rules over one top-level statement at a time (`stmts` is that statement alone), in
 *  the order their findings come: a rule that lists two kinds of node one after the other
 *  over the whole file is two sections. */
const STATEMENT_SECTIONS: { name: string; run: (a: Analysis, stmts: readonly Stmt[]) => Diagnostic[] }[] = [
  { name: "builtinAtTopLevel", run: builtinAtTopLevel },
  { name: "setTargetMember", run: setTargetMember },
  { name: "objectAccess", run: objectSubscripts },
  { name: "objectAccess", run: unknownFields },
  { name: "configKey", run: (a, s) => configKeyOf(a, "IndexExpr", s) },
  { name: "configKey", run: (a, s) => configKeyOf(a, "CallExpr", s) },
  { name: "reasonCompare", run: reasonCompare },
  { name: "positionalInstances", run: positionalInstances },
  { name: "unusedLocals", run: unusedLocalsIn },
  { name: "unreachableCode", run: unreachableNested },
];

export function scriptletDiagnostics(a: Analysis, log: RuleLog = stderrLog, rules: readonly LintRule[] = LINT_RULES): Diagnostic[] {
  const out = [...a.syntaxErrors, ...a.resolveErrors].map((d) => fromSyntax(a, d));
  // Per statement when the analysis keeps its work for the next version (its resolver does).
  if (rules === LINT_RULES && a.resolver) {
    lintByStatement(a, log, out);
    forgetScopedNodes(a);
    return out;
  }
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

/** LINT_RULES' findings, in their order, the per-statement ones from the cache where it
 *  holds (see the file comment). */
function lintByStatement(a: Analysis, log: RuleLog, out: Diagnostic[]): void {
  const whole = (rule: LintRule) => {
    try {
      append(out, rule(a));
    } catch (e) {
      log(`scriptlet lint rule ${rule.name} failed on ${a.uri}: ${(e as Error).stack ?? e}`);
    }
  };
  const sections = statementSections(a, log);
  whole(entryFunction);
  for (let k = 0; k <= 6; k++) append(out, sections[k]); // builtinAtTopLevel … reasonCompare
  whole(entryReturn);
  append(out, sections[7]); // positionalInstances
  if (!a.syntaxErrors.length) append(out, sections[8]); // unusedLocals
  whole(unreachableTopLevel);
  append(out, sections[9]); // unreachableCode in bodies
}

function append(out: Diagnostic[], more: readonly Diagnostic[]): void {
  for (let i = 0; i < more.length; i++) out.push(more[i]);
}

/** Each section's findings over all statements (in statement order), from the records of
 *  the previous version where they still hold; the new records go on the analysis. */
function statementSections(a: Analysis, log: RuleLog): Diagnostic[][] {
  const stmts = a.file.stmts;
  const previous = alignByStatement(a.lintRecords, stmts);
  const resolutions = a.resolver?.statementRecords;
  const records: LintRecord[] = new Array(stmts.length);
  const sections: Diagnostic[][] = STATEMENT_SECTIONS.map(() => []);
  for (let i = 0; i < stmts.length; i++) {
    const stmt = stmts[i];
    const resolution = resolutions?.[i];
    let r = previous[i];
    if (r && !(resolution && r.resolution === resolution && r.inference === a.inference[i] && a.sameFileTypes(r.read))) r = undefined;
    if (r?.sections) {
      const now = a.lines.fromEngine(stmt.start);
      if (now.character !== r.start.character) r = undefined;
      else if (now.line !== r.start.line) r = moved(r, now);
    }
    r ??= lintStatement(a, log, stmt, resolution, i);
    records[i] = r;
    if (r.sections) for (let k = 0; k < sections.length; k++) append(sections[k], r.sections[k]);
  }
  a.lintRecords = records;
  return sections;
}

function lintStatement(a: Analysis, log: RuleLog, stmt: Stmt, resolution: object | undefined, i: number): LintRecord {
  const one = [stmt];
  const { result, read } = a.recordingFileTypes(() => STATEMENT_SECTIONS.map((section) => {
    try {
      return section.run(a, one);
    } catch (e) {
      log(`scriptlet lint rule ${section.name} failed on ${a.uri}: ${(e as Error).stack ?? e}`);
      return [];
    }
  }));
  const any = result.some((s) => s.length > 0);
  return {
    stmt, resolution, inference: a.inference[i], read,
    sections: any ? result : undefined,
    start: any ? a.lines.fromEngine(stmt.start) : { line: 0, character: 0 },
  };
}

/** A record whose statement now starts on another line: its findings, moved along (the
 *  statement's text is unchanged, so only lines differ). */
function moved(r: LintRecord, start: LspPosition): LintRecord {
  const dl = start.line - r.start.line;
  const range = (x: Diagnostic["range"]): Diagnostic["range"] => ({
    start: { line: x.start.line + dl, character: x.start.character },
    end: { line: x.end.line + dl, character: x.end.character },
  });
  const sections = r.sections!.map((list) => list.map((d) => {
    const c: Diagnostic = { ...d, range: range(d.range) };
    if (d.fixes) c.fixes = d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: range(e.range) })) }));
    return c;
  }));
  return { ...r, sections, start };
}
