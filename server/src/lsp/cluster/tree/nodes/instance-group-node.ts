// Instances grouped by the member they run on or by their project.
import type { ClusterModel, Instance } from "../../../../incus/snapshot";
import { contextValue, nodeId, plural, type ClusterNode } from "../node";
import { memberIcon } from "../status-icons";
import { instanceNode } from "./instance-node";
import { memberNode } from "./member-node";

export function instanceGroupNodes(connection: string, parentId: string, model: ClusterModel, by: "member" | "project", live: boolean): ClusterNode[] {
  const keys = by === "member" ? membersWithStrays(model) : model.projects.map((p) => p.name);
  return keys.map((key) => {
    const count = by === "member" ? model.instanceCount({ member: key }) : model.instanceCount({ project: key });
    const member = by === "member" ? model.member(key) : undefined;
    // Same row, same actions: a member here is the member row of "Members" (menu, tooltip, children).
    if (member) return memberNode(connection, parentId, model, member, live);
    return {
      id: nodeId(parentId, key),
      label: key || "(no member)",
      description: plural(count, "instance"),
      // A location that is no member of the cluster (instances left on a removed member).
      icon: by === "member" ? memberIcon("Unknown") : { id: "project" },
      contextValue: contextValue("instanceGroup", live, by),
      collapsible: count > 0 ? "collapsed" : "none",
      ref: { kind: "instanceGroup", connection, by, key },
      live,
    } satisfies ClusterNode;
  });
}

/** Members in API order, then any location an instance names that is not a member. */
function membersWithStrays(model: ClusterModel): string[] {
  const names = model.members.map((m) => m.server_name);
  const known = new Set(names);
  for (const inst of model.instances) {
    if (!known.has(inst.location)) {
      known.add(inst.location);
      names.push(inst.location);
    }
  }
  return names;
}

export function instanceGroupChildren(connection: string, node: ClusterNode, model: ClusterModel, by: "member" | "project", key: string): ClusterNode[] {
  const list: readonly Instance[] = by === "member" ? model.instancesOn(key) : model.instancesIn(key);
  return [...list]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((inst) => instanceNode(connection, node.id, inst, node.live, by === "member" ? "project" : "member"));
}
