// An instance: where it runs, its status and type; live ones can be moved and edited.
import type { Instance } from "../../../../incus/snapshot";
import { contextValue, escapeMarkdown, nodeId, type ClusterNode } from "../node";
import { instanceIcon } from "../status-icons";

export function instanceNode(connection: string, parentId: string, inst: Instance, live: boolean, show: "member" | "project"): ClusterNode {
  const where = show === "member" ? inst.location || "no member" : inst.project;
  const config = Object.entries(inst.config)
    .filter(([k]) => !k.startsWith("volatile.") && !k.startsWith("image."))
    .map(([k, v]) => `- \`${k}\`: ${escapeMarkdown(v)}`);
  return {
    id: nodeId(parentId, inst.project, inst.name),
    label: inst.name,
    description: [where, inst.status, inst.type === "virtual-machine" ? "VM" : "container"].join(" · "),
    tooltip: [
      `**${escapeMarkdown(inst.name)}** (${inst.type}, project ${escapeMarkdown(inst.project)})${inst.description ? ` — ${escapeMarkdown(inst.description)}` : ""}`,
      "",
      `On ${escapeMarkdown(inst.location || "?")}, ${inst.status}, ${inst.architecture}; profiles ${escapeMarkdown(inst.profiles.join(", ") || "none")}`,
      ...(config.length ? ["", ...config] : []),
    ].join("\n"),
    icon: instanceIcon(inst.type, inst.status),
    contextValue: contextValue("instance", live, inst.status.toLowerCase()),
    collapsible: "none",
    ref: { kind: "instance", connection, project: inst.project, instance: inst.name, location: inst.location },
    live,
  };
}
