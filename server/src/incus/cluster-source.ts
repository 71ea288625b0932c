// The one loader of clusters, for the CLI and the language server alike: a snapshot file, a live
// server captured read-only (a unix socket or a remote of the incus client config), or the
// bundled sample when none is named.
import { captureSnapshot } from "./client/capture";
import { isIncusClientError } from "./client/errors";
import { IncusClient } from "./client/http";
import { remoteTarget, unixTarget } from "./client/target";
import { formatErrors, loadSnapshot, sampleSnapshotPath, type ClusterSnapshot } from "./snapshot";

export interface ClusterSourceArgs {
  cluster?: string;
  remote?: string;
  socket?: string;
}

export class UserError extends Error {}

export interface LoadedCluster {
  snapshot: ClusterSnapshot;
  label: string;
  /** Problems that do not stop the load (dangling references), as FILE:LINE:COL lines. */
  warnings: string[];
}

export async function loadClusterSource(args: ClusterSourceArgs): Promise<LoadedCluster> {
  const named = [args.cluster, args.remote, args.socket].filter((x) => x !== undefined).length;
  if (named > 1) throw new UserError("--cluster, --remote and --socket exclude each other");
  if (args.remote !== undefined || args.socket !== undefined) {
    const target = args.socket !== undefined ? unixTarget(args.socket) : remoteTarget(args.remote);
    const client = new IncusClient(target);
    try {
      const { snapshot } = await captureSnapshot(client);
      return { snapshot, label: client.label, warnings: [] };
    } catch (err) {
      throw new UserError(isIncusClientError(err) ? err.message : (err as Error).message);
    } finally {
      client.close();
    }
  }
  const path = args.cluster ?? sampleSnapshotPath();
  const loaded = loadSnapshot(path);
  if (loaded.errors) throw new UserError(formatErrors(loaded.errors));
  const warnings = loaded.warnings?.length ? formatErrors(loaded.warnings).split("\n").filter(Boolean) : [];
  return { snapshot: loaded.snapshot, label: args.cluster ? path : "the bundled sample cluster", warnings };
}
