// "Run authorization" above `def authorize`: pick an identity (the active cluster's client
// certificates, or type one), ask the language server for the access matrix (incus/runScriptlet,
// the entry the CLI's `access` uses too) and show it in a webview.
import * as vscode from "vscode";
import type { AccessMatrix } from "../../../server/src/incus/authorization/service";
import type { Services } from "../services";
import { renderMatrixHtml, type MatrixReport } from "./matrix-html";

const AUTHORIZE = /^def\s+authorize\s*\(/;

export class AuthorizationCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (let line = 0; line < doc.lineCount; line++) {
      if (!AUTHORIZE.test(doc.lineAt(line).text)) continue;
      const range = new vscode.Range(line, 0, line, 0);
      lenses.push(new vscode.CodeLens(range, { title: "$(shield) Run authorization", command: "incus.runAuthorization", arguments: [{ uri: doc.uri.toString() }] }));
    }
    return lenses;
  }
}

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

interface Identity { id: string; label: string; detail: string }

async function pickIdentity(services: Services): Promise<string | undefined> {
  const client = services.languageClient.running;
  const known = client ? ((await client.sendRequest("incus/clusterIdentities")) as { identities: Identity[] }).identities : [];
  const TYPE = "$(edit) Type an identity…";
  const picked = await vscode.window.showQuickPick(
    [...known.map((i) => ({ label: i.label, description: i.id, detail: i.detail })), { label: TYPE, description: "tls:NAME, oidc:USER or unix", detail: "" }],
    { title: "Run authorization as", placeHolder: "a client certificate of the cluster's trust store" },
  );
  if (!picked) return undefined;
  if (picked.label !== TYPE) return picked.description;
  return vscode.window.showInputBox({
    title: "Identity", prompt: "tls:NAME (a certificate of the trust store, or a new one), oidc:USER, or unix",
    validateInput: (v) => (/^(tls|oidc):.+$|^unix$/.test(v.trim()) ? undefined : "want tls:NAME, oidc:USER or unix"),
  });
}

export function registerAuthorization(services: Services): vscode.Disposable[] {
  const panel = new MatrixPanel();
  const run = async (args?: { uri?: string; identity?: string }) => {
    const uri = args?.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    if (!uri) return;
    const client = services.languageClient.running;
    if (!client) {
      void vscode.window.showErrorMessage("The Incus language server is not running.");
      return;
    }
    const identity = args?.identity ?? (await pickIdentity(services));
    if (!identity) return;
    const answer = (await client.sendRequest("incus/runScriptlet", { uri, kind: "access", identity: identity.trim() })) as { error?: string; response?: { result: AccessMatrix }; cluster?: string };
    if (answer.error || !answer.response) {
      void vscode.window.showErrorMessage(`Run authorization: ${answer.error ?? "no answer"}`);
      return;
    }
    panel.show({ file: vscode.Uri.parse(uri).fsPath, cluster: answer.cluster ?? "", matrix: answer.response.result });
    services.log.info(`access matrix of ${identity}: ${answer.response.result.counts.allowed} allowed, ${answer.response.result.counts.denied} denied, ${answer.response.result.counts.error} errors`);
  };
  return [
    panel,
    vscode.languages.registerCodeLensProvider({ language: "incus-scriptlet" }, new AuthorizationCodeLensProvider()),
    vscode.commands.registerCommand("incus.runAuthorization", run),
    vscode.commands.registerCommand("incus.lastAccessMatrix", () => panel.lastReport),
  ];
}
