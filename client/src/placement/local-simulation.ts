// Runs the placement simulator in the extension host, on a cluster the extension has loaded.
// Used when the language server cannot answer incus/runPlacement, and for the what-ifs before
// evacuating or moving on a live cluster. No vscode here.
import { parsePlacementCommand } from "../../../server/src/incus/placement/command";
import { clusterFromSnapshot } from "../../../server/src/incus/placement/from-snapshot";
import type { SimulationResult } from "../../../server/src/incus/placement/result";
import { simulate } from "../../../server/src/incus/placement/simulate";
import type { ClusterSnapshot } from "../../../server/src/incus/snapshot";
import { PLACEMENT_KEY } from "../config-fs/config-resource";

/** What Incus runs when no scriptlet is configured: nothing chosen, so its default applies. */
export const NO_SCRIPTLET = "def instance_placement(request, candidate_members):\n    return None\n";

export interface LocalRunOptions {
  version?: string;
  timeoutMs?: number;
}

export async function simulateOn(snapshot: ClusterSnapshot, src: string, command: readonly string[], opts: LocalRunOptions = {}): Promise<SimulationResult> {
  const cluster = clusterFromSnapshot(snapshot);
  const op = parsePlacementCommand([...command]);
  return simulate(cluster, src, op, { version: opts.version ?? cluster.serverVersion, localMember: cluster.localMember, timeoutMs: opts.timeoutMs });
}

/** The scriptlet the cluster itself would run (its server config), or the no-op stand-in. */
export function configuredScriptlet(snapshot: ClusterSnapshot): { src: string; configured: boolean } {
  const src = (snapshot.server.config as Record<string, string>)[PLACEMENT_KEY];
  return src && src.trim() !== "" ? { src, configured: true } : { src: NO_SCRIPTLET, configured: false };
}
