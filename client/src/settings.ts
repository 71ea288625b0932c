// The `incus.*` settings as the client reads them. Their one definition (keys, types, defaults,
// descriptions) is server/src/lsp/settings.ts; package.json's configuration is generated from
// it, so VS Code fills in the defaults and this module only reads.
import * as vscode from "vscode";
import type { AutoRun, Settings } from "../../server/src/lsp/protocol";

export type { AutoRun };

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration("incus");
  const text = (key: string): string => (c.get<string>(key) ?? "").trim();
  return {
    configPath: text("configPath"),
    defaultRemote: text("defaultRemote"),
    activeCluster: text("activeCluster"),
    incusVersion: text("incusVersion"),
    run: {
      timeoutMs: c.get<number>("run.timeoutMs") ?? 0,
      memoryMb: c.get<number>("run.memoryMb") ?? 0,
      autoRun: c.get<AutoRun>("run.autoRun") ?? "off",
    },
    diagnosticsDelayMs: c.get<number>("diagnosticsDelayMs") ?? 0,
  };
}

/** Stores the active cluster where the user keeps settings: the workspace when one is open. */
export async function writeActiveCluster(value: string): Promise<void> {
  const c = vscode.workspace.getConfiguration("incus");
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update("activeCluster", value, target);
}
