// An Incus warning: severity icon, where it happened, how often.
import type { Warning } from "../../../../incus/snapshot";
import { contextValue, escapeMarkdown, nodeId, type ClusterNode } from "../node";
import { warningIcon } from "../status-icons";

export function warningNode(connection: string, parentId: string, w: Warning, index: number, live: boolean): ClusterNode {
  const done = w.status === "acknowledged" || w.status === "resolved";
  return {
    id: nodeId(parentId, w.uuid || String(index)),
    label: w.type,
    description: [w.location, w.severity, done ? w.status : "", w.count > 1 ? `×${w.count}` : ""].filter(Boolean).join(" · "),
    tooltip: [
      `**${escapeMarkdown(w.type)}** (${w.severity}, ${w.status})`,
      "",
      w.last_message ? escapeMarkdown(w.last_message) : "",
      "",
      [w.location ? `Member ${escapeMarkdown(w.location)}` : "", w.project ? `project ${escapeMarkdown(w.project)}` : "", w.entity_url ? `\`${w.entity_url}\`` : ""].filter(Boolean).join(", "),
      w.last_seen_at ? `\n\nLast seen ${w.last_seen_at}, ${w.count} time(s)` : "",
    ].join("\n"),
    icon: done ? { id: "pass" } : warningIcon(w.severity),
    contextValue: contextValue("warning", live, w.severity),
    collapsible: "none",
    ref: { kind: "warning", connection, uuid: w.uuid },
    live,
  };
}
