// A connection at the top of the sidebar: the sample cluster, a snapshot file or a remote, with
// its state: loaded (version, member count), failed (the reason), or not loaded yet.
import type { ClusterState, ConnectionInfo } from "../../../protocol";
import { contextValue, escapeMarkdown, plural, type ClusterNode } from "../node";

export function connectionNode(info: ConnectionInfo, state: ClusterState): ClusterNode {
  const failed = state.state === "failed";
  const icon = failed
    ? { id: info.live ? "debug-disconnect" : "error", color: "list.errorForeground" }
    : { id: info.kind === "sample" ? "beaker" : info.kind === "snapshot" ? "file-code" : "remote" };
  const parts: string[] = [];
  if (info.active) parts.push("active");
  if (state.state === "ready") parts.push(`Incus ${state.version}`, plural(state.members, "member"));
  else if (failed) parts.push(info.live ? "unreachable" : "cannot load");
  else if (info.detail) parts.push(info.detail);
  const where =
    info.kind === "sample"
      ? "The bundled sample cluster"
      : info.kind === "snapshot"
        ? `Snapshot file \`${info.detail ?? info.key.slice("file:".length)}\` (a copy: changes on the server do not show here)`
        : `Live remote \`${info.label}\`${info.detail ? ` at \`${info.detail}\`` : ""}`;
  const tooltip = [
    `**${escapeMarkdown(info.label)}**${info.active ? " (active cluster)" : ""}`,
    "",
    where,
    state.state === "ready" ? `\n\nLoaded ${new Date(state.loadedAt).toLocaleTimeString()} from ${escapeMarkdown(state.source)}` : "",
    failed ? `\n\n**Cannot load:** ${escapeMarkdown(state.error)}\n\nRefresh to retry.` : "",
  ].join("\n");
  return {
    id: info.key,
    label: info.label,
    description: parts.join(" · "),
    tooltip,
    icon,
    contextValue: contextValue("connection", info.live, info.active ? "active" : "inactive", failed ? "failed" : "ok"),
    collapsible: info.active ? "expanded" : "collapsed",
    ref: { kind: "connection", connection: info.key },
    live: info.live,
  };
}
