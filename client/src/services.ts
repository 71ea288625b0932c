// The long-lived parts of the extension, handed to the command modules.
import type * as vscode from "vscode";
import type { ClusterRegistry } from "./clusters/cluster-registry";
import type { IncusFileSystem } from "./config-fs/incus-file-system";
import type { ScriptletLanguageClient } from "./language/language-client";
import type { Log } from "./output";
import type { PlacementRunner } from "./placement/placement-runner";
import type { ResultPanel } from "./placement/result-panel";
import type { ActiveClusterStatus } from "./status-bar";
import type { ClusterTreeProvider } from "./tree/cluster-tree-provider";

export interface Services {
  context: vscode.ExtensionContext;
  log: Log;
  /** The language server: owns the clusters, runs every simulation and every REST call. */
  languageClient: ScriptletLanguageClient;
  registry: ClusterRegistry;
  tree: ClusterTreeProvider;
  runner: PlacementRunner;
  panel: ResultPanel;
  fileSystem: IncusFileSystem;
  status: ActiveClusterStatus;
}
