// "Run authorization" (the CodeLens the server puts over `def authorize`): pick an identity (the
// active cluster's client certificates, or type one), ask the server for the access matrix
// (incus/runScriptlet, the entry the CLI's `access` uses too) and show it in a webview.
import * as vscode from "vscode";
import { Requests, type AccessMatrix } from "../../../server/src/lsp/protocol";
import type { Services } from "../services";
import { renderMatrixHtml, type MatrixReport } from "./matrix-html";

/** The panel, reused; its last report is kept for tests. */
export class MatrixPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  lastReport: MatrixReport | undefined;

  show(report: MatrixReport): void {
    this.lastReport = report;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel("incus.accessMatrix", "Access matrix", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else this.panel.reveal(undefined, true);
    this.panel.title = `Access: ${report.matrix.identity.label}`;
    this.panel.webview.html = renderMatrixHtml(report, this.panel.webview.cspSource);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

async function pickIdentity(services: Services): Promise<string | undefined> {
  const { identities } = await services.languageClient.request(Requests.clusterIdentities, {});
  const TYPE = "$(edit) Type an identity…";
  const picked = await vscode.window.showQuickPick(
    [...identities.map((i) => ({ label: i.label, description: i.id, detail: i.detail })), { label: TYPE, description: "tls:NAME, oidc:USER or unix", detail: "" }],
    { title: "Run authorization as", placeHolder: "a client certificate of the cluster's trust store" },
  );
  if (!picked) return undefined;
  if (picked.label !== TYPE) return picked.description;
  return vscode.window.showInputBox({
    title: "Identity", prompt: "tls:NAME (a certificate of the trust store, or a new one), oidc:USER, or unix",
    validateInput: (v) => (/^(tls|oidc):.+$|^unix$/.test(v.trim()) ? undefined : "want tls:NAME, oidc:USER or unix"),
  });
}

/** The text of an open (or openable) document. */
export async function documentText(uri: string): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  return (open ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)))).getText();
}

export function registerAuthorization(services: Services): vscode.Disposable[] {
  const panel = new MatrixPanel();
  const run = async (args?: { uri?: string; identity?: string }): Promise<MatrixReport | undefined> => {
    const uri = args?.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    if (!uri) return undefined;
    try {
      const identity = args?.identity ?? (await pickIdentity(services));
      if (!identity) return undefined;
      const answer = await services.languageClient.request(Requests.runScriptlet, {
        scriptlet: { uri, text: await documentText(uri) },
        question: { kind: "access", identity: identity.trim() },
      });
      if (!answer.ok) {
        void vscode.window.showErrorMessage(`Run authorization: ${answer.error}`);
        return undefined;
      }
      const matrix = answer.response.result as AccessMatrix;
      const report = { file: vscode.Uri.parse(uri).fsPath, cluster: answer.cluster, matrix };
      panel.show(report);
      services.log.info(`access matrix of ${identity} on ${answer.cluster}: ${matrix.counts.allowed} allowed, ${matrix.counts.denied} denied, ${matrix.counts.error} errors`);
      return report;
    } catch (e) {
      void vscode.window.showErrorMessage(`Run authorization: ${(e as Error).message}`);
      return undefined;
    }
  };
  return [
    panel,
    vscode.commands.registerCommand("incus.runAuthorization", run),
    vscode.commands.registerCommand("incus.internal.lastAccessMatrix", () => panel.lastReport),
  ];
}
