// Runs a placement scriptlet for an incus command: the language server simulates it on the
// active cluster (incus/simulate). Reports go to the result panel, the diagnostics and the
// output channel; a failure names its reason.
import * as vscode from "vscode";
import type { ScriptletLanguageClient } from "../language/language-client";
import type { Log } from "../output";
import { errorMessage } from "../util/errors";
import { formatCommandLine } from "./command-line";
import { problemsOf } from "./result-diagnostics";
import type { ResultPanel } from "./result-panel";
import type { RunReport } from "./run-report";
import { Requests, type SimulateParams } from "../../../server/src/lsp/protocol";

export class PlacementRunner implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection("incus-placement");
  /** The last command run per document, re-used by auto-run and "Run placement". */
  private readonly lastCommand = new Map<string, string[]>();

  constructor(
    private readonly server: ScriptletLanguageClient,
    private readonly panel: ResultPanel,
    private readonly log: Log,
  ) {}

  commandFor(doc: vscode.TextDocument): string[] | undefined {
    return this.lastCommand.get(doc.uri.toString());
  }

  /** Runs and reports. `show: false` updates diagnostics and an open panel without revealing it. */
  async run(doc: vscode.TextDocument, command: string[], show = true): Promise<RunReport> {
    this.lastCommand.set(doc.uri.toString(), command);
    const report = await simulateReport(this.server, { command, scriptlet: { uri: doc.uri.toString(), text: doc.getText() } }, doc.uri.scheme === "file" ? doc.uri.fsPath : doc.uri.toString());
    this.report(doc, report, show);
    return report;
  }

  private report(doc: vscode.TextDocument, report: RunReport, show: boolean): void {
    const problems = problemsOf(report.result, report.entryLine);
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
    const placements = report.result.placements;
    const failed = placements.filter((p) => p.error).length;
    this.log.info(
      `placement run: ${formatCommandLine(report.command)} on ${report.cluster} (Incus ${report.incusVersion}): ` +
        (failed ? `${failed} of ${placements.length} failed: ${placements.find((p) => p.error)?.error}` : placements.map((p) => `${p.instance} → ${p.target ?? "none"}`).join(", ") || "nothing to place"),
    );
    this.panel.show(report, show, doc.uri);
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

/** Asks the server to simulate; its refusal (cluster unavailable, bad command) is thrown with the reason. */
export async function simulateReport(server: ScriptletLanguageClient, params: SimulateParams, file?: string): Promise<RunReport> {
  const answer = await server.request(Requests.simulate, params);
  if (!answer.ok) throw new Error(answer.cluster ? `${answer.cluster}: ${answer.error}` : answer.error);
  return {
    result: answer.result,
    file: file ?? answer.scriptlet,
    cluster: answer.cluster,
    connection: answer.connection,
    generation: answer.generation,
    incusVersion: answer.version,
    command: params.command,
    entryLine: answer.entryLine,
    ranAt: new Date(),
  };
}
