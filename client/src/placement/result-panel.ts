// The webview that shows the last placement result (one panel, reused). Its HTML is set before
// the panel is revealed, so it never shows blank; the title names the command. When the active
// cluster changes to another one, or loads again after the run, the result is marked stale.
import * as vscode from "vscode";
import type { ClusterRegistry } from "../clusters/cluster-registry";
import { renderResultHtml, resultTitle } from "./result-html";
import type { RunReport } from "./run-report";

export class ResultPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The last report shown, for tests and e2e scenarios. */
  lastReport: RunReport | undefined;
  lastHtml: string | undefined;
  private scriptletUri: string | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly registry: ClusterRegistry) {
    this.subscription = registry.onDidChangeActive(() => this.render());
  }

  show(report: RunReport, reveal: boolean, scriptlet?: vscode.Uri): void {
    this.lastReport = report;
    this.scriptletUri = scriptlet?.toString();
    if (!this.panel) {
      if (!reveal) {
        this.lastHtml = renderResultHtml(report, "'none'", { stale: this.staleReason(report) });
        return;
      }
      this.panel = vscode.window.createWebviewPanel("incus.placementResult", resultTitle(report), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableCommandUris: ["incus.internal.openPosition"],
        retainContextWhenHidden: false,
      });
      this.panel.iconPath = vscode.Uri.joinPath(vscode.Uri.file(__dirname), "../../../media/incus.svg");
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.render();
      return;
    }
    this.render();
    if (reveal) this.panel.reveal(undefined, true);
  }

  /** Why the last report no longer describes the active cluster, if it does not. */
  staleReason(report: RunReport): string | undefined {
    const active = this.registry.activeState;
    if (!active) return undefined;
    if (active.key !== report.connection) return `this result is from ${report.cluster}; the active cluster is now ${active.label}.`;
    if (active.state === "ready" && active.generation > report.generation) return `${report.cluster} changed since this run (reloaded ${new Date(active.loadedAt).toLocaleTimeString()}).`;
    if (active.state === "failed") return `${report.cluster} is unavailable now (${active.error.split("\n")[0]}).`;
    return undefined;
  }

  private render(): void {
    const report = this.lastReport;
    if (!report) return;
    const stale = this.staleReason(report);
    this.lastHtml = renderResultHtml(report, this.panel?.webview.cspSource ?? "'none'", { scriptletUri: this.scriptletUri, stale });
    if (!this.panel) return;
    this.panel.title = `${stale ? "(stale) " : ""}${resultTitle(report)}`;
    this.panel.webview.html = this.lastHtml;
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}
