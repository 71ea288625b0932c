// The sections under a loaded connection: members, groups, projects, instances (by member and
// by project), storage pools, warnings. Counts in the description; trouble shows in the icon.
import type { ClusterModel } from "../../../../incus/snapshot";
import { contextValue, nodeId, type CategoryId, type ClusterNode, type NodeIcon } from "../node";
import { unavailablePools } from "./pool-node";

interface CategoryInfo {
  id: CategoryId;
  label: string;
  icon: NodeIcon;
  count: (m: ClusterModel) => number;
}

const CATEGORIES: CategoryInfo[] = [
  { id: "members", label: "Members", icon: { id: "server-environment" }, count: (m) => m.members.length },
  { id: "groups", label: "Cluster groups", icon: { id: "group-by-ref-type" }, count: (m) => m.groups.length },
  { id: "projects", label: "Projects", icon: { id: "project" }, count: (m) => m.projects.length },
  { id: "instancesByMember", label: "Instances by member", icon: { id: "list-tree" }, count: (m) => m.instances.length },
  { id: "instancesByProject", label: "Instances by project", icon: { id: "list-tree" }, count: (m) => m.instances.length },
  { id: "pools", label: "Storage pools", icon: { id: "database" }, count: (m) => m.pools.length },
  { id: "warnings", label: "Warnings", icon: { id: "bell" }, count: (m) => m.warnings.length },
];

/** Read from the server when expanded: no count until then. */
const LIVE_CATEGORIES: { id: CategoryId; label: string; icon: NodeIcon }[] = [
  { id: "images", label: "Images", icon: { id: "file-media" } },
  { id: "networks", label: "Networks", icon: { id: "globe" } },
  { id: "volumes", label: "Storage volumes", icon: { id: "archive" } },
];

export function categoryNodes(connection: string, model: ClusterModel, live: boolean): ClusterNode[] {
  const liveOnes: ClusterNode[] = live
    ? LIVE_CATEGORIES.map((c) => ({
        id: nodeId(connection, c.id),
        label: c.label,
        description: "all projects",
        icon: c.icon,
        contextValue: contextValue("category", live, c.id),
        collapsible: "collapsed",
        ref: { kind: "category", connection, category: c.id },
        live,
      }))
    : [];
  return [...snapshotCategories(connection, model, live), ...liveOnes];
}

function snapshotCategories(connection: string, model: ClusterModel, live: boolean): ClusterNode[] {
  return CATEGORIES.map((c) => {
    let icon = c.icon;
    let description = String(c.count(model));
    if (c.id === "members") {
      const down = model.members.filter((m) => m.status !== "Online").length;
      if (down > 0) description += ` · ${down} not online`;
    }
    if (c.id === "pools") {
      const bad = unavailablePools(model);
      if (bad.length > 0) {
        icon = { id: "warning", color: "list.errorForeground" };
        description += ` · ${bad.length} unavailable somewhere`;
      }
    }
    if (c.id === "warnings") {
      const open = model.warnings.filter((w) => w.status !== "resolved" && w.status !== "acknowledged");
      if (open.some((w) => w.severity === "high")) icon = { id: "bell-dot", color: "list.errorForeground" };
      else if (open.length > 0) icon = { id: "bell-dot", color: "list.warningForeground" };
      description = `${model.warnings.length}${open.length ? ` · ${open.length} new` : ""}`;
    }
    return {
      id: nodeId(connection, c.id),
      label: c.label,
      description,
      icon,
      contextValue: contextValue("category", live, c.id),
      collapsible: "collapsed",
      ref: { kind: "category", connection, category: c.id },
      live,
    };
  });
}
