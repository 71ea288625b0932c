// What the cluster sidebar shows, independent of VS Code: each kind of node is built by its own
// module in ./nodes from a ClusterModel; the provider only turns these into TreeItems. Tests
// build trees from the sample cluster with no editor.
export interface NodeIcon {
  /** A codicon id (ThemeIcon). */
  id: string;
  /** A theme colour id (ThemeColor), e.g. "testing.iconPassed". */
  color?: string;
}

/** What a node stands for, handed to commands invoked on it. */
export type NodeRef =
  | { kind: "connection"; connection: string }
  | { kind: "category"; connection: string; category: CategoryId }
  | { kind: "member"; connection: string; member: string }
  | { kind: "group"; connection: string; group: string }
  | { kind: "project"; connection: string; project: string }
  | { kind: "profile"; connection: string; project: string; profile: string }
  | { kind: "instanceGroup"; connection: string; by: "member" | "project"; key: string }
  | { kind: "instance"; connection: string; project: string; instance: string; location: string }
  | { kind: "pool"; connection: string; pool: string }
  | { kind: "poolMember"; connection: string; pool: string; member: string }
  | { kind: "warning"; connection: string; uuid: string }
  | { kind: "message"; connection: string; text: string };

export type CategoryId = "members" | "groups" | "projects" | "instancesByMember" | "instancesByProject" | "pools" | "warnings";

export interface ClusterNode {
  /** Unique in the tree and stable across refreshes (keeps expansion state). */
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon?: NodeIcon;
  /** Matched by the `when` clauses of the context menus in package.json (viewItem). */
  contextValue: string;
  collapsible: "none" | "collapsed" | "expanded";
  ref: NodeRef;
  /** Whether the connection behind the node is a live server (enables changing commands). */
  live: boolean;
}

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
