// LSP wiring of the language service (the service itself, server/src/language, is pure and
// knows nothing of the protocol): documents, settings, debounced diagnostics, and the
// requests an editor sends, each answered from the document's cached analysis.
import {
  CodeActionKind, DiagnosticSeverity, DiagnosticTag, TextDocumentSyncKind, TextDocuments,
  type CodeAction, type Connection, type Diagnostic as LspDiagnostic, type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { fileURLToPath } from "node:url";
import { complete } from "../language/scriptlet/completion";
import { scriptletDiagnostics } from "../language/scriptlet/diagnostics";
import type { Diagnostic, QuickFix } from "../language/scriptlet/diagnostic";
import { hover } from "../language/scriptlet/hover";
import { definition, prepareRename, references, rename } from "../language/scriptlet/navigation";
import { documentSymbols, foldingRanges, SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, semanticTokens } from "../language/scriptlet/outline";
import { signatureHelp } from "../language/scriptlet/signature";
import type { Analysis } from "../language/scriptlet/analysis";
import { AnalysisCache } from "./documents";
import { ClusterContext, type ActiveCluster } from "./cluster-context";
import { parseSettings, type Settings } from "./settings";
import { toLspCompletion, toLspSymbol } from "./convert";
import { registerPlacementRequests } from "./placement-requests";
import { isPlacementTestDocument, placementTestDocumentCompletion, placementTestDocumentDiagnostics, registerScenarioRequests } from "./scenario-requests";
import { isIncusYaml, yamlDocumentCompletion, yamlDocumentDiagnostics, yamlDocumentHover } from "./yaml-documents";

const SEVERITY: Record<Diagnostic["severity"], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new AnalysisCache();
  let workspaceRoot: string | undefined;
  const clusters = new ClusterContext(() => workspaceRoot);
  let settings: Settings = parseSettings({});
  let canPullConfig = false;
  const timers = new Map<string, NodeJS.Timeout>();
  let active: ActiveCluster | undefined;

  connection.onInitialize((params): InitializeResult => {
    canPullConfig = !!params.capabilities.workspace?.configuration;
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    if (root?.startsWith("file:")) workspaceRoot = fileURLToPath(root);
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings) settings = parseSettings(init.settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [".", '"', "'", "=", " "] },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: ["(", ","] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] }, full: true },
      },
      serverInfo: { name: "incus-scriptlet" },
    };
  });

  async function refreshSettings(): Promise<void> {
    if (canPullConfig) {
      try {
        settings = parseSettings(await connection.workspace.getConfiguration("incus"));
      } catch {
        // Keep the previous settings: a client without the section answers nothing useful.
      }
    }
    const loaded = await clusters.get(settings.activeCluster);
    if ("error" in loaded) {
      connection.console.warn(loaded.error);
      active = undefined;
    } else {
      active = loaded;
    }
  }

  connection.onInitialized(async () => {
    await refreshSettings();
    for (const doc of documents.all()) publish(doc);
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (!canPullConfig) settings = parseSettings((change.settings as { incus?: unknown } | undefined)?.incus);
    await refreshSettings();
    analyses.clear();
    for (const doc of documents.all()) publish(doc);
  });

  function analysisOf(uri: string) {
    const doc = documents.get(uri);
    return doc ? analyses.get(doc, settings, active) : undefined;
  }

  /** A scriptlet's diagnostics depend on its analysis only (text, kind, version, cluster
   *  names): computed once per analysis, so the debounced republish after didOpen (which
   *  fires onDidChangeContent too) and settings refreshes that keep it are cheap. */
  const scriptletDiagnosticsCache = new WeakMap<Analysis, Diagnostic[]>();

  /** A document's diagnostics: a scriptlet's, an Incus YAML document's, or none. */
  function diagnose(doc: TextDocument): Diagnostic[] {
    const a = analyses.get(doc, settings, active);
    if (a) {
      let found = scriptletDiagnosticsCache.get(a);
      if (!found) scriptletDiagnosticsCache.set(a, (found = scriptletDiagnostics(a)));
      return found;
    }
    if (isPlacementTestDocument(doc)) return placementTestDocumentDiagnostics(doc, active);
    if (isIncusYaml(doc)) return yamlDocumentDiagnostics(doc, settings, active);
    return [];
  }

  function publish(doc: TextDocument): void {
    let found: Diagnostic[];
    try {
      found = diagnose(doc);
    } catch (e) {
      connection.console.error(`diagnostics of ${doc.uri} failed: ${(e as Error).stack ?? e}`);
      found = [];
    }
    const diagnostics: LspDiagnostic[] = found.map((d) => ({
      range: d.range,
      severity: SEVERITY[d.severity],
      message: d.message,
      code: d.code,
      source: "incus",
      tags: d.unnecessary ? [DiagnosticTag.Unnecessary] : undefined,
      data: d.fixes ? { fixes: d.fixes } : undefined,
    }));
    connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  documents.onDidOpen((e) => publish(e.document));
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      const doc = documents.get(uri);
      if (doc) publish(doc);
    }, settings.diagnosticsDelayMs));
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    analyses.delete(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const offsetOf = (uri: string, pos: { line: number; character: number }) => documents.get(uri)?.offsetAt(pos) ?? 0;

  connection.onCompletion((p) => {
    const a = analysisOf(p.textDocument.uri);
    const offset = offsetOf(p.textDocument.uri, p.position);
    if (a) return complete(a, offset).map(toLspCompletion);
    const doc = documents.get(p.textDocument.uri);
    if (doc && isPlacementTestDocument(doc)) return placementTestDocumentCompletion(doc, offset, active).map(toLspCompletion);
    return doc && isIncusYaml(doc) ? yamlDocumentCompletion(doc, offset, settings, active).map(toLspCompletion) : [];
  });
  connection.onHover((p) => {
    const a = analysisOf(p.textDocument.uri);
    const offset = offsetOf(p.textDocument.uri, p.position);
    const doc = documents.get(p.textDocument.uri);
    const h = a ? hover(a, offset) : doc && isIncusYaml(doc) ? yamlDocumentHover(doc, offset, settings, active) : undefined;
    return h ? { contents: { kind: "markdown", value: h.markdown }, range: h.range } : null;
  });
  connection.onSignatureHelp((p) => {
    const a = analysisOf(p.textDocument.uri);
    const s = a && signatureHelp(a, offsetOf(p.textDocument.uri, p.position));
    return s
      ? { signatures: [{ label: s.label, documentation: { kind: "markdown", value: s.documentation }, parameters: s.parameters }], activeSignature: 0, activeParameter: s.activeParameter }
      : null;
  });
  connection.onDefinition((p) => {
    const a = analysisOf(p.textDocument.uri);
    const r = a && definition(a, offsetOf(p.textDocument.uri, p.position));
    return r ? { uri: p.textDocument.uri, range: r } : null;
  });
  connection.onReferences((p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? references(a, offsetOf(p.textDocument.uri, p.position)).map((range) => ({ uri: p.textDocument.uri, range })) : [];
  });
  connection.onPrepareRename((p) => {
    const a = analysisOf(p.textDocument.uri);
    return (a && prepareRename(a, offsetOf(p.textDocument.uri, p.position))) ?? null;
  });
  connection.onRenameRequest((p) => {
    const a = analysisOf(p.textDocument.uri);
    if (!a) return null;
    const edits = rename(a, offsetOf(p.textDocument.uri, p.position), p.newName);
    if ("error" in edits) throw new Error(edits.error);
    return { changes: { [p.textDocument.uri]: edits } };
  });
  connection.onDocumentSymbol((p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? documentSymbols(a).map(toLspSymbol) : [];
  });
  connection.onFoldingRanges((p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? foldingRanges(a) : [];
  });
  connection.languages.semanticTokens.on((p) => {
    const a = analysisOf(p.textDocument.uri);
    return { data: a ? semanticTokens(a) : [] };
  });
  connection.onCodeAction((p) => {
    const actions: CodeAction[] = [];
    for (const d of p.context.diagnostics) {
      const fixes = (d.data as { fixes?: QuickFix[] } | undefined)?.fixes ?? [];
      for (const fix of fixes) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fixes.length === 1, edit: { changes: { [p.textDocument.uri]: fix.edits } } });
      }
    }
    return actions;
  });

  registerPlacementRequests(connection, {
    document: (uri) => documents.get(uri),
    cluster: () => active,
    settings: () => settings,
    refreshCluster: async () => {
      clusters.refresh();
      await refreshSettings();
      analyses.clear();
      for (const doc of documents.all()) publish(doc);
      return active ? { ok: true, members: active.names.members.length } : { ok: false };
    },
  });

  registerScenarioRequests(connection, { document: (uri) => documents.get(uri), documents: () => documents.all(), cluster: () => active, settings: () => settings });

  documents.listen(connection);
  connection.listen();
}
