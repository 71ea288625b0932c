// A leaf that says something instead of listing things: a load error, "no warnings", ...
import { nodeId, type ClusterNode, type NodeIcon } from "../node";

export function messageNode(connection: string, parentId: string, text: string, icon?: NodeIcon, tooltip?: string): ClusterNode {
  return {
    id: nodeId(parentId, "message", text.slice(0, 60)),
    label: text,
    tooltip: tooltip ?? text,
    icon,
    contextValue: "message",
    collapsible: "none",
    ref: { kind: "message", connection, text },
    live: false,
  };
}

export function errorNode(connection: string, parentId: string, error: string): ClusterNode {
  const firstLine = error.split("\n")[0];
  return messageNode(connection, parentId, firstLine, { id: "error", color: "list.errorForeground" }, error);
}
