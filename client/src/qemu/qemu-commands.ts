// "Run QEMU what-if" (the CodeLens the server puts over `def qemu_hook`): pick an instance of
// the active cluster (VMs first), run the four start stages through the server
// (incus/runScriptlet, kind qemu) and show the result view.
import * as vscode from "vscode";
import { Requests, type QemuRunResult } from "../../../server/src/lsp/protocol";
import { documentText } from "../authorization/authorization-commands";
import type { Services } from "../services";
import { renderQemuHtml } from "./qemu-html";

export function registerQemu(services: Services): vscode.Disposable[] {
  let panel: vscode.WebviewPanel | undefined;
  const run = async (args?: { uri?: string; instance?: string; project?: string }): Promise<QemuRunResult | undefined> => {
    const uri = args?.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    if (!uri) return undefined;
    try {
      let instance = args?.instance;
      let project = args?.project;
      if (!instance) {
        const summary = await services.languageClient.request(Requests.clusterSummary, {});
        if ("error" in summary) throw new Error(summary.error);
        const list = [...summary.instances].sort((a, b) => Number(b.type === "virtual-machine") - Number(a.type === "virtual-machine"));
        const picked = await vscode.window.showQuickPick(list.map((i) => ({ label: i.name, description: `${i.project} · ${i.type}`, project: i.project })), { title: "Run the QEMU scriptlet for" });
        if (!picked) return undefined;
        instance = picked.label;
        project = picked.project;
      }
      const answer = await services.languageClient.request(Requests.runScriptlet, {
        scriptlet: { uri, text: await documentText(uri) },
        question: { kind: "qemu", instance, project },
      });
      if (!answer.ok) {
        void vscode.window.showErrorMessage(`Run QEMU what-if: ${answer.error}`);
        return undefined;
      }
      const result = answer.response.result as QemuRunResult;
      if (!panel) {
        panel = vscode.window.createWebviewPanel("incus.qemuWhatIf", "QEMU what-if", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
        panel.onDidDispose(() => (panel = undefined));
      } else panel.reveal(undefined, true);
      panel.webview.html = renderQemuHtml(result, vscode.Uri.parse(uri).fsPath, answer.cluster, panel.webview.cspSource);
      return result;
    } catch (e) {
      void vscode.window.showErrorMessage(`Run QEMU what-if: ${(e as Error).message}`);
      return undefined;
    }
  };
  return [{ dispose: () => panel?.dispose() }, vscode.commands.registerCommand("incus.runQemu", run)];
}
