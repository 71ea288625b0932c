// Entry point of the VS Code extension: builds the parts and registers them. Each concern
// lives in its own module; this file only wires them.
import * as vscode from "vscode";
import { ClusterRegistry } from "./clusters/cluster-registry";
import { registerClusterCommands } from "./commands/cluster-commands";
import { registerConfigCommands } from "./commands/config-commands";
import { registerInstanceCommands } from "./commands/instance-commands";
import { registerMemberCommands } from "./commands/member-commands";
import { registerPlacementCommands } from "./commands/placement-commands";
import { IncusFileSystem, INCUS_SCHEME } from "./config-fs/incus-file-system";
import { ScriptletLanguageClient } from "./language/language-client";
import { Log } from "./output";
import { PlacementAutoRun } from "./placement/auto-run";
import { PlacementCodeLensProvider } from "./placement/codelens-provider";
import { PlacementRunner } from "./placement/placement-runner";
import { ResultPanel } from "./placement/result-panel";
import type { Services } from "./services";
import { ActiveClusterStatus } from "./status-bar";
import { ClusterTreeProvider } from "./tree/cluster-tree-provider";
import { debounce } from "./util/debounce";
import { registerScenarioFeatures } from "./views/register-scenarios";

/** What activate returns: the parts e2e tests may inspect. */
export interface IncusExtensionApi {
  services: Services;
}

export async function activate(context: vscode.ExtensionContext): Promise<IncusExtensionApi> {
  const log = new Log();
  const registry = new ClusterRegistry(log);
  const tree = new ClusterTreeProvider(registry);
  const panel = new ResultPanel();
  const languageClient = new ScriptletLanguageClient(context, log);
  const runner = new PlacementRunner(registry, languageClient, panel, log);
  const fileSystem = new IncusFileSystem(registry, log);
  const status = new ActiveClusterStatus(registry);
  const codeLens = new PlacementCodeLensProvider(registry);
  const services: Services = { context, log, registry, tree, runner, panel, languageClient, fileSystem, status };

  context.subscriptions.push(
    log,
    registry,
    tree,
    panel,
    languageClient,
    runner,
    fileSystem,
    status,
    codeLens,
    new PlacementAutoRun(runner),
    vscode.window.createTreeView("incus.clusters", { treeDataProvider: tree, showCollapseAll: true }),
    vscode.workspace.registerFileSystemProvider(INCUS_SCHEME, fileSystem, { isCaseSensitive: true }),
    vscode.languages.registerCodeLensProvider({ language: "incus-scriptlet" }, codeLens),
    vscode.commands.registerCommand("incus.restartServer", () => languageClient.restart()),
    vscode.commands.registerCommand("incus.showOutput", () => log.show()),
    ...registerClusterCommands(services),
    ...registerPlacementCommands(services),
    ...registerMemberCommands(services),
    ...registerInstanceCommands(services),
    ...registerConfigCommands(services),
    ...registerScenarioFeatures(services),
  );
  // The server keeps its own copy of the active cluster: reload it when ours changes.
  const refreshServer = debounce(() => void languageClient.refreshCluster(), 1000);
  context.subscriptions.push(
    registry.onDidChange((key) => {
      if (key === undefined || registry.isActive(registry.spec(key))) refreshServer();
    }),
    { dispose: () => refreshServer.cancel() },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("incus.configPath")) void languageClient.restart();
    }),
  );
  log.info(`Incus extension ${context.extension.packageJSON.version ?? ""} activated`);
  void languageClient.start();
  return { services };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes it (the language client stops).
}
