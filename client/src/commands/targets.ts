// Commands take either a tree node (context menus), a plain object (tests, e2e scenarios,
// other extensions) or nothing (palette: then they ask). These helpers resolve what they act on.
import * as vscode from "vscode";
import type { ClusterRegistry } from "../clusters/cluster-registry";
import type { LoadedCluster } from "../clusters/cluster-loader";
import { connectionLabel, type ConnectionSpec } from "../clusters/connection-spec";
import { incusRemotes } from "../clusters/remote-list";
import type { ClusterNode } from "../tree/node";
import { readSettings } from "../settings";

export function isNode(arg: unknown): arg is ClusterNode {
  return typeof arg === "object" && arg !== null && "ref" in arg && "contextValue" in arg;
}

/** A remote named by a node of a live connection, `{remote}`, a string, or asked for. */
export async function resolveRemote(registry: ClusterRegistry, arg: unknown, title: string): Promise<string | undefined> {
  if (isNode(arg)) {
    const entry = await registry.entry(arg.ref.connection);
    if (entry?.spec.kind === "remote") return entry.spec.name;
    void vscode.window.showErrorMessage(`${title}: ${entry ? connectionLabel(entry.spec) : "this"} is not a live Incus server (it is a snapshot)`);
    return undefined;
  }
  if (typeof arg === "string" && arg) return arg.replace(/^remote:/, "");
  if (typeof arg === "object" && arg !== null && typeof (arg as { remote?: unknown }).remote === "string") return (arg as { remote: string }).remote;
  return pickRemote(registry, title);
}

export async function pickRemote(registry: ClusterRegistry, title: string): Promise<string | undefined> {
  const { remotes, defaultRemote } = incusRemotes(registry.env());
  const preferred = readSettings().defaultRemote ?? defaultRemote;
  const active = registry.activeSpec();
  const items = remotes.map((r) => ({
    label: r.name,
    description: [r.addr, r.name === preferred ? "default" : "", active.kind === "remote" && active.name === r.name ? "active" : ""].filter(Boolean).join(" · "),
  }));
  items.sort((a, b) => Number(b.label === preferred) - Number(a.label === preferred));
  const chosen = await vscode.window.showQuickPick(items, { title: `${title}: which Incus server?` });
  return chosen?.label;
}

/** The loaded cluster for a node's connection, `{connection}`, or the active one. */
export async function clusterOf(registry: ClusterRegistry, arg: unknown, force = false): Promise<LoadedCluster> {
  let spec: ConnectionSpec | undefined;
  if (isNode(arg)) spec = (await registry.entry(arg.ref.connection))?.spec;
  else if (typeof arg === "object" && arg !== null && typeof (arg as { remote?: unknown }).remote === "string") spec = { kind: "remote", name: (arg as { remote: string }).remote };
  return registry.load(spec ?? registry.activeSpec(), force);
}

export async function pickFrom<T>(title: string, items: { label: string; description?: string; value: T }[]): Promise<T | undefined> {
  return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true }))?.value;
}
