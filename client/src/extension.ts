// Entry point of the VS Code extension: builds the parts and registers them. Each concern
// lives in its own module; this file only wires them. The language server owns the clusters
// and runs every simulation; the client shows what it answers.
import * as vscode from "vscode";
import { ClusterRegistry } from "./clusters/cluster-registry";
import { registerClusterCommands } from "./commands/cluster-commands";
import { registerConfigCommands } from "./commands/config-commands";
import { registerAuthorization } from "./authorization/authorization-commands";
import { registerQemu } from "./qemu/qemu-commands";
import { registerInstanceCommands } from "./commands/instance-commands";
import { registerInstanceOperations } from "./commands/instance-operations";
import { registerMemberCommands } from "./commands/member-commands";
import { registerOnboardingCommands } from "./commands/onboarding-commands";
import { registerPlacementCommands } from "./commands/placement-commands";
import { registerInstanceContentCommands, registerTerminalCommands } from "./commands/terminal-commands";
import { registerCreateCommands } from "./commands/create-commands";
import { FILES_SCHEME, InstanceFileSystem } from "./config-fs/instance-files";
import { IncusFileSystem, INCUS_SCHEME } from "./config-fs/incus-file-system";
import { ScriptletLanguageClient } from "./language/language-client";
import { Log } from "./output";
import { PlacementAutoRun } from "./placement/auto-run";
import { PlacementRunner } from "./placement/placement-runner";
import { ResultPanel } from "./placement/result-panel";
import type { Services } from "./services";
import { ActiveClusterStatus } from "./status-bar";
import { ClusterTreeProvider } from "./tree/cluster-tree-provider";
import { registerScenarioFeatures } from "./views/register-scenarios";

/** What activate returns: the parts e2e tests may inspect. */
export interface IncusExtensionApi {
  services: Services;
}

/**
 * Command groups, each `(services) => disposables`. Features add their line here (the scenario
 * tests' and the authorization views' registrations included).
 */
const COMMAND_GROUPS: ((s: Services) => vscode.Disposable[])[] = [
  registerClusterCommands,
  registerPlacementCommands,
  registerMemberCommands,
  registerInstanceCommands,
  registerInstanceOperations,
  registerTerminalCommands,
  registerInstanceContentCommands,
  registerConfigCommands,
  registerCreateCommands,
  registerOnboardingCommands,
  registerAuthorization,
  registerQemu,
  registerScenarioFeatures,
];

export async function activate(context: vscode.ExtensionContext): Promise<IncusExtensionApi> {
  const log = new Log();
  const languageClient = new ScriptletLanguageClient(context, log);
  const registry = new ClusterRegistry(languageClient, log);
  const tree = new ClusterTreeProvider(registry, languageClient);
  const panel = new ResultPanel(registry);
  const runner = new PlacementRunner(languageClient, panel, log);
  const fileSystem = new IncusFileSystem(languageClient, log);
  const status = new ActiveClusterStatus(registry);
  const services: Services = { context, log, registry, tree, runner, panel, languageClient, fileSystem, status };

  const clusterView = vscode.window.createTreeView("incus.clusters", { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    log,
    registry,
    tree,
    panel,
    languageClient,
    runner,
    fileSystem,
    status,
    new PlacementAutoRun(runner),
    clusterView,
    // For e2e scenarios: expand rows along a path of ids or labels (screenshots of the sidebar).
    vscode.commands.registerCommand("incus.internal.revealNode", (path: string[]) => tree.reveal(clusterView, path)),
    // Only welcome content (package.json viewsWelcome), shown while no cluster is usable.
    vscode.window.createTreeView("incus.welcome", { treeDataProvider: { getChildren: () => [], getTreeItem: (x: vscode.TreeItem) => x } }),
    vscode.workspace.registerFileSystemProvider(INCUS_SCHEME, fileSystem, { isCaseSensitive: true }),
    vscode.workspace.registerFileSystemProvider(FILES_SCHEME, new InstanceFileSystem(languageClient), { isCaseSensitive: true }),
    vscode.commands.registerCommand("incus.restartServer", () => languageClient.restart()),
    vscode.commands.registerCommand("incus.showOutput", () => log.show()),
    ...COMMAND_GROUPS.flatMap((register) => register(services)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The server finds remotes through INCUS_CONF, set when it starts.
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
