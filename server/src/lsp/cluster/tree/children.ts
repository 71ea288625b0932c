// Which nodes sit under a node, given the loaded cluster of its connection.
import type { ClusterModel } from "../../../incus/snapshot";
import type { ClusterNode } from "./node";
import { categoryNodes } from "./nodes/category-node";
import { groupChildren, groupNode } from "./nodes/group-node";
import { instanceGroupChildren, instanceGroupNodes } from "./nodes/instance-group-node";
import { instanceNodesOfMember } from "./nodes/member-instances";
import { memberNodes } from "./nodes/member-node";
import { messageNode } from "./nodes/message-node";
import { poolChildren, poolNode } from "./nodes/pool-node";
import { projectChildren, projectNode } from "./nodes/project-node";
import { warningNode } from "./nodes/warning-node";

export function childrenOf(node: ClusterNode, model: ClusterModel): ClusterNode[] {
  const ref = node.ref;
  const c = ref.connection;
  const live = node.live;
  switch (ref.kind) {
    case "connection":
      return categoryNodes(c, model, live);
    case "category":
      switch (ref.category) {
        case "members":
          return memberNodes(c, node.id, model, model.members, live);
        case "groups":
          return model.groups.map((g) => groupNode(c, node.id, g, live));
        case "projects":
          return model.projects.map((p) => projectNode(c, node.id, model, p, live));
        case "instancesByMember":
          return instanceGroupNodes(c, node.id, model, "member", live);
        case "instancesByProject":
          return instanceGroupNodes(c, node.id, model, "project", live);
        case "pools":
          return model.pools.map((p) => poolNode(c, node.id, model, p, live));
        case "warnings":
          return model.warnings.length
            ? model.warnings.map((w, i) => warningNode(c, node.id, w, i, live))
            : [messageNode(c, node.id, "No warnings", { id: "pass" })];
      }
      return [];
    case "member":
      return instanceNodesOfMember(c, node, model, ref.member);
    case "group":
      return groupChildren(c, node, model, ref.group);
    case "project":
      return projectChildren(c, node, model, ref.project);
    case "instanceGroup":
      return instanceGroupChildren(c, node, model, ref.by, ref.key);
    case "pool":
      return poolChildren(c, node, model, ref.pool);
    default:
      return [];
  }
}
