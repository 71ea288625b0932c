// A connection at the top of the sidebar: the sample cluster, a snapshot file or a remote.
import type { LoadedCluster } from "../../clusters/cluster-loader";
import { connectionLabel, isLive, type ConnectionSpec } from "../../clusters/connection-spec";
import { contextValue, escapeMarkdown, plural, type ClusterNode } from "../node";

export interface ConnectionState {
  key: string;
  spec: ConnectionSpec;
  active: boolean;
  /** Where the connection is described: a file path, or the remote's address from config.yml. */
  detail?: string;
  cluster?: LoadedCluster;
  error?: string;
}

export function connectionNode(state: ConnectionState): ClusterNode {
  const { spec, key } = state;
  const live = isLive(spec);
  const icon = state.error
    ? { id: "error", color: "list.errorForeground" }
    : { id: spec.kind === "sample" ? "beaker" : spec.kind === "snapshot" ? "file-code" : "remote" };
  const parts: string[] = [];
  if (state.active) parts.push("active");
  if (state.cluster) {
    const m = state.cluster.model;
    parts.push(`Incus ${m.serverVersion}`, plural(m.members.length, "member"));
  } else if (state.detail) parts.push(state.detail);
  const tooltip = [
    `**${escapeMarkdown(connectionLabel(spec))}**${state.active ? " (active cluster)" : ""}`,
    "",
    spec.kind === "sample" ? "The bundled sample cluster" : spec.kind === "snapshot" ? `Snapshot file \`${spec.path}\`` : `Remote \`${spec.name}\`${state.detail ? ` at \`${state.detail}\`` : ""}`,
    state.cluster ? `\n\nLoaded ${state.cluster.loadedAt.toLocaleTimeString()} from ${escapeMarkdown(state.cluster.source)}` : "",
    state.error ? `\n\n**Error:** ${escapeMarkdown(state.error)}` : "",
  ].join("\n");
  return {
    id: key,
    label: connectionLabel(spec),
    description: parts.join(" · "),
    tooltip,
    icon,
    contextValue: contextValue("connection", live, state.active ? "active" : "inactive"),
    collapsible: state.active ? "expanded" : "collapsed",
    ref: { kind: "connection", connection: key },
    live,
  };
}
