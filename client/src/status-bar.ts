// The status bar item naming the active cluster, as the server reports it: loading, ready
// (version, members), or unreachable — then an error icon and colour, the reason in the
// tooltip, and links to retry or choose another. Clicking it switches (incus.selectCluster).
import * as vscode from "vscode";
import type { ClusterRegistry } from "./clusters/cluster-registry";
import type { ClusterState } from "../../server/src/lsp/protocol";

export class ActiveClusterStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly registry: ClusterRegistry) {
    this.item = vscode.window.createStatusBarItem("incus.activeCluster", vscode.StatusBarAlignment.Left, 50);
    this.item.name = "Incus active cluster";
    this.item.command = "incus.selectCluster";
    this.subscriptions = [registry.onDidChangeActive(() => this.update())];
    this.update();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  get tooltipText(): string {
    const t = this.item.tooltip;
    return typeof t === "string" ? t : (t?.value ?? "");
  }

  update(): void {
    const s: ClusterState | undefined = this.registry.activeState;
    if (!s) {
      this.item.text = "$(loading~spin) Incus";
      this.item.tooltip = "Starting the Incus language server…";
      this.item.backgroundColor = undefined;
      return;
    }
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ["incus.refreshClusters", "incus.selectCluster", "incus.showOutput"] };
    switch (s.state) {
      case "loading":
        this.item.text = `$(loading~spin) Incus: ${s.label}`;
        md.appendMarkdown(`Loading the active cluster **${escape(s.label)}**…`);
        this.item.backgroundColor = undefined;
        break;
      case "ready":
        this.item.text = `$(server-environment) Incus: ${s.label}`;
        md.appendMarkdown(`Active Incus cluster **${escape(s.label)}**: Incus ${escape(s.version)}, ${s.members} members, ${s.instances} instances\n\nLoaded ${new Date(s.loadedAt).toLocaleTimeString()} from ${escape(s.source)}\n\n[Choose another](command:incus.selectCluster)`);
        this.item.backgroundColor = undefined;
        break;
      case "failed":
        this.item.text = `$(debug-disconnect) Incus: ${s.label} unavailable`;
        md.appendMarkdown(`**The active cluster ${escape(s.label)} is unavailable**\n\n${escape(s.error)}\n\nChecks that need the cluster are not made until it loads.\n\n[Retry](command:incus.refreshClusters) · [Choose another](command:incus.selectCluster)`);
        this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
        break;
    }
    this.item.tooltip = md;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.item.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, "\\$&");
}
