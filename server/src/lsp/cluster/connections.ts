// Every connection the sidebar lists: the bundled sample, the snapshot files of the workspace,
// the remotes of the incus client configuration, and the active one if it is none of those.
import * as fs from "node:fs";
import * as path from "node:path";
import { loadClientConfig } from "../../incus/client/cliconfig";
import type { ConnectionInfo, ConnectionList } from "../protocol";
import { connectionKey, connectionLabel, formatConnectionSetting, isLive, sameConnection, type ConnectionSpec } from "./connection-spec";

export const SNAPSHOT_FILE = /\.incus-cluster\.(ya?ml|json)$/;
const MAX_FILES = 200;
const MAX_DEPTH = 6;
const SKIP_DIRS = new Set(["node_modules", ".git", "out", "dist", ".vscode-test"]);

export interface ListContext {
  workspaceRoot?: string;
  env: NodeJS.ProcessEnv;
  active: ConnectionSpec | { error: string };
  defaultRemote?: string;
}

export function listConnections(ctx: ListContext): ConnectionList {
  const specs: { spec: ConnectionSpec; detail?: string }[] = [{ spec: { kind: "sample" }, detail: "bundled" }];
  if (ctx.workspaceRoot) {
    for (const file of findSnapshotFiles(ctx.workspaceRoot)) specs.push({ spec: { kind: "snapshot", path: file }, detail: path.relative(ctx.workspaceRoot, file) });
  }
  let remoteConfigError: string | undefined;
  let defaultRemote = ctx.defaultRemote || undefined;
  try {
    const config = loadClientConfig(ctx.env);
    // Image servers are left out; `local` (the unix socket) comes first.
    const remotes = Object.entries(config.remotes)
      .filter(([, r]) => r.protocol === "incus")
      .sort(([a], [b]) => (a === "local" ? -1 : b === "local" ? 1 : a.localeCompare(b)));
    for (const [name, r] of remotes) specs.push({ spec: { kind: "remote", name }, detail: r.addr === "unix://" ? "unix socket" : r.addr });
    defaultRemote ??= config.defaultRemote;
  } catch (e) {
    remoteConfigError = (e as Error).message;
  }
  const active = "error" in ctx.active ? undefined : ctx.active;
  if (active && !specs.some((s) => sameConnection(s.spec, active))) specs.push({ spec: active, detail: "from settings" });
  const connections: ConnectionInfo[] = specs.map(({ spec, detail }) => ({
    key: connectionKey(spec),
    kind: spec.kind,
    label: connectionLabel(spec),
    setting: formatConnectionSetting(spec, ctx.workspaceRoot),
    detail,
    live: isLive(spec),
    active: !!active && sameConnection(spec, active),
  }));
  return { connections, defaultRemote, remoteConfigError };
}

/** Snapshot files under `root`, sorted, skipping build and dependency folders. */
export function findSnapshotFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH || found.length >= MAX_FILES) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) walk(path.join(dir, e.name), depth + 1);
      } else if (SNAPSHOT_FILE.test(e.name) && found.length < MAX_FILES) found.push(path.join(dir, e.name));
    }
  };
  walk(root, 0);
  return found.sort();
}
