// The `incus.*` settings, read in one place.
import * as vscode from "vscode";

export type AutoRun = "off" | "save" | "change";

export interface IncusSettings {
  configPath: string | undefined;
  defaultRemote: string | undefined;
  activeCluster: string;
  incusVersion: string | undefined;
  run: { timeoutMs: number; memoryMb: number; autoRun: AutoRun };
}

export function readSettings(): IncusSettings {
  const c = vscode.workspace.getConfiguration("incus");
  const text = (key: string): string | undefined => {
    const v = c.get<string>(key);
    return v && v.trim() !== "" ? v.trim() : undefined;
  };
  return {
    configPath: text("configPath"),
    defaultRemote: text("defaultRemote"),
    activeCluster: text("activeCluster") ?? "sample",
    incusVersion: text("incusVersion"),
    run: {
      timeoutMs: c.get<number>("run.timeoutMs") ?? 5000,
      memoryMb: c.get<number>("run.memoryMb") ?? 256,
      autoRun: (c.get<string>("run.autoRun") as AutoRun | undefined) ?? "off",
    },
  };
}

/** Stores the active cluster where the user keeps settings: the workspace when one is open. */
export async function writeActiveCluster(value: string): Promise<void> {
  const c = vscode.workspace.getConfiguration("incus");
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update("activeCluster", value, target);
}

/** Where relative snapshot paths in settings are resolved. */
export function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}
