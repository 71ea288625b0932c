// Commands take either a tree node (context menus), a plain object (tests, e2e scenarios,
// other extensions) or nothing (palette: then they ask). These helpers resolve what they act on.
import * as vscode from "vscode";
import type { ClusterRegistry } from "../clusters/cluster-registry";
import type { ClusterNode, ClusterSummary } from "../../../server/src/lsp/protocol";

export function isNode(arg: unknown): arg is ClusterNode {
  return typeof arg === "object" && arg !== null && "ref" in arg && "contextValue" in arg;
}

export const remoteKey = (remote: string): string => `remote:${remote}`;

/** A remote named by a node of a live connection, `{remote}`, a string, or asked for. */
export async function resolveRemote(registry: ClusterRegistry, arg: unknown, title: string): Promise<string | undefined> {
  if (isNode(arg)) {
    const entry = await registry.entry(arg.ref.connection);
    if (entry?.kind === "remote") return entry.key.slice("remote:".length);
    void vscode.window.showErrorMessage(`${title}: ${entry ? entry.label : "this"} is not a live Incus server (it is a ${entry?.kind === "sample" ? "bundled sample" : "snapshot file"})`);
    return undefined;
  }
  if (typeof arg === "string" && arg) return arg.replace(/^remote:/, "");
  if (typeof arg === "object" && arg !== null && typeof (arg as { remote?: unknown }).remote === "string") return (arg as { remote: string }).remote;
  return pickRemote(registry, title);
}

export async function pickRemote(registry: ClusterRegistry, title: string): Promise<string | undefined> {
  const list = await registry.connections();
  const remotes = list.connections.filter((c) => c.kind === "remote");
  if (remotes.length === 0) {
    void vscode.window.showErrorMessage(`${title}: no Incus remote is configured${list.remoteConfigError ? ` (${list.remoteConfigError})` : ""}. Add one with "Incus: Add Remote…".`);
    return undefined;
  }
  const items = remotes.map((r) => ({
    label: r.label,
    description: [r.detail, r.label === list.defaultRemote ? "default" : "", r.active ? "active" : ""].filter(Boolean).join(" · "),
  }));
  items.sort((a, b) => Number(b.label === list.defaultRemote) - Number(a.label === list.defaultRemote));
  const chosen = await vscode.window.showQuickPick(items, { title: `${title}: which Incus server?` });
  return chosen?.label;
}

/** The connection key a command acts on: a node's, `{remote}`'s, `{connection}`'s, or undefined (the active one). */
export function connectionOf(arg: unknown): string | undefined {
  if (isNode(arg)) return arg.ref.connection;
  if (typeof arg === "object" && arg !== null) {
    const a = arg as { remote?: unknown; connection?: unknown };
    if (typeof a.connection === "string") return a.connection;
    if (typeof a.remote === "string") return remoteKey(a.remote);
  }
  return undefined;
}

/** The cluster facts for a node's connection, `{remote}`, or the active one (`force`: a fresh capture). */
export function summaryOf(registry: ClusterRegistry, arg: unknown, force = false): Promise<ClusterSummary> {
  return registry.summary(connectionOf(arg), force);
}

export async function pickFrom<T>(title: string, items: { label: string; description?: string; value: T }[]): Promise<T | undefined> {
  return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true }))?.value;
}
