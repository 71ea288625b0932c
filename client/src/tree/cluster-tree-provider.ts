// The "Clusters" view: turns the pure ClusterNodes into TreeItems, loads a connection's cluster
// only when it is expanded, and refreshes when the registry says something changed.
import * as vscode from "vscode";
import type { ClusterRegistry } from "../clusters/cluster-registry";
import { errorMessage } from "../util/errors";
import { childrenOf } from "./children";
import type { ClusterNode } from "./node";
import { connectionNode } from "./nodes/connection-node";
import { errorNode, messageNode } from "./nodes/message-node";

export class ClusterTreeProvider implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ClusterNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly registry: ClusterRegistry) {
    // A load (or its failure) changes how the connection looks: version, member count, error icon.
    this.subscriptions = [registry.onDidChange(() => this.changed.fire(undefined)), registry.onDidLoad(() => this.changed.fire(undefined))];
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
    if (!node) return this.connections();
    if (node.ref.kind === "message") return [];
    const entry = await this.registry.entry(node.ref.connection);
    if (!entry) return [messageNode(node.ref.connection, node.id, "This connection is gone; refresh the view")];
    try {
      const cluster = await this.registry.load(entry.spec);
      return childrenOf(node, cluster.model);
    } catch (e) {
      return node.ref.kind === "connection" ? [errorNode(node.ref.connection, node.id, errorMessage(e))] : [];
    }
  }

  private async connections(): Promise<ClusterNode[]> {
    const entries = await this.registry.list();
    return entries.map((e) =>
      connectionNode({
        key: e.key,
        spec: e.spec,
        detail: e.detail,
        active: this.registry.isActive(e.spec),
        cluster: this.registry.cached(e.key),
        error: this.registry.lastError(e.key),
      }),
    );
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
