// A project: restrictions at a glance; its children are the profiles its instances use.
import type { ClusterModel, Project } from "../../../../incus/snapshot";
import { contextValue, escapeMarkdown, nodeId, plural, type ClusterNode } from "../node";
import { profileNodes } from "./profile-node";

export function projectNode(connection: string, parentId: string, model: ClusterModel, p: Project, live: boolean): ClusterNode {
  const restricted = p.config.restricted === "true";
  const groups = p.config["restricted.cluster.groups"];
  const ownProfiles = p.name === "default" || p.config["features.profiles"] === "true";
  const count = model.instanceCount({ project: p.name });
  const bits = [plural(count, "instance")];
  if (restricted) bits.push(groups ? `restricted to ${groups}` : "restricted");
  if (!ownProfiles) bits.push("default's profiles");
  const config = Object.entries(p.config).map(([k, v]) => `| ${escapeMarkdown(k)} | ${escapeMarkdown(v)} |`);
  return {
    id: nodeId(parentId, p.name),
    label: p.name,
    description: bits.join(" · "),
    tooltip: [`**${escapeMarkdown(p.name)}**${p.description ? ` — ${escapeMarkdown(p.description)}` : ""}`, "", ...(config.length ? ["| key | value |", "|---|---|", ...config] : [])].join("\n"),
    icon: { id: restricted ? "lock" : "project" },
    contextValue: contextValue("project", live, restricted ? "restricted" : "open"),
    collapsible: model.profilesOf(p.name).size > 0 ? "collapsed" : "none",
    ref: { kind: "project", connection, project: p.name },
    live,
  };
}

export function projectChildren(connection: string, node: ClusterNode, model: ClusterModel, project: string): ClusterNode[] {
  return profileNodes(connection, node.id, model, project, node.live);
}
