// Runs a placement scriptlet for an incus command: through the language server's
// incus/runPlacement when it answers, else with the simulator in the extension host on the
// active cluster. Reports go to the result panel, the diagnostics and the output channel.
import * as vscode from "vscode";
import { formatText } from "../../../server/src/cli/run";
import type { SimulationResult } from "../../../server/src/incus/placement/result";
import type { ClusterRegistry } from "../clusters/cluster-registry";
import { connectionKey, connectionLabel } from "../clusters/connection-spec";
import type { ScriptletLanguageClient } from "../language/language-client";
import { RUN_PLACEMENT_REQUEST } from "../language/language-client";
import type { Log } from "../output";
import { readSettings } from "../settings";
import { errorMessage } from "../util/errors";
import { formatCommandLine } from "./command-line";
import { findEntryPoints } from "./entry-point";
import { simulateOn } from "./local-simulation";
import { problemsOf } from "./result-diagnostics";
import type { ResultPanel } from "./result-panel";
import type { RunReport } from "./run-report";
import { unwrapAnswer, type RunPlacementAnswer } from "./server-answer";

const METHOD_NOT_FOUND = -32601;


export class PlacementRunner implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection("incus-placement");
  /** The last command run per document, re-used by auto-run and "Run placement". */
  private readonly lastCommand = new Map<string, string[]>();
  private serverLacksRequest = false;

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly languageClient: ScriptletLanguageClient,
    private readonly panel: ResultPanel,
    private readonly log: Log,
  ) {}

  commandFor(doc: vscode.TextDocument): string[] | undefined {
    return this.lastCommand.get(doc.uri.toString());
  }

  /** Runs and reports. `show: false` updates diagnostics and an open panel without revealing it. */
  async run(doc: vscode.TextDocument, command: string[], show = true): Promise<RunReport> {
    this.lastCommand.set(doc.uri.toString(), command);
    const report = await this.simulate(doc, command);
    this.report(doc, report, show);
    return report;
  }

  private async simulate(doc: vscode.TextDocument, command: string[]): Promise<RunReport> {
    const settings = readSettings();
    const spec = this.registry.activeSpec();
    const base = { file: doc.uri.scheme === "file" ? doc.uri.fsPath : doc.uri.toString(), cluster: connectionLabel(spec), command, ranAt: new Date() };
    const client = this.languageClient.running;
    if (client && !this.serverLacksRequest) {
      try {
        const answer = await client.sendRequest<RunPlacementAnswer>(RUN_PLACEMENT_REQUEST, { uri: doc.uri.toString(), command });
        const { result, version } = unwrapAnswer(answer);
        const incusVersion = version ?? settings.incusVersion ?? this.registry.cached(this.activeKey())?.model.serverVersion ?? "?";
        return { ...base, result, incusVersion, via: "language-server" };
      } catch (e) {
        const code = (e as { code?: number }).code;
        if (code !== METHOD_NOT_FOUND) throw e;
        this.serverLacksRequest = true;
        this.log.info(`the language server does not answer ${RUN_PLACEMENT_REQUEST}; simulating in the extension host`);
      }
    }
    const cluster = await this.registry.load(spec);
    const version = settings.incusVersion ?? cluster.model.serverVersion;
    const result = await simulateOn(cluster.snapshot, doc.getText(), command, { version, timeoutMs: settings.run.timeoutMs });
    return { ...base, result, incusVersion: version, via: "extension-host" };
  }

  private activeKey(): string {
    return connectionKey(this.registry.activeSpec());
  }

  private report(doc: vscode.TextDocument, report: RunReport, show: boolean): void {
    const entry = findEntryPoints(doc.getText())[0] ?? 0;
    const problems = problemsOf(report.result, entry);
    this.diagnostics.set(
      doc.uri,
      problems.map((p) => {
        const line = Math.min(p.line, Math.max(0, doc.lineCount - 1));
        const range = doc.lineAt(line).range.with(new vscode.Position(line, Math.min(p.character, doc.lineAt(line).text.length)));
        const d = new vscode.Diagnostic(range, p.message, vscode.DiagnosticSeverity.Error);
        d.source = "incus placement run";
        return d;
      }),
    );
    this.log.block(`placement run: ${formatCommandLine(report.command)} (${report.via})`, formatText(report.result, report.cluster, report.incusVersion));
    this.panel.show(report, show);
  }

  /** Runs from a command: errors are shown, not thrown, but the report (if any) is returned. */
  async runAndShowErrors(doc: vscode.TextDocument, command: string[], show = true): Promise<RunReport | undefined> {
    try {
      return await this.run(doc, command, show);
    } catch (e) {
      const msg = errorMessage(e);
      this.log.error(`placement run (${formatCommandLine(command)}): ${msg}`);
      // Automatic runs (show = false) only log: no pop-up on every keystroke.
      if (show) void vscode.window.showErrorMessage(`Incus placement run failed: ${msg}`);
      return undefined;
    }
  }

  dispose(): void {
    this.diagnostics.dispose();
  }
}
