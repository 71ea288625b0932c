// A profile as the instances of a project see it (its own, or default's without features.profiles).
import type { ClusterModel } from "../../../../incus/snapshot";
import { profileProjectOf } from "../../../../incus/snapshot";
import { contextValue, escapeMarkdown, nodeId, type ClusterNode } from "../node";

export function profileNodes(connection: string, parentId: string, model: ClusterModel, project: string, live: boolean): ClusterNode[] {
  const owner = profileProjectOf(model.project(project));
  return [...model.profilesOf(project).values()].map((p) => {
    const devices = Object.entries(p.devices).map(([name, d]) => `${name} (${d.type ?? "?"})`);
    return {
      id: nodeId(parentId, "profile", p.name),
      label: p.name,
      description: [owner !== project ? `from ${owner}` : "", devices.join(", ")].filter(Boolean).join(" · "),
      tooltip: `**profile ${escapeMarkdown(p.name)}**${p.description ? ` — ${escapeMarkdown(p.description)}` : ""}\n\n${Object.entries(p.config).map(([k, v]) => `- \`${k}\`: ${escapeMarkdown(v)}`).join("\n")}`,
      icon: { id: "symbol-property" },
      contextValue: contextValue("profile", live),
      collapsible: "none" as const,
      ref: { kind: "profile" as const, connection, project: owner, profile: p.name },
      live,
    };
  });
}
