// The status bar item naming the active cluster; clicking it switches (incus.selectCluster).
import * as vscode from "vscode";
import type { ClusterRegistry } from "./clusters/cluster-registry";
import { connectionKey, connectionLabel } from "./clusters/connection-spec";
import { errorMessage } from "./util/errors";

export class ActiveClusterStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly registry: ClusterRegistry) {
    this.item = vscode.window.createStatusBarItem("incus.activeCluster", vscode.StatusBarAlignment.Left, 50);
    this.item.name = "Incus active cluster";
    this.item.command = "incus.selectCluster";
    this.subscriptions = [registry.onDidChange(() => this.update()), registry.onDidLoad(() => this.update())];
    this.update();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  update(): void {
    try {
      const spec = this.registry.activeSpec();
      const key = connectionKey(spec);
      const cluster = this.registry.cached(key);
      const error = this.registry.lastError(key);
      this.item.text = `$(${error ? "error" : "server-environment"}) Incus: ${connectionLabel(spec)}`;
      this.item.tooltip = error
        ? `Active cluster ${connectionLabel(spec)} failed to load: ${error}\nClick to choose another`
        : `Active Incus cluster for placement runs: ${cluster ? `${cluster.source} (Incus ${cluster.model.serverVersion})` : connectionLabel(spec)}\nClick to choose another`;
      this.item.backgroundColor = error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
    } catch (e) {
      this.item.text = "$(error) Incus: invalid incus.activeCluster";
      this.item.tooltip = errorMessage(e);
    }
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.item.dispose();
  }
}
