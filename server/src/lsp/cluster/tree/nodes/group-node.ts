// A cluster group; its children are its members.
import type { ClusterModel, GroupEntry } from "../../../../incus/snapshot";
import { contextValue, escapeMarkdown, nodeId, plural, type ClusterNode } from "../node";
import { memberNodes } from "./member-node";

export function groupNode(connection: string, parentId: string, entry: GroupEntry, live: boolean): ClusterNode {
  const g = entry.group;
  return {
    id: nodeId(parentId, g.name),
    label: g.name,
    description: `${plural(entry.members.length, "member")}${g.description ? " · " + g.description : ""}`,
    tooltip: `**${escapeMarkdown(g.name)}** — ${escapeMarkdown(g.description || "cluster group")}\n\nMembers: ${escapeMarkdown(g.members.join(", ") || "none")}`,
    icon: { id: "group-by-ref-type" },
    contextValue: contextValue("group", live),
    collapsible: entry.members.length > 0 ? "collapsed" : "none",
    ref: { kind: "group", connection, group: g.name },
    live,
  };
}

export function groupChildren(connection: string, node: ClusterNode, model: ClusterModel, group: string): ClusterNode[] {
  const entry = model.group(group);
  return entry ? memberNodes(connection, node.id, model, entry.members, node.live) : [];
}
