// The matrix and diff webviews (one panel each, reused) and the commands that open them on the
// scriptlet in the editor. The simulations run in the language server; this only asks and draws.
import * as path from "node:path";
import * as vscode from "vscode";
import type { ScriptletLanguageClient } from "../language/language-client";
import { requestDiff, requestMatrix } from "../testing/scenario-protocol";
import { renderDiffHtml } from "./diff-html";
import { renderMatrixHtml } from "./matrix-html";

class Panel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  lastHtml: string | undefined;

  constructor(private readonly viewType: string) {}

  show(title: string, render: (csp: string) => string): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(this.viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else this.panel.reveal(undefined, true);
    this.panel.title = title;
    this.lastHtml = render(this.panel.webview.cspSource);
    this.panel.webview.html = this.lastHtml;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

export class ScenarioViews implements vscode.Disposable {
  readonly matrix = new Panel("incus.placementMatrix");
  readonly diff = new Panel("incus.placementDiff");

  constructor(private readonly lc: ScriptletLanguageClient) {}

  private scriptlet(uri?: vscode.Uri): vscode.Uri | undefined {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) void vscode.window.showErrorMessage("Incus: open a placement scriptlet first");
    return target;
  }

  async showMatrix(uri?: vscode.Uri, command?: string[]): Promise<boolean> {
    const target = this.scriptlet(uri);
    if (!target) return false;
    const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Incus: simulating every single-member failure…" }, () => requestMatrix(this.lc, target.toString(), command));
    if ("error" in res) {
      void vscode.window.showErrorMessage(`Incus: failure matrix: ${res.error}`);
      return false;
    }
    this.matrix.show(`Failure matrix: ${path.basename(target.path)}`, (csp) => renderMatrixHtml(res.result, path.basename(target.path), res.cluster, csp));
    return true;
  }

  async showDiff(against: "head" | "server", uri?: vscode.Uri): Promise<boolean> {
    const target = this.scriptlet(uri);
    if (!target) return false;
    const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Incus: replaying every instance under both scriptlets…" }, () => requestDiff(this.lc, target.toString(), against));
    if ("error" in res) {
      void vscode.window.showErrorMessage(`Incus: compare placement: ${res.error}`);
      return false;
    }
    this.diff.show(`Placement diff: ${path.basename(target.path)}`, (csp) => renderDiffHtml(res.result, res.oldLabel, res.newLabel, res.cluster, csp));
    return true;
  }

  dispose(): void {
    this.matrix.dispose();
    this.diff.dispose();
  }
}
