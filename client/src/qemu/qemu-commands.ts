// "Run QEMU what-if" above `def qemu_hook`: pick an instance of the active cluster (VMs first),
// run the four start stages through the language server (incus/runScriptlet, kind qemu) and
// show the result view.
import * as vscode from "vscode";
import type { QemuRunResult } from "../../../server/src/incus/qemu/run";
import type { Services } from "../services";
import { renderQemuHtml } from "./qemu-html";

const HOOK = /^def\s+qemu_hook\s*\(/;

class QemuCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const out: vscode.CodeLens[] = [];
    for (let line = 0; line < doc.lineCount; line++) {
      if (HOOK.test(doc.lineAt(line).text)) out.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: "$(vm) Run QEMU what-if", command: "incus.runQemu", arguments: [{ uri: doc.uri.toString() }] }));
    }
    return out;
  }
}

export function registerQemu(services: Services): vscode.Disposable[] {
  let panel: vscode.WebviewPanel | undefined;
  let last: QemuRunResult | undefined;
  const run = async (args?: { uri?: string; instance?: string; project?: string }) => {
    const uri = args?.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    const client = services.languageClient.running;
    if (!uri || !client) return;
    let instance = args?.instance;
    let project = args?.project;
    if (!instance) {
      const list = (await client.sendRequest("incus/clusterInstances")) as { name: string; project: string; type: string }[];
      const picked = await vscode.window.showQuickPick(list.map((i) => ({ label: i.name, description: `${i.project} · ${i.type}`, project: i.project })), { title: "Run the QEMU scriptlet for" });
      if (!picked) return;
      instance = picked.label;
      project = picked.project;
    }
    const answer = (await client.sendRequest("incus/runScriptlet", { uri, kind: "qemu", instance, project })) as { error?: string; response?: { result: QemuRunResult }; cluster?: string };
    if (answer.error || !answer.response) {
      void vscode.window.showErrorMessage(`Run QEMU what-if: ${answer.error ?? "no answer"}`);
      return;
    }
    last = answer.response.result;
    if (!panel) {
      panel = vscode.window.createWebviewPanel("incus.qemuWhatIf", "QEMU what-if", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
      panel.onDidDispose(() => (panel = undefined));
    } else panel.reveal(undefined, true);
    panel.webview.html = renderQemuHtml(last, vscode.Uri.parse(uri).fsPath, answer.cluster ?? "", panel.webview.cspSource);
    return last;
  };
  return [
    { dispose: () => panel?.dispose() },
    vscode.languages.registerCodeLensProvider({ language: "incus-scriptlet" }, new QemuCodeLensProvider()),
    vscode.commands.registerCommand("incus.runQemu", run),
  ];
}
