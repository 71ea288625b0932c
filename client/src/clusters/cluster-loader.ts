// Loads the cluster behind a connection: a snapshot file read and validated, or a live server
// captured read-only (the same capture the CLI's `snapshot` command makes). No vscode here.
import { captureSnapshot } from "../../../server/src/incus/client/capture";
import { IncusClient } from "../../../server/src/incus/client/http";
import { remoteTarget, type ConnectionTarget } from "../../../server/src/incus/client/target";
import { buildModel, formatErrors, loadSnapshot, sampleSnapshotPath, type ClusterModel, type ClusterSnapshot } from "../../../server/src/incus/snapshot";
import { connectionLabel, type ConnectionSpec } from "./connection-spec";

export interface LoadedCluster {
  spec: ConnectionSpec;
  label: string;
  /** Where it came from, for tooltips and the result view: a file path or the remote's address. */
  source: string;
  snapshot: ClusterSnapshot;
  model: ClusterModel;
  /** For live connections: how to reach the server again (evacuate, edit, events). */
  target?: ConnectionTarget;
  loadedAt: Date;
}

export interface LoadOptions {
  /** Environment for finding the incus client config (INCUS_CONF from `incus.configPath`). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export class ClusterLoadError extends Error {}

export async function loadCluster(spec: ConnectionSpec, options: LoadOptions = {}): Promise<LoadedCluster> {
  if (spec.kind === "remote") {
    const target = remoteTarget(spec.name, options.env ?? process.env);
    const client = new IncusClient(target, { timeoutMs: options.timeoutMs });
    try {
      const { snapshot } = await captureSnapshot(client);
      return { spec, label: connectionLabel(spec), source: target.label, snapshot, model: buildModel(snapshot), target, loadedAt: new Date() };
    } finally {
      client.close();
    }
  }
  const file = spec.kind === "sample" ? sampleSnapshotPath() : spec.path;
  const loaded = loadSnapshot(file);
  if (loaded.errors) throw new ClusterLoadError(formatErrors(loaded.errors));
  return { spec, label: connectionLabel(spec), source: file, snapshot: loaded.snapshot, model: buildModel(loaded.snapshot), loadedAt: new Date() };
}

/** The environment the incus client config is read with: `incus.configPath` overrides INCUS_CONF. */
export function incusEnv(configPath: string | undefined, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return configPath ? { ...base, INCUS_CONF: configPath } : base;
}
