// Choosing the active cluster, refreshing the sidebar, capturing a snapshot to a file.
import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import * as vscode from "vscode";
import { stringify as stringifyYaml } from "yaml";
import { captureSnapshot } from "../../../server/src/incus/client/capture";
import { IncusClient } from "../../../server/src/incus/client/http";
import { remoteTarget } from "../../../server/src/incus/client/target";
import { connectionKey, connectionLabel, formatConnectionSetting, parseConnectionSetting } from "../clusters/connection-spec";
import type { Services } from "../services";
import { workspaceRoot, writeActiveCluster } from "../settings";
import type { ClusterNode } from "../tree/node";
import { errorMessage } from "../util/errors";
import { isNode, resolveRemote } from "./targets";

export function registerClusterCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand("incus.selectCluster", (arg?: unknown) => selectCluster(s, arg)),
    vscode.commands.registerCommand("incus.refreshClusters", async (arg?: unknown) => {
      s.registry.refresh(isNode(arg) ? arg.ref.connection : undefined);
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
  const base = workspaceRoot();
  let value: string | undefined;
  if (typeof arg === "string") {
    value = formatConnectionSetting(parseConnectionSetting(arg, base), base);
  } else if (isNode(arg)) {
    const entry = await s.registry.entry(arg.ref.connection);
    if (entry) value = formatConnectionSetting(entry.spec, base);
  } else {
    const entries = await s.registry.list();
    const active = connectionKey(s.registry.activeSpec());
    const chosen = await vscode.window.showQuickPick(
      entries.map((e) => ({
        label: `${e.key === active ? "$(check) " : ""}${connectionLabel(e.spec)}`,
        description: [e.spec.kind === "remote" ? "live" : e.spec.kind, e.detail].filter(Boolean).join(" · "),
        spec: e.spec,
      })),
      { title: "Active Incus cluster for placement runs" },
    );
    if (chosen) value = formatConnectionSetting(chosen.spec, base);
  }
  if (value === undefined) return undefined;
  await writeActiveCluster(value);
  s.log.info(`active cluster: ${value}`);
  s.status.update();
  return value;
}

/** Captures a live server read-only and writes the snapshot; `{remote, file}` skips the questions. */
async function captureToFile(s: Services, arg: unknown): Promise<string | undefined> {
  const remote = await resolveRemote(s.registry, arg, "Capture snapshot");
  if (!remote) return undefined;
  let file = typeof arg === "object" && arg !== null && typeof (arg as { file?: unknown }).file === "string" ? (arg as { file: string }).file : undefined;
  if (!file) {
    const base = workspaceRoot();
    const uri = await vscode.window.showSaveDialog({
      title: `Save a snapshot of ${remote}`,
      defaultUri: vscode.Uri.file(path.join(base ?? process.cwd(), `${remote}.incus-cluster.yaml`)),
      filters: { "Cluster snapshot": ["yaml", "json"] },
    });
    if (!uri) return undefined;
    file = uri.fsPath;
  }
  const target = file;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Capturing a snapshot of ${remote}`, cancellable: false },
      async (progress) => {
        const client = new IncusClient(remoteTarget(remote, s.registry.env()));
        try {
          progress.report({ message: "reading the cluster (read-only)…" });
          const { document, requests } = await captureSnapshot(client);
          progress.report({ message: `writing ${path.basename(target)}` });
          const text = target.endsWith(".json")
            ? JSON.stringify(document, null, 2) + "\n"
            : `# Cluster snapshot of ${remote}, captured ${new Date().toISOString()} (${requests} requests)\n` + stringifyYaml(document, { lineWidth: 0 });
          await writeFile(target, text, "utf8");
          s.log.info(`captured ${remote} into ${target} (${requests} requests)`);
        } finally {
          client.close();
        }
      },
    );
  } catch (e) {
    s.log.error(`capturing ${remote}: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(`Incus: capturing ${remote} failed: ${errorMessage(e)}`);
    return undefined;
  }
  s.registry.refresh();
  if (!(typeof arg === "object" && arg !== null && "file" in arg)) {
    await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: false });
  }
  return target;
}
