// Choosing the active cluster, refreshing the sidebar, capturing a snapshot to a file (the
// server captures and writes it).
import * as path from "node:path";
import * as vscode from "vscode";
import type { Services } from "../services";
import { writeActiveCluster } from "../settings";
import { errorMessage } from "../util/errors";
import { connectionOf, isNode, resolveRemote, remoteKey } from "./targets";
import { Requests, type ClusterNode } from "../../../server/src/lsp/protocol";

export function registerClusterCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand("incus.selectCluster", (arg?: unknown) => selectCluster(s, arg)),
    vscode.commands.registerCommand("incus.refreshClusters", async (arg?: unknown) => {
      await s.registry.refresh(isNode(arg) ? arg.ref.connection : connectionOf(arg));
    }),
    vscode.commands.registerCommand("incus.captureSnapshot", (arg?: unknown) => captureToFile(s, arg)),
    vscode.commands.registerCommand("incus.internal.treeChildren", (ids?: string[]): Promise<ClusterNode[]> => s.tree.childrenByIds(ids ?? [])),
  ];
}

/**
 * Sets `incus.activeCluster`. Accepts a setting value ("sample", a snapshot path,
 * "remote:NAME"), a tree node, or nothing (then asks). Returns the stored value.
 */
async function selectCluster(s: Services, arg: unknown): Promise<string | undefined> {
  let value: string | undefined;
  if (typeof arg === "string") {
    value = arg.trim();
  } else if (isNode(arg)) {
    value = (await s.registry.entry(arg.ref.connection))?.setting;
  } else {
    let list;
    try {
      list = await s.registry.connections();
    } catch (e) {
      void vscode.window.showErrorMessage(`Incus: cannot list clusters: ${errorMessage(e)}`);
      return undefined;
    }
    const chosen = await vscode.window.showQuickPick(
      list.connections.map((e) => ({
        label: `${e.active ? "$(check) " : ""}${e.label}`,
        description: [e.live ? "live" : e.kind, e.detail].filter(Boolean).join(" · "),
        setting: e.setting,
      })),
      { title: "Active Incus cluster for placement runs" },
    );
    value = chosen?.setting;
  }
  if (value === undefined) return undefined;
  await writeActiveCluster(value);
  s.log.info(`active cluster: ${value}`);
  return value;
}

/** Captures a live server read-only into a snapshot file; `{remote, file}` skips the questions. */
async function captureToFile(s: Services, arg: unknown): Promise<string | undefined> {
  const remote = await resolveRemote(s.registry, arg, "Capture snapshot");
  if (!remote) return undefined;
  let file = typeof arg === "object" && arg !== null && typeof (arg as { file?: unknown }).file === "string" ? (arg as { file: string }).file : undefined;
  if (!file) {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const uri = await vscode.window.showSaveDialog({
      title: `Save a snapshot of ${remote}`,
      defaultUri: vscode.Uri.file(path.join(base ?? process.cwd(), `${remote}.incus-cluster.yaml`)),
      filters: { "Cluster snapshot": ["yaml", "json"] },
    });
    if (!uri) return undefined;
    file = uri.fsPath;
  }
  const target = file;
  const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Capturing a snapshot of ${remote} (read-only)…` }, () =>
    s.languageClient.request(Requests.capture, { connection: remoteKey(remote), file: target }).catch((e: unknown) => ({ ok: false as const, error: errorMessage(e) })),
  );
  if (!answer.ok) {
    s.log.error(`capturing ${remote}: ${answer.error}`);
    void vscode.window.showErrorMessage(`Incus: capturing ${remote} failed: ${answer.error}`);
    return undefined;
  }
  s.log.info(`captured ${remote} into ${target} (${answer.requests} requests)`);
  await s.registry.refresh();
  if (!(typeof arg === "object" && arg !== null && "file" in arg)) {
    await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: false });
  }
  return target;
}
