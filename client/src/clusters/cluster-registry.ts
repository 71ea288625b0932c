// Every connection the sidebar lists, the active one (setting `incus.activeCluster`), and the
// loaded clusters behind them, cached. Snapshot files are watched; loaded live clusters follow
// /1.0/events and reload (debounced) when something changes.
import * as vscode from "vscode";
import { IncusEventStream, describeEvent } from "../incus/event-stream";
import type { Log } from "../output";
import { readSettings, workspaceRoot } from "../settings";
import { debounce, type Debounced } from "../util/debounce";
import { errorMessage } from "../util/errors";
import { incusEnv, loadCluster, type LoadedCluster } from "./cluster-loader";
import { connectionKey, isLive, parseConnectionSetting, sameConnection, type ConnectionSpec } from "./connection-spec";
import { incusRemotes } from "./remote-list";

export const SNAPSHOT_GLOB = "**/*.incus-cluster.{yaml,yml,json}";
const EVENT_DEBOUNCE_MS = 1500;

export interface ConnectionEntry {
  key: string;
  spec: ConnectionSpec;
  detail?: string;
}

interface LiveFollower {
  stream: IncusEventStream;
  reload: Debounced<[]>;
}

export class ClusterRegistry implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with a connection key when its cluster changed, undefined when the list changed. */
  readonly onDidChange = this.changed.event;
  private readonly loadedEvent = new vscode.EventEmitter<string>();
  /** Fires with a connection key after its cluster loaded or failed to (views showing state, not trees). */
  readonly onDidLoad = this.loadedEvent.event;
  private readonly loading = new Map<string, Promise<LoadedCluster>>();
  private readonly loaded = new Map<string, LoadedCluster>();
  private readonly errors = new Map<string, string>();
  private readonly followers = new Map<string, LiveFollower>();
  private readonly disposables: vscode.Disposable[] = [];
  private entries: ConnectionEntry[] | undefined;

  constructor(private readonly log: Log) {
    const watcher = vscode.workspace.createFileSystemWatcher(SNAPSHOT_GLOB);
    const onFile = (uri: vscode.Uri) => {
      this.entries = undefined;
      this.forget(connectionKey({ kind: "snapshot", path: uri.fsPath }));
      this.changed.fire(undefined);
    };
    watcher.onDidChange(onFile, null, this.disposables);
    watcher.onDidCreate(onFile, null, this.disposables);
    watcher.onDidDelete(onFile, null, this.disposables);
    this.disposables.push(watcher);
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (e.affectsConfiguration("incus.configPath")) this.refreshAll();
        else if (e.affectsConfiguration("incus.activeCluster")) {
          this.entries = undefined; // the active cluster may be a file the list does not hold yet
          this.changed.fire(undefined);
        }
      },
      null,
      this.disposables,
    );
  }

  env(): NodeJS.ProcessEnv {
    return incusEnv(readSettings().configPath);
  }

  activeSpec(): ConnectionSpec {
    return parseConnectionSetting(readSettings().activeCluster, workspaceRoot());
  }

  isActive(spec: ConnectionSpec | undefined): boolean {
    if (!spec) return false;
    try {
      return sameConnection(spec, this.activeSpec());
    } catch {
      return false;
    }
  }

  /** Sample, snapshot files in the workspace, remotes of the incus config (and the active one if elsewhere). */
  async list(): Promise<ConnectionEntry[]> {
    if (this.entries) return this.entries;
    const out: ConnectionEntry[] = [{ key: "sample", spec: { kind: "sample" }, detail: "bundled" }];
    const files = await vscode.workspace.findFiles(SNAPSHOT_GLOB, "**/node_modules/**", 200);
    for (const f of files.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      const spec: ConnectionSpec = { kind: "snapshot", path: f.fsPath };
      out.push({ key: connectionKey(spec), spec, detail: vscode.workspace.asRelativePath(f) });
    }
    try {
      for (const r of incusRemotes(this.env()).remotes) {
        const spec: ConnectionSpec = { kind: "remote", name: r.name };
        out.push({ key: connectionKey(spec), spec, detail: r.addr });
      }
    } catch (e) {
      this.log.error(`incus client config: ${errorMessage(e)}`);
    }
    try {
      const active = this.activeSpec();
      if (!out.some((e) => sameConnection(e.spec, active))) out.push({ key: connectionKey(active), spec: active, detail: "from settings" });
    } catch (e) {
      this.log.error(errorMessage(e));
    }
    this.entries = out;
    return out;
  }

  async entry(key: string): Promise<ConnectionEntry | undefined> {
    return (await this.list()).find((e) => e.key === key);
  }

  /** The connection behind a key of the current list (or of a loaded cluster). */
  spec(key: string): ConnectionSpec | undefined {
    return this.entries?.find((e) => e.key === key)?.spec ?? this.loaded.get(key)?.spec;
  }

  cached(key: string): LoadedCluster | undefined {
    return this.loaded.get(key);
  }

  lastError(key: string): string | undefined {
    return this.errors.get(key);
  }

  /** The loaded cluster of a connection (from cache unless `force`). */
  load(spec: ConnectionSpec, force = false): Promise<LoadedCluster> {
    const key = connectionKey(spec);
    if (!force) {
      const hit = this.loaded.get(key);
      if (hit) return Promise.resolve(hit);
      // A failure is kept until a refresh, so views re-rendering after it do not retry in a loop.
      const failed = this.errors.get(key);
      if (failed !== undefined) return Promise.reject(new Error(`${failed} (refresh the Incus sidebar to retry)`));
      const pending = this.loading.get(key);
      if (pending) return pending;
    }
    const settings = readSettings();
    const promise = loadCluster(spec, { env: incusEnv(settings.configPath) })
      .then((cluster) => {
        this.loaded.set(key, cluster);
        this.errors.delete(key);
        this.log.info(`loaded ${cluster.label} from ${cluster.source}: Incus ${cluster.model.serverVersion}, ${cluster.model.members.length} members, ${cluster.model.instances.length} instances`);
        if (isLive(spec)) this.follow(key, cluster);
        this.loadedEvent.fire(key);
        return cluster;
      })
      .catch((e: unknown) => {
        const msg = errorMessage(e);
        this.errors.set(key, msg);
        this.log.error(`loading ${key}: ${msg}`);
        this.loadedEvent.fire(key);
        throw e;
      })
      .finally(() => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
      });
    this.loading.set(key, promise);
    return promise;
  }

  loadActive(force = false): Promise<LoadedCluster> {
    return this.load(this.activeSpec(), force);
  }

  /** Drops cached clusters (all, or one) and tells the views. */
  refresh(key?: string): void {
    if (key === undefined) this.refreshAll();
    else {
      this.forget(key);
      this.changed.fire(key);
    }
  }

  private refreshAll(): void {
    this.entries = undefined;
    for (const key of [...this.loaded.keys(), ...this.errors.keys()]) this.forget(key);
    this.changed.fire(undefined);
  }

  private forget(key: string): void {
    this.loaded.delete(key);
    this.errors.delete(key);
    const f = this.followers.get(key);
    if (f) {
      f.stream.stop();
      f.reload.cancel();
      this.followers.delete(key);
    }
  }

  /** Live refresh: reload the cluster (debounced) on every lifecycle event. */
  private follow(key: string, cluster: LoadedCluster): void {
    if (this.followers.has(key) || !cluster.target) return;
    const reload = debounce(() => {
      if (!this.followers.has(key)) return;
      void this.load(cluster.spec, true).then(
        () => this.changed.fire(key),
        () => this.changed.fire(key),
      );
    }, EVENT_DEBOUNCE_MS);
    const stream = new IncusEventStream(cluster.target, {
      onEvent: (event) => {
        this.log.info(`event from ${cluster.label}: ${describeEvent(event)}`);
        reload();
      },
      log: (line) => this.log.info(line),
    });
    this.followers.set(key, { stream, reload });
    stream.start();
  }

  dispose(): void {
    for (const key of [...this.followers.keys()]) this.forget(key);
    this.changed.dispose();
    this.loadedEvent.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
