// The client's view of the clusters the language server owns: the connection list, the active
// cluster's state (pushed by the server), and cluster facts for quick picks. Nothing is loaded
// or simulated here; every answer comes through the typed protocol.
import * as vscode from "vscode";
import type { ScriptletLanguageClient } from "../language/language-client";
import type { Log } from "../output";
import { Notifications, Requests, type ClusterState, type ClusterSummary, type ConnectionInfo, type ConnectionList } from "../../../server/src/lsp/protocol";

export class ClusterRegistry implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with a connection key when its cluster changed, undefined when the list changed. */
  readonly onDidChange = this.changed.event;
  private readonly activeEvent = new vscode.EventEmitter<ClusterState>();
  /** Fires whenever the active cluster's state changes (loading, ready, failed). */
  readonly onDidChangeActive = this.activeEvent.event;
  private list: Promise<ConnectionList> | undefined;
  private active: ClusterState | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly server: ScriptletLanguageClient,
    private readonly log: Log,
  ) {
    server.onNotification(Notifications.clusterChanged, ({ connection }) => {
      if (connection === undefined) this.list = undefined;
      this.changed.fire(connection);
    });
    server.onNotification(Notifications.activeCluster, (state) => {
      this.active = state;
      this.list = undefined; // "active" moved, or the active one was added to the list
      this.activeEvent.fire(state);
      this.changed.fire(undefined);
    });
    this.disposables.push(
      server.onDidStart(() => {
        this.list = undefined;
        this.changed.fire(undefined);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("incus.activeCluster") || e.affectsConfiguration("incus.defaultRemote")) this.list = undefined;
      }),
    );
  }

  /** The active cluster's last known state (undefined before the server said anything). */
  get activeState(): ClusterState | undefined {
    return this.active;
  }

  connections(): Promise<ConnectionList> {
    this.list ??= this.server.request(Requests.connections).catch((e: unknown) => {
      this.list = undefined;
      throw e;
    });
    return this.list;
  }

  async entry(key: string): Promise<ConnectionInfo | undefined> {
    return (await this.connections()).connections.find((c) => c.key === key);
  }

  async activeEntry(): Promise<ConnectionInfo | undefined> {
    return (await this.connections()).connections.find((c) => c.active);
  }

  /** Members, projects, instances... of a connection (undefined: the active one); a failure is thrown with its reason. */
  async summary(connection?: string, force = false): Promise<ClusterSummary> {
    const answer = await this.server.request(Requests.clusterSummary, { connection, force });
    if ("error" in answer) throw new Error(answer.error);
    return answer;
  }

  /** Drops one connection's cluster (or all): the server loads it again. */
  async refresh(connection?: string): Promise<void> {
    this.list = undefined;
    try {
      const state = await this.server.request(Requests.refresh, { connection });
      if (state.state === "failed") this.log.error(`${state.label}: ${state.error}`);
    } catch (e) {
      this.log.error(`refresh: ${(e as Error).message}`);
    }
    this.changed.fire(connection);
  }

  dispose(): void {
    this.changed.dispose();
    this.activeEvent.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
