// The clusters the server knows: one per connection (sample, snapshot file, remote), loaded
// with the one loader (incus/cluster-source.ts) on first use, cached, and for live servers
// followed through /1.0/events (a burst of events is one reload). Every change is reported
// through `onChanged`; the LSP wiring turns that into notifications and fresh diagnostics.
import { remoteTarget, type ConnectionTarget } from "../../incus/client/target";
import { loadClusterSource } from "../../incus/cluster-source";
import type { PlacementCluster } from "../../incus/placement/cluster";
import { clusterFromSnapshot } from "../../incus/placement/from-snapshot";
import { buildModel, type ClusterModel, type ClusterSnapshot } from "../../incus/snapshot";
import type { ClusterState } from "../protocol";
import { connectionKey, connectionLabel, isLive, type ConnectionSpec } from "./connection-spec";
import { describeEvent, EventFollower } from "./event-follower";

export interface LoadedConnection {
  key: string;
  spec: ConnectionSpec;
  label: string;
  /** Where it came from: a file path, the remote's address. */
  source: string;
  snapshot: ClusterSnapshot;
  model: ClusterModel;
  placement: PlacementCluster & { localMember: string };
  version: string;
  loadedAt: Date;
  /** Counts loads of this connection: a result computed on an older generation is stale. */
  generation: number;
}

export interface RegistryHost {
  env(): NodeJS.ProcessEnv;
  log(line: string): void;
  /** A connection's cluster changed (loaded again, failed, or dropped). */
  onChanged(key: string): void;
}

const EVENT_DEBOUNCE_MS = 1500;

export class ClusterRegistry {
  private readonly loaded = new Map<string, LoadedConnection>();
  private readonly loading = new Map<string, Promise<LoadedConnection>>();
  private readonly failed = new Map<string, { error: string; at: Date }>();
  private readonly followers = new Map<string, { follower: EventFollower; timer?: ReturnType<typeof setTimeout> }>();
  private readonly generations = new Map<string, number>();

  constructor(private readonly host: RegistryHost) {}

  cached(key: string): LoadedConnection | undefined {
    return this.loaded.get(key);
  }

  state(spec: ConnectionSpec): ClusterState {
    const key = connectionKey(spec);
    const label = connectionLabel(spec);
    const hit = this.loaded.get(key);
    if (hit) return { key, label, state: "ready", version: hit.version, members: hit.model.members.length, instances: hit.model.instances.length, source: hit.source, loadedAt: hit.loadedAt.toISOString(), generation: hit.generation };
    const failed = this.failed.get(key);
    if (failed) return { key, label, state: "failed", error: failed.error, failedAt: failed.at.toISOString() };
    return { key, label, state: "loading" };
  }

  /** The cluster of a connection: cached unless `force`; a failure is kept until a refresh. */
  load(spec: ConnectionSpec, force = false): Promise<LoadedConnection> {
    const key = connectionKey(spec);
    if (!force) {
      const hit = this.loaded.get(key);
      if (hit) return Promise.resolve(hit);
      const failed = this.failed.get(key);
      if (failed) return Promise.reject(new Error(failed.error));
      const pending = this.loading.get(key);
      if (pending) return pending;
    }
    const promise = this.read(spec).then(
      (c) => {
        this.loaded.set(key, c);
        this.failed.delete(key);
        this.host.log(`loaded ${c.label} from ${c.source}: Incus ${c.version}, ${c.model.members.length} members, ${c.model.instances.length} instances`);
        if (isLive(spec)) this.follow(spec);
        this.host.onChanged(key);
        return c;
      },
      (e: unknown) => {
        const error = (e as Error).message;
        this.loaded.delete(key);
        this.failed.set(key, { error, at: new Date() });
        this.host.log(`loading ${key}: ${error}`);
        this.host.onChanged(key);
        throw e;
      },
    );
    const settled = promise.finally(() => {
      if (this.loading.get(key) === settled) this.loading.delete(key);
    });
    settled.catch(() => undefined); // callers get the rejection; this copy must not be unhandled
    this.loading.set(key, settled);
    return settled;
  }

  /** A live connection's target, for REST calls. */
  target(spec: ConnectionSpec): ConnectionTarget {
    if (spec.kind !== "remote") throw new Error(`${connectionLabel(spec)} is a ${spec.kind === "sample" ? "sample" : "snapshot file"}, not a live Incus server`);
    return remoteTarget(spec.name, this.host.env());
  }

  /** Forgets one connection's cluster (or all), so the next use loads it again. */
  refresh(key?: string): void {
    const keys = key === undefined ? [...new Set([...this.loaded.keys(), ...this.failed.keys()])] : [key];
    for (const k of keys) {
      this.loaded.delete(k);
      this.failed.delete(k);
      this.loading.delete(k);
      this.unfollow(k);
    }
  }

  dispose(): void {
    for (const k of [...this.followers.keys()]) this.unfollow(k);
  }

  private async read(spec: ConnectionSpec): Promise<LoadedConnection> {
    const key = connectionKey(spec);
    const args = spec.kind === "remote" ? { remote: spec.name } : spec.kind === "snapshot" ? { cluster: spec.path } : {};
    // Remotes are found through the server's environment (INCUS_CONF from incus.configPath:
    // the client restarts the server when that setting changes).
    const { snapshot, label: source } = await loadClusterSource(args);
    const model = buildModel(snapshot);
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    return {
      key,
      spec,
      label: connectionLabel(spec),
      source,
      snapshot,
      model,
      placement: clusterFromSnapshot(snapshot),
      version: model.serverVersion,
      loadedAt: new Date(),
      generation,
    };
  }

  private follow(spec: ConnectionSpec): void {
    const key = connectionKey(spec);
    if (this.followers.has(key)) return;
    let target: ConnectionTarget;
    try {
      target = this.target(spec);
    } catch (e) {
      this.host.log(`events: ${(e as Error).message}`);
      return;
    }
    const entry: { follower: EventFollower; timer?: ReturnType<typeof setTimeout> } = {
      follower: new EventFollower(target, {
        onEvent: (event) => {
          this.host.log(`event from ${connectionLabel(spec)}: ${describeEvent(event)}`);
          clearTimeout(entry.timer);
          entry.timer = setTimeout(() => {
            if (this.followers.get(key) !== entry) return;
            this.load(spec, true).catch(() => undefined);
          }, EVENT_DEBOUNCE_MS);
        },
        log: (line) => this.host.log(line),
      }),
    };
    this.followers.set(key, entry);
    entry.follower.start();
  }

  private unfollow(key: string): void {
    const f = this.followers.get(key);
    if (!f) return;
    clearTimeout(f.timer);
    f.follower.stop();
    this.followers.delete(key);
  }
}
