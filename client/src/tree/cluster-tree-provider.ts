// The "Clusters" view: asks the server for the rows under a row (the server loads the cluster
// of a connection when it is first expanded) and turns them into TreeItems. Refreshes when the
// server says a cluster or the connection list changed.
import * as vscode from "vscode";
import type { ClusterRegistry } from "../clusters/cluster-registry";
import type { ScriptletLanguageClient } from "../language/language-client";
import { errorMessage } from "../util/errors";
import { Requests, type ClusterNode } from "../../../server/src/lsp/protocol";

export class ClusterTreeProvider implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ClusterNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** The row each listed row was listed under (getParent, for TreeView.reveal). */
  private readonly parents = new Map<string, ClusterNode | undefined>();
  /** Whether the last listing found nothing usable (drives the welcome view). */
  private emptyState: boolean | undefined;

  constructor(
    registry: ClusterRegistry,
    private readonly server: ScriptletLanguageClient,
  ) {
    this.subscriptions = [registry.onDidChange(() => this.changed.fire(undefined))];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    const state =
      node.collapsible === "none"
        ? vscode.TreeItemCollapsibleState.None
        : node.collapsible === "expanded"
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    if (node.tooltip) item.tooltip = new vscode.MarkdownString(node.tooltip);
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    item.contextValue = node.contextValue;
    return item;
  }

  async getChildren(node?: ClusterNode): Promise<ClusterNode[]> {
    if (node?.ref.kind === "message") return [];
    try {
      const nodes = await this.server.request(Requests.treeChildren, { node });
      if (!node) void this.checkUsable(nodes);
      for (const n of nodes) this.parents.set(n.id, node);
      return nodes;
    } catch (e) {
      const text = `The language server cannot list clusters: ${errorMessage(e)}`;
      return [{ id: "server-error", label: text, tooltip: text, icon: { id: "error", color: "list.errorForeground" }, contextValue: "message", collapsible: "none", ref: { kind: "message", connection: "", text }, live: false }];
    }
  }

  /**
   * `incus.noUsableCluster`, the welcome view's condition: no snapshot file in the workspace, no
   * remote configured but the built-in `local`, and the local socket does not answer.
   */
  private async checkUsable(roots: ClusterNode[]): Promise<void> {
    const keys = roots.map((n) => n.ref.connection);
    let usable = keys.some((k) => k.startsWith("file:") || (k.startsWith("remote:") && k !== "remote:local"));
    if (!usable && keys.includes("remote:local")) {
      try {
        usable = !("error" in (await this.server.request(Requests.clusterSummary, { connection: "remote:local" })));
      } catch {
        usable = false;
      }
    }
    if (this.emptyState === !usable) return;
    this.emptyState = !usable;
    await vscode.commands.executeCommand("setContext", "incus.noUsableCluster", !usable);
  }

  /** For tests and e2e scenarios: whether the welcome view shows. */
  get showsWelcome(): boolean | undefined {
    return this.emptyState;
  }

  getParent(node: ClusterNode): ClusterNode | undefined {
    return this.parents.get(node.id);
  }

  /** Expands the rows along an id (or label) path in the view, as a user clicking them would. */
  async reveal(view: vscode.TreeView<ClusterNode>, path: string[]): Promise<ClusterNode | undefined> {
    let nodes = await this.getChildren();
    let node: ClusterNode | undefined;
    for (const id of path) {
      node = nodes.find((n) => n.id === id || n.label === id);
      if (!node) throw new Error(`no node "${id}" among: ${nodes.map((n) => n.label).join(", ")}`);
      await view.reveal(node, { expand: true, select: false, focus: false });
      nodes = await this.getChildren(node);
    }
    return node;
  }

  /** For tests and e2e scenarios: the nodes under a node id path ([] = the connections). */
  async childrenByIds(ids: string[] = []): Promise<ClusterNode[]> {
    let nodes = await this.getChildren();
    for (const id of ids) {
      const next = nodes.find((n) => n.id === id || n.label === id);
      if (!next) throw new Error(`no node "${id}" among: ${nodes.map((n) => n.label).join(", ")}`);
      nodes = await this.getChildren(next);
    }
    return nodes;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.changed.dispose();
  }
}
