// What the cluster sidebar shows, built by the server: each kind of node by its own module in
// ./nodes from a ClusterModel; the client only turns these into TreeItems. Tests build trees
// from the sample cluster with no editor.
export type { CategoryId, ClusterNode, NodeIcon, NodeRef } from "../../protocol";

/** `a:b:c` context values: kind, then "live"/"offline", then a state word. */
export function contextValue(kind: string, live: boolean, ...states: string[]): string {
  return [kind, live ? "live" : "snapshot", ...states].join(":");
}

export function nodeId(connection: string, ...parts: string[]): string {
  return [connection, ...parts].map((p) => p.replace(/\//g, "%2F")).join("/");
}

export function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Escapes what would change meaning in a tooltip's Markdown (emphasis, code, links, tables, HTML). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, "\\$&");
}
