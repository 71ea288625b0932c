// The scriptlet language service: the one entry point for every caller (the LSP wiring, the CLI
// `check`, the push path). It owns
//  - the analyses, cached per document (uri + editor version, or the text itself when a caller
//    has no version) and per context (kind, Incus version, cluster names);
//  - the static diagnostics (compile errors worded as Incus words them, its validation, lint);
//  - the diagnostics `check` reports: the static ones, then — when they hold no error — the top
//    level run in the sandbox the way Incus runs it when the key is set (no builtins defined),
//    which catches errors only a run reveals. The editor shows exactly this set too (one
//    pipeline): a run of a scriptlet's top level costs a few ms once the sandbox is warm;
//  - the editor features, answered from the cached analysis.
// Lint rule failures are logged (rule name, document, stack) through the log it is given.
import { Session, type EvalFailure } from "../../starlark/engine";
import type { ScriptletKind } from "../../incus/knowledge/scriptlets";
import { DEFAULT_VERSION } from "../../incus/knowledge/versions";
import { detectKind } from "../../incus/scriptlet/kind";
import { compileScriptlet } from "../../incus/scriptlet/validate";
import { Analysis } from "./analysis";
import { complete, type CompletionItem } from "./completion";
import type { ClusterNames, ScriptletContext } from "./context";
import type { Diagnostic } from "./diagnostic";
import { scriptletDiagnostics, type RuleLog } from "./diagnostics";
import { hover } from "./hover";
import { definition, prepareRename, references, rename } from "./navigation";
import { documentSymbols, foldingRanges, semanticTokens } from "./outline-cache";
import { signatureHelp } from "./signature";
import { topLevelCannotFail, topLevelProgram } from "./top-level-program";

export type { Diagnostic, CompletionItem, RuleLog };

/** A document as callers have it: an identifier (uri or file name), its text, and the editor's
 *  version number when there is one. */
export interface ScriptletDocument {
  uri: string;
  text: string;
  version?: number;
}

/** What the analysis depends on besides the text. */
export interface ScriptletEnvironment {
  /** Force a kind (CLI --kind); else from the file name, a marker comment or the entry function. */
  kind?: ScriptletKind;
  /** Incus version as the user or server wrote it; empty/undefined: the newest release. */
  version?: string;
  cluster?: ClusterNames;
}

interface Entry {
  key: string;
  text: string;
  version?: number;
  analysis: Analysis;
  diagnostics?: Diagnostic[];
  checked?: Promise<Diagnostic[]>;
}

/** The last top-level run of a document: its program (see top-level-program.ts) and failure. */
interface TopLevelRun {
  key: string;
  program: string;
  error?: EvalFailure;
}

/** Runs before the sandbox is recreated (bounds what earlier programs leave in it). */
const SESSION_REUSE = 100;

const stderrLog: RuleLog = (m) => process.stderr.write(m + "\n");

export class ScriptletService {
  private readonly entries = new Map<string, Entry>();
  /** Per document: the last top-level run, reused while the program it ran is unchanged
   *  (a keystroke inside a function body usually leaves it so). */
  private readonly lastRuns = new Map<string, TopLevelRun>();
  private session?: Promise<Session>;
  private sessionRuns = 0;

  constructor(private readonly log: RuleLog = stderrLog) {}

  /** The context a document is analysed under, or undefined when it is not a scriptlet. */
  context(doc: ScriptletDocument, env: ScriptletEnvironment): ScriptletContext | undefined {
    const kind = env.kind ?? detectKind(baseName(doc.uri), doc.text);
    if (!kind) return undefined;
    return { kind, version: env.version || DEFAULT_VERSION, cluster: env.cluster };
  }

  /** The document's analysis (cached), or undefined when it is not a scriptlet. */
  analysis(doc: ScriptletDocument, env: ScriptletEnvironment): Analysis | undefined {
    return this.entry(doc, env)?.analysis;
  }

  /** An analysis of a text that is not (or not in this version) an open document: not cached;
   *  a text of no recognisable kind is read as a placement scriptlet. */
  peek(doc: ScriptletDocument, env: ScriptletEnvironment): Analysis {
    const ctx = this.context(doc, env) ?? { kind: "placement" as const, version: env.version || DEFAULT_VERSION, cluster: env.cluster };
    return new Analysis(doc.uri, doc.text, ctx);
  }

  /** Static diagnostics (cached with the analysis). */
  diagnostics(doc: ScriptletDocument, env: ScriptletEnvironment): Diagnostic[] {
    const e = this.entry(doc, env);
    if (!e) return [];
    e.diagnostics ??= scriptletDiagnostics(e.analysis, this.log);
    return e.diagnostics;
  }

  /** What `incus-scriptlet check` reports, and the editor shows: the static diagnostics, then
   *  the sandboxed top-level run when they hold no error (cached with the analysis). */
  check(doc: ScriptletDocument, env: ScriptletEnvironment): Promise<Diagnostic[]> {
    const e = this.entry(doc, env);
    if (!e) return Promise.resolve([]);
    const statics = this.diagnostics(doc, env);
    e.checked ??= this.runTopLevel(e, statics).catch((err: unknown) => {
      // The sandbox itself failed (not the scriptlet): keep the static findings, say why.
      this.log(`top-level run of ${doc.uri} failed: ${(err as Error).stack ?? err}`);
      return statics;
    });
    return e.checked;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.lastRuns.delete(uri);
  }

  clear(): void {
    this.entries.clear();
    this.lastRuns.clear();
  }

  /** Frees the sandbox (tests, CLI exit). */
  async dispose(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    if (s) (await s).dispose();
  }

  // Editor features, answered from an analysis this service made.
  complete(a: Analysis, offset: number): CompletionItem[] {
    return complete(a, offset);
  }
  hover(a: Analysis, offset: number) {
    return hover(a, offset);
  }
  signatureHelp(a: Analysis, offset: number) {
    return signatureHelp(a, offset);
  }
  definition(a: Analysis, offset: number) {
    return definition(a, offset);
  }
  references(a: Analysis, offset: number) {
    return references(a, offset);
  }
  prepareRename(a: Analysis, offset: number) {
    return prepareRename(a, offset);
  }
  rename(a: Analysis, offset: number, newName: string) {
    return rename(a, offset, newName);
  }
  documentSymbols(a: Analysis) {
    return documentSymbols(a);
  }
  foldingRanges(a: Analysis) {
    return foldingRanges(a);
  }
  semanticTokens(a: Analysis) {
    return semanticTokens(a);
  }

  private entry(doc: ScriptletDocument, env: ScriptletEnvironment): Entry | undefined {
    const ctx = this.context(doc, env);
    if (!ctx) return undefined;
    const key = `${ctx.kind}|${ctx.version}|${ctx.cluster ? JSON.stringify(ctx.cluster) : ""}`;
    const hit = this.entries.get(doc.uri);
    const same = hit && hit.key === key && (doc.version !== undefined && hit.version !== undefined ? hit.version === doc.version : hit.text === doc.text);
    if (hit && same) return hit;
    // A new version of the document: its analysis starts from the previous one's (incremental
    // parse, resolve, inference and lint; see analysis.ts).
    const e: Entry = { key, text: doc.text, version: doc.version, analysis: new Analysis(doc.uri, doc.text, ctx, hit?.analysis, doc.version !== undefined) };
    this.entries.set(doc.uri, e);
    return e;
  }

  private async runTopLevel(e: Entry, statics: Diagnostic[]): Promise<Diagnostic[]> {
    if (statics.some((d) => d.severity === "error")) return statics;
    const error = await this.topLevelFailure(e);
    if (!error) return statics;
    const frame = error.backtrace[error.backtrace.length - 1];
    const start = frame ? e.analysis.lines.fromLineCol(frame.line, frame.col) : { line: 0, character: 0 };
    return [
      {
        range: { start, end: { line: start.line, character: start.character + 1 } },
        severity: "error",
        message: error.message,
        code: "top-level-run",
        incusPosition: frame ? { line: frame.line, col: frame.col } : undefined,
      },
      ...statics,
    ];
  }

  /** How the top level of the entry's text fails when run, if it does: from the last run of
   *  the same document when it ran the same program, else from a run in the sandbox. */
  private async topLevelFailure(e: Entry): Promise<EvalFailure | undefined> {
    const { ctx, uri } = e.analysis;
    if (topLevelCannotFail(e.analysis.file.stmts)) return undefined;
    const program = topLevelProgram(e.text, e.analysis.file.stmts) ?? e.text;
    const key = `${ctx.kind}|${ctx.version}`;
    const last = this.lastRuns.get(uri);
    if (last && last.key === key && last.program === program) return last.error;
    const compiled = compileScriptlet(ctx.kind, program, ctx.version);
    if (!compiled.program) return undefined;
    const session = await this.sandbox();
    const init = session.init(compiled.program, {});
    if (init.error?.fatal) await this.dispose(); // a memory cap leaves the sandbox unusable
    // Only a document the service still holds keeps its run (a forgotten one must not come back).
    if (this.entries.get(uri) === e) this.lastRuns.set(uri, { key, program, error: init.error });
    return init.error;
  }

  /** One sandbox for top-level runs, recreated every SESSION_REUSE runs or after a failure
   *  that leaves it unusable (limits). */
  private async sandbox(): Promise<Session> {
    if (this.session && this.sessionRuns >= SESSION_REUSE) await this.dispose();
    if (!this.session) {
      this.sessionRuns = 0;
      this.session = Session.create();
      this.session.catch(() => (this.session = undefined));
    }
    this.sessionRuns++;
    return this.session;
  }
}

function baseName(uri: string): string {
  const i = Math.max(uri.lastIndexOf("/"), uri.lastIndexOf("\\"));
  return decodeURIComponent(i >= 0 ? uri.slice(i + 1) : uri);
}

let shared: ScriptletService | undefined;

/** One-shot `check` of a scriptlet text (the push path and tests): the same diagnostics as
 *  ScriptletService.check, through a process-wide service. */
export function diagnoseScriptlet(fileName: string, text: string, ctx: ScriptletContext): Promise<Diagnostic[]> {
  shared ??= new ScriptletService();
  return shared.check({ uri: fileName, text }, { kind: ctx.kind, version: ctx.version, cluster: ctx.cluster });
}
