// The instances under a member node (members expand to what runs on them).
import type { ClusterModel } from "../../../../incus/snapshot";
import type { ClusterNode } from "../node";
import { instanceNode } from "./instance-node";

export function instanceNodesOfMember(connection: string, node: ClusterNode, model: ClusterModel, member: string): ClusterNode[] {
  return [...model.instancesOn(member)].sort((a, b) => a.name.localeCompare(b.name)).map((i) => instanceNode(connection, node.id, i, node.live, "project"));
}
