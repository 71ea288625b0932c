// LSP wiring of the language service (the service itself, server/src/language, is pure and
// knows nothing of the protocol): documents, settings, debounced diagnostics, and the
// requests an editor sends, each answered from the document's cached analysis.
import {
  CodeActionKind, CodeLensRefreshRequest, DiagnosticSeverity, DiagnosticTag, TextDocumentSyncKind, TextDocuments,
  type CodeAction, type Connection, type Diagnostic as LspDiagnostic, type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { fileURLToPath } from "node:url";
import type { Diagnostic, QuickFix } from "../language/scriptlet/diagnostic";
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from "../language/scriptlet/outline";
import type { Analysis } from "../language/scriptlet/analysis";
import { ScriptletService, type ScriptletDocument, type ScriptletEnvironment } from "../language/scriptlet/service";
import { YamlService, type YamlContext } from "../language/yaml";
import { DEFAULT_VERSION } from "../incus/knowledge/versions";
import { activeClusterOf, type ActiveCluster } from "./cluster-context";
import { parseConnectionSetting, connectionKey, connectionLabel, specOfKey, type ConnectionSpec } from "./cluster/connection-spec";
import { listConnections } from "./cluster/connections";
import { ClusterRegistry } from "./cluster/registry";
import { Terminals } from "./cluster/terminals";
import { registerClusterRequests } from "./cluster-requests";
import { registerRunRequests, runCodeLenses } from "./run-requests";
import { entryLines, placementCodeLenses } from "./placement-entry";
import { Notifications, Requests } from "./protocol";
import { parseSettings, type Settings } from "./settings";
import { DiagnosticsScheduler } from "./diagnostics-scheduler";
import { Session } from "../starlark/engine";
import { toLspCompletion, toLspSymbol } from "./convert";
import { isPlacementTestDocument, placementTestDocumentCompletion, placementTestDocumentDiagnostics, registerScenarioRequests } from "./scenario-requests";

const SEVERITY: Record<Diagnostic["severity"], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  // The language services (one facade per document kind); rule failures go to the client's log.
  const logRuleFailure = (m: string) => connection.console.error(m);
  const scriptlets = new ScriptletService(logRuleFailure);
  const yaml = new YamlService(logRuleFailure);
  let workspaceRoot: string | undefined;
  let settings: Settings = parseSettings({});
  let canPullConfig = false;
  let canRefreshLenses = false;
  const scheduler = new DiagnosticsScheduler();
  let active: ActiveCluster | undefined;
  /** Why the active cluster is not available (then checks that need it are not made). */
  let activeProblem: { label: string; error: string } | undefined;

  const activeSpec = (): ConnectionSpec | { error: string } => {
    try {
      return parseConnectionSetting(settings.activeCluster, workspaceRoot);
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  const registry = new ClusterRegistry({
    env: () => process.env,
    log: (line) => connection.console.log(line),
    onChanged: (key) => {
      connection.sendNotification(Notifications.clusterChanged, { connection: key });
      const spec = activeSpec();
      if (!("error" in spec) && connectionKey(spec) === key) void adoptActive();
    },
  });

  connection.onInitialize((params): InitializeResult => {
    canPullConfig = !!params.capabilities.workspace?.configuration;
    canRefreshLenses = !!params.capabilities.workspace?.codeLens?.refreshSupport;
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
        codeLensProvider: { resolveProvider: false },
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
    await adoptActive();
  }

  /**
   * Loads the active cluster (cached by the registry) and, when what the services see of it
   * changed, re-checks every document and tells the client (status bar, CodeLens titles).
   */
  let adopting: Promise<void> | undefined;
  async function adoptActive(): Promise<void> {
    const run = async (): Promise<void> => {
      const spec = activeSpec();
      const before = active?.setting;
      const problemBefore = activeProblem?.error;
      if ("error" in spec) {
        active = undefined;
        activeProblem = { label: settings.activeCluster, error: spec.error };
        connection.sendNotification(Notifications.activeCluster, { key: "", label: settings.activeCluster, state: "failed", error: spec.error, failedAt: new Date().toISOString() });
      } else {
        connection.sendNotification(Notifications.activeCluster, registry.state(spec));
        try {
          active = activeClusterOf(await registry.load(spec));
          activeProblem = undefined;
        } catch (e) {
          active = undefined;
          activeProblem = { label: connectionLabel(spec), error: (e as Error).message };
        }
        connection.sendNotification(Notifications.activeCluster, registry.state(spec));
      }
      if (active?.setting !== before || activeProblem?.error !== problemBefore) {
        clearAnalyses();
        for (const doc of documents.all()) void publish(doc);
        if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      }
    };
    // One adoption at a time: a load finishing fires onChanged, which must not race this one.
    const previous = adopting ?? Promise.resolve();
    const next = previous.then(run, run);
    adopting = next;
    await next;
  }

  connection.onInitialized(async () => {
    await refreshSettings();
    for (const doc of documents.all()) void publish(doc);
    // Make the first Run's sandbox before the user asks for it (the QuickJS module and the
    // Starlark runtime in it take a few hundred ms; the next Session.create takes it). Not
    // earlier: the documents opened with the window get their diagnostics first.
    Session.prewarm();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (!canPullConfig) settings = parseSettings((change.settings as { incus?: unknown } | undefined)?.incus);
    await refreshSettings();
    clearAnalyses();
    for (const doc of documents.all()) void publish(doc);
  });

  function clearAnalyses(): void {
    scriptlets.clear();
    yaml.clear();
  }

  const ref = (doc: TextDocument): ScriptletDocument => ({ uri: doc.uri, text: doc.getText(), version: doc.version });
  const scriptletEnv = (): ScriptletEnvironment => ({ version: settings.incusVersion || active?.version, cluster: active?.names });
  const yamlCtx = (): YamlContext => ({
    version: settings.incusVersion || active?.version || DEFAULT_VERSION,
    cluster: active ? { snapshot: active.snapshot } : undefined,
  });

  function analysisOf(uri: string) {
    const doc = documents.get(uri);
    return doc ? scriptlets.analysis(ref(doc), scriptletEnv()) : undefined;
  }

  /** A document's diagnostics, the same set `incus-scriptlet check` reports: a scriptlet's
   *  (static, then its sandboxed top-level run when nothing static is an error), an Incus YAML
   *  document's, or none. Cached by the services per document version and context. */
  async function diagnose(doc: TextDocument): Promise<Diagnostic[]> {
    const a = scriptlets.analysis(ref(doc), scriptletEnv());
    if (a) {
      const found = await scriptlets.check(ref(doc), scriptletEnv());
      return activeProblem ? [...found, ...notChecked(a)] : found;
    }
    if (isPlacementTestDocument(doc)) return placementTestDocumentDiagnostics(doc, active);
    if (yaml.recognizes(ref(doc))) return yaml.diagnostics(ref(doc), yamlCtx());
    return [];
  }

  /**
   * Checks that need the cluster (member, group and project names) are not made while it is
   * unavailable: say so where they would apply, rather than look cleaner than the file is.
   */
  function notChecked(a: Analysis): Diagnostic[] {
    if (!activeProblem || a.ctx.kind !== "placement") return [];
    const line = entryLines(a)[0] ?? 0;
    const range = { start: { line, character: 0 }, end: { line, character: 3 } };
    const reason = activeProblem.error.split("\n")[0];
    return [{ range, severity: "warning", code: "cluster-unavailable", message: `not checked: cluster ${activeProblem.label} unavailable (${reason}); member, group and project names are not verified` }];
  }

  async function publish(doc: TextDocument): Promise<void> {
    let found: Diagnostic[];
    try {
      found = await diagnose(doc);
    } catch (e) {
      connection.console.error(`diagnostics of ${doc.uri} failed: ${(e as Error).stack ?? e}`);
      found = [];
    }
    // The document changed (or closed) while the top level ran: its newer publish will come.
    if (documents.get(doc.uri)?.version !== doc.version) return;
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

  documents.onDidOpen((e) => void publish(e.document));
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    scheduler.schedule(uri, settings.diagnosticsDelayMs, () => {
      const doc = documents.get(uri);
      if (doc) void publish(doc);
    });
  });
  documents.onDidClose((e) => {
    scheduler.cancel(e.document.uri);
    scriptlets.forget(e.document.uri);
    yaml.forget(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const offsetOf = (uri: string, pos: { line: number; character: number }) => documents.get(uri)?.offsetAt(pos) ?? 0;

  connection.onCompletion((p) => {
    const a = analysisOf(p.textDocument.uri);
    const offset = offsetOf(p.textDocument.uri, p.position);
    if (a) return scriptlets.complete(a, offset).map(toLspCompletion);
    const doc = documents.get(p.textDocument.uri);
    if (doc && isPlacementTestDocument(doc)) return placementTestDocumentCompletion(doc, offset, active).map(toLspCompletion);
    return doc ? yaml.completion(ref(doc), yamlCtx(), offset).map(toLspCompletion) : [];
  });
  connection.onHover((p) => {
    const a = analysisOf(p.textDocument.uri);
    const offset = offsetOf(p.textDocument.uri, p.position);
    const doc = documents.get(p.textDocument.uri);
    const h = a ? scriptlets.hover(a, offset) : doc ? yaml.hover(ref(doc), yamlCtx(), offset) : undefined;
    return h ? { contents: { kind: "markdown", value: h.markdown }, range: h.range } : null;
  });
  connection.onSignatureHelp((p) => {
    const a = analysisOf(p.textDocument.uri);
    const s = a && scriptlets.signatureHelp(a, offsetOf(p.textDocument.uri, p.position));
    return s
      ? { signatures: [{ label: s.label, documentation: { kind: "markdown", value: s.documentation }, parameters: s.parameters }], activeSignature: 0, activeParameter: s.activeParameter }
      : null;
  });
  connection.onDefinition((p) => {
    const a = analysisOf(p.textDocument.uri);
    const r = a && scriptlets.definition(a, offsetOf(p.textDocument.uri, p.position));
    return r ? { uri: p.textDocument.uri, range: r } : null;
  });
  connection.onReferences((p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? scriptlets.references(a, offsetOf(p.textDocument.uri, p.position)).map((range) => ({ uri: p.textDocument.uri, range })) : [];
  });
  connection.onPrepareRename((p) => {
    const a = analysisOf(p.textDocument.uri);
    return (a && scriptlets.prepareRename(a, offsetOf(p.textDocument.uri, p.position))) ?? null;
  });
  connection.onRenameRequest((p) => {
    const a = analysisOf(p.textDocument.uri);
    if (!a) return null;
    const edits = scriptlets.rename(a, offsetOf(p.textDocument.uri, p.position), p.newName);
    if ("error" in edits) throw new Error(edits.error);
    return { changes: { [p.textDocument.uri]: edits } };
  });
  connection.onDocumentSymbol((p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? scriptlets.documentSymbols(a).map(toLspSymbol) : [];
  });
  connection.onFoldingRanges((p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? scriptlets.foldingRanges(a) : [];
  });
  connection.languages.semanticTokens.on((p) => {
    const a = analysisOf(p.textDocument.uri);
    return { data: a ? scriptlets.semanticTokens(a) : [] };
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

  connection.onCodeLens((p) => {
    const a = analysisOf(p.textDocument.uri);
    if (!a) return [];
    const spec = activeSpec();
    return [...placementCodeLenses(a, p.textDocument.uri, "error" in spec ? "the active cluster" : connectionLabel(spec)), ...runCodeLenses(a, p.textDocument.uri)];
  });

  connection.onDidChangeWatchedFiles(() => {
    // A snapshot file changed, appeared or went: its cluster reloads on next use.
    for (const c of listConnections(listContext()).connections) if (c.kind === "snapshot") registry.refresh(c.key);
    connection.sendNotification(Notifications.clusterChanged, {});
    void adoptActive();
  });

  function listContext() {
    return { workspaceRoot, env: process.env, active: activeSpec(), defaultRemote: settings.defaultRemote };
  }

  registerClusterRequests(connection, {
    registry,
    settings: () => settings,
    activeSpec,
    connections: () => listConnections(listContext()),
    entryLine: (uri, text) => {
      const a = scriptlets.peek({ uri, text }, scriptletEnv());
      return (a && entryLines(a)[0]) ?? 0;
    },
    reloadActive: async () => {
      // Settings too: a client that changed them then asks for a refresh gets answers under them.
      await refreshSettings();
      clearAnalyses();
      for (const doc of documents.all()) void publish(doc);
    },
    log: (line) => connection.console.log(line),
  });
  registerRunRequests(connection, { registry, settings: () => settings, activeSpec }); // authorization, access matrix, QEMU
  const terminals = new Terminals({
    target: (key) => registry.target(specOfKey(key)),
    output: (id, data) => void connection.sendNotification(Notifications.terminalOutput, { id, data }),
    exit: (id, code, error) => void connection.sendNotification(Notifications.terminalExit, { id, code, error }),
    log: (line) => connection.console.log(line),
  });
  connection.onRequest(Requests.terminalOpen, (p) => terminals.open(p).catch((e: Error) => ({ ok: false as const, error: e.message })));
  connection.onNotification(Notifications.terminalInput, (p) => terminals.input(p.id, p.data));
  connection.onNotification(Notifications.terminalResize, (p) => terminals.resize(p.id, p.cols, p.rows));
  connection.onNotification(Notifications.terminalClose, (p) => terminals.close(p.id));
  connection.onShutdown(() => {
    terminals.dispose();
    registry.dispose();
  });

  registerScenarioRequests(connection, { document: (uri) => documents.get(uri), documents: () => documents.all(), cluster: () => active, settings: () => settings });

  documents.listen(connection);
  connection.listen();
}
