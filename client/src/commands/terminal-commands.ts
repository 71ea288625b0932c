// Shell and console of a running instance in the integrated terminal; its log files and its files.
import { withProject } from "../util/api-path";
import * as vscode from "vscode";
import type { Services } from "../services";
import { TerminalRouter } from "../terminal/instance-terminal";
import { instanceFilesUri } from "../config-fs/instance-files";
import { isNode, pickFrom } from "./targets";
import { Requests } from "../../../server/src/lsp/protocol";

export function registerTerminalCommands(s: Services): vscode.Disposable[] {
  const router = new TerminalRouter(s.languageClient);
  const open = (kind: "shell" | "console") => (arg?: unknown) => {
    const target = targetOf(arg);
    if (!target) {
      void vscode.window.showErrorMessage(`Incus: choose a running instance of a live cluster in the sidebar to open its ${kind}.`);
      return undefined;
    }
    return router.show({ ...target, kind, command: (arg as { command?: string[] } | undefined)?.command });
  };
  return [vscode.commands.registerCommand("incus.shellInstance", open("shell")), vscode.commands.registerCommand("incus.consoleInstance", open("console"))];
}

function targetOf(arg: unknown): { connection: string; project: string; instance: string } | undefined {
  if (isNode(arg) && arg.ref.kind === "instance" && arg.live) return { connection: arg.ref.connection, project: arg.ref.project, instance: arg.ref.instance };
  if (typeof arg === "object" && arg !== null && typeof (arg as { instance?: unknown }).instance === "string" && typeof (arg as { remote?: unknown }).remote === "string") {
    const a = arg as { remote: string; instance: string; project?: string };
    return { connection: `remote:${a.remote}`, project: a.project ?? "default", instance: a.instance };
  }
  return undefined;
}

/** Log files of an instance (incus info --show-log and friends) and its files as a folder. */
export function registerInstanceContentCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand("incus.showInstanceLog", async (arg?: unknown & { log?: string }) => {
      const t = targetOf(arg);
      if (!t) return void vscode.window.showErrorMessage("Incus: choose an instance of a live cluster in the sidebar to show its logs.");
      let log = (arg as { log?: string } | undefined)?.log;
      if (!log) {
        const list = await s.languageClient.request(Requests.apiCall, { connection: t.connection, method: "GET", path: withProject(`/1.0/instances/${encodeURIComponent(t.instance)}/logs`, t.project) });
        if (!list.ok) return void vscode.window.showErrorMessage(`Incus: listing the logs of ${t.instance} failed: ${list.error}`);
        const names = (list.metadata as string[]).map((u) => decodeURIComponent(u.split("/").pop()!.split("?")[0]));
        if (names.length === 0) return void vscode.window.showInformationMessage(`${t.instance} has no log files.`);
        log = await pickFrom(`Which log of ${t.instance}?`, names.map((n) => ({ label: n, value: n })));
        if (!log) return undefined;
      }
      const answer = await s.languageClient.request(Requests.instanceContent, { ...t, what: "log", path: log });
      if (!answer.ok) return void vscode.window.showErrorMessage(`Incus: reading ${log} of ${t.instance} failed: ${answer.error}`);
      const doc = await vscode.workspace.openTextDocument({ content: answer.text, language: "log" });
      await vscode.window.showTextDocument(doc, { preview: false });
      return answer.text;
    }),
    vscode.commands.registerCommand("incus.openInstanceFile", (arg?: unknown) => openInstanceFile(arg)),
    vscode.commands.registerCommand("incus.browseInstanceFiles", (arg?: unknown) => {
      const t = targetOf(arg);
      if (!t) return void vscode.window.showErrorMessage("Incus: choose an instance of a live cluster in the sidebar to browse its files.");
      const uri = instanceFilesUri(t.connection.replace(/^remote:/, ""), t.project, t.instance, "/");
      const n = vscode.workspace.workspaceFolders?.length ?? 0;
      vscode.workspace.updateWorkspaceFolders(n, 0, { uri, name: `${t.instance} (files)` });
      return uri.toString();
    }),
  ];
}

/**
 * Opens one file of an instance in an editor (`{remote, instance, project?, path?}` or a row; the
 * path is asked for when not given). A path that does not exist is created empty after a yes.
 */
async function openInstanceFile(arg: unknown): Promise<string | undefined> {
  const t = targetOf(arg);
  if (!t) return void vscode.window.showErrorMessage("Incus: choose an instance of a live cluster in the sidebar to open one of its files.");
  let file = (arg as { path?: string } | undefined)?.path;
  file ??= await vscode.window.showInputBox({
    title: `Open a file in ${t.instance}`,
    prompt: "Absolute path inside the instance",
    value: "/etc/",
    validateInput: (v) => (v.startsWith("/") && !v.endsWith("/") ? undefined : "an absolute path to a file, e.g. /etc/hosts"),
  });
  if (!file) return undefined;
  const uri = instanceFilesUri(t.connection.replace(/^remote:/, ""), t.project, t.instance, file);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch (e) {
    if (!(e instanceof vscode.FileSystemError && e.code === "FileNotFound")) {
      void vscode.window.showErrorMessage(`Incus: ${file} in ${t.instance}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    const create = (arg as { create?: boolean } | undefined)?.create || (await vscode.window.showWarningMessage(`${file} does not exist in ${t.instance}. Create it?`, "Create")) === "Create";
    if (!create) return undefined;
    try {
      await vscode.workspace.fs.writeFile(uri, new Uint8Array());
    } catch (err) {
      void vscode.window.showErrorMessage(`Incus: creating ${file} in ${t.instance} failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri.toString();
}
