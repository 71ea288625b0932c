// The webview that shows the last placement result (one panel, reused).
import * as vscode from "vscode";
import { renderResultHtml } from "./result-html";
import type { RunReport } from "./run-report";

export class ResultPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The last report shown, for tests and e2e scenarios. */
  lastReport: RunReport | undefined;
  lastHtml: string | undefined;

  show(report: RunReport, reveal: boolean): void {
    this.lastReport = report;
    if (!this.panel) {
      if (!reveal) return;
      this.panel = vscode.window.createWebviewPanel("incus.placementResult", "Placement result", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        retainContextWhenHidden: false,
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else if (reveal) {
      this.panel.reveal(undefined, true);
    }
    this.lastHtml = renderResultHtml(report, this.panel.webview.cspSource);
    this.panel.title = `Placement: ${report.result.placements.some((p) => p.error) ? "failed" : report.result.placements.map((p) => p.target).filter(Boolean)[0] ?? "result"}`;
    this.panel.webview.html = this.lastHtml;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
