// The active cluster the language server knows about: the bundled sample, a snapshot file, or
// a remote captured read-only. Loaded when the setting changes or on an explicit refresh —
// never per keystroke.
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { loadClusterSource } from "../cli/cluster-source";
import { clusterFromSnapshot } from "../incus/placement/from-snapshot";
import type { PlacementCluster } from "../incus/placement/cluster";
import type { ClusterSnapshot } from "../incus/snapshot";
import type { ClusterNames } from "../language/scriptlet/context";

export interface ActiveCluster {
  setting: string;
  snapshot: ClusterSnapshot;
  cluster: PlacementCluster & { localMember: string };
  names: ClusterNames;
  version: string;
}

export class ClusterContext {
  private current?: Promise<ActiveCluster | { error: string }>;
  private setting?: string;

  constructor(private readonly workspaceRoot: () => string | undefined) {}

  /** The cluster for `setting` (loads once per distinct setting, or after refresh()). */
  get(setting: string): Promise<ActiveCluster | { error: string }> {
    if (!this.current || this.setting !== setting) {
      this.setting = setting;
      this.current = this.load(setting);
    }
    return this.current;
  }

  refresh(): void {
    this.current = undefined;
  }

  private async load(setting: string): Promise<ActiveCluster | { error: string }> {
    try {
      const args = setting.startsWith("remote:")
        ? { remote: setting.slice("remote:".length) }
        : setting === "sample" || setting === ""
          ? {}
          : { cluster: this.resolvePath(setting) };
      const { snapshot, label } = await loadClusterSource(args);
      const cluster = clusterFromSnapshot(snapshot);
      const names: ClusterNames = {
        source: setting === "sample" || setting === "" ? "the sample cluster" : label,
        members: cluster.members.map((m) => m.server_name),
        groups: cluster.groups.map((g) => g.name),
        projects: cluster.projects.map((p) => p.name),
      };
      return { setting, snapshot, cluster, names, version: cluster.serverVersion };
    } catch (e) {
      return { error: `cannot load the active cluster "${setting}": ${(e as Error).message}` };
    }
  }

  private resolvePath(p: string): string {
    if (p.startsWith("file:")) return fileURLToPath(p);
    if (path.isAbsolute(p)) return p;
    const root = this.workspaceRoot();
    return root ? path.join(root, p) : p;
  }
}
