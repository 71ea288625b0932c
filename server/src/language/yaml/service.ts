// The Incus YAML language service: the one entry point for the LSP wiring and the CLI `check`.
// Analyses (parsed source, layout, embedded scriptlets) are cached per document like scriptlet
// analyses: by uri + editor version, or by the text itself when a caller has no version, and by
// context (Incus version, active cluster). Rule failures are logged with the rule's name.
import type { CompletionItem } from "../scriptlet/completion";
import type { Diagnostic } from "../scriptlet/diagnostic";
import { YamlAnalysis } from "./analysis";
import { completionIn } from "./completion";
import type { YamlContext } from "./context";
import { diagnosticsOf, type RuleLog } from "./diagnostics";
import { hoverIn, type YamlHover } from "./hover";
import { recognizeIncusYaml } from "./recognize";

export interface YamlDocument {
  uri: string;
  text: string;
  version?: number;
}

interface Entry {
  ctx: YamlContext;
  text: string;
  version?: number;
  analysis: YamlAnalysis | undefined;
  diagnostics?: Diagnostic[];
}

const stderrLog: RuleLog = (m) => process.stderr.write(m + "\n");

export class YamlService {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly log: RuleLog = stderrLog) {}

  /** Whether the document is Incus YAML (by file name, header comment or content). */
  recognizes(doc: YamlDocument): boolean {
    return recognizeIncusYaml(doc.uri, doc.text) !== undefined;
  }

  /** The cached analysis, or undefined when the document is not Incus YAML. */
  analysis(doc: YamlDocument, ctx: YamlContext): YamlAnalysis | undefined {
    return this.entry(doc, ctx).analysis;
  }

  diagnostics(doc: YamlDocument, ctx: YamlContext): Diagnostic[] {
    const e = this.entry(doc, ctx);
    if (!e.analysis) return [];
    e.diagnostics ??= diagnosticsOf(e.analysis, this.log);
    return e.diagnostics;
  }

  completion(doc: YamlDocument, ctx: YamlContext, offset: number): CompletionItem[] {
    const a = this.analysis(doc, ctx);
    return a ? completionIn(a, offset) : [];
  }

  hover(doc: YamlDocument, ctx: YamlContext, offset: number): YamlHover | undefined {
    const a = this.analysis(doc, ctx);
    return a ? hoverIn(a, offset) : undefined;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }

  private entry(doc: YamlDocument, ctx: YamlContext): Entry {
    const hit = this.entries.get(doc.uri);
    // Contexts are compared by identity of their parts: a new cluster snapshot is a new object.
    const sameCtx = hit && hit.ctx.version === ctx.version && hit.ctx.cluster?.snapshot === ctx.cluster?.snapshot && hit.ctx.liveDescriptions === ctx.liveDescriptions;
    const sameDoc = hit && (doc.version !== undefined && hit.version !== undefined ? hit.version === doc.version : hit.text === doc.text);
    if (hit && sameCtx && sameDoc) return hit;
    const e: Entry = { ctx, text: doc.text, version: doc.version, analysis: YamlAnalysis.of(doc.uri, doc.text, ctx) };
    this.entries.set(doc.uri, e);
    return e;
  }
}
