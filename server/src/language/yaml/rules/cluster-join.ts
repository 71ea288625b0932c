// A join preseed (cluster.server_address + cluster.cluster_token) checked against the active
// cluster: projects restricted to cluster groups (seed 003).
//
// When a member joins, it re-creates the cluster's projects locally before it is part of the
// cluster (cmd/incusd/api_cluster.go, clusterInitMember: the default project and every project
// with features.networks=true, applied by client/incus_server.go ApplyServerPreseed). Up to
// v6.0.2 it copied their whole config, restrictions included, and since v6.0.2 the
// restricted.cluster.groups validator (cmd/incusd/api_project.go) checks each named group
// exists — in the joining member's own database, where only `default` exists. So on 6.0.2 the
// join fails with `Failed to initialize storage pools and networks: Failed to update local
// member project "default": Cluster group "gpu" doesn't exist`. Fixed in v6.0.3 by
// "incusd/cluster: Skip project restrictions during join" (b52d287137, a backport of
// 1d86e789c0, Incus issue #1390): only features.* are copied. Which releases are affected is
// read from each release's sources (knowledge: facts.join). On the others the join succeeds
// (seen on a real 6.0.4 cluster), and the new member is only in `default`: a restricted
// project's instances are not placed on it until it is assigned to one of its groups.
import { isMap, type Node } from "yaml";
import type { ClusterSnapshot } from "../../../incus/snapshot";
import { describeReleases, INCUS_VERSIONS, releaseInfo, toSnapshot } from "../../../incus/knowledge/versions";
import type { Diagnostic } from "../../scriptlet/diagnostic";
import { diag, type CheckInput } from "../check";
import { mapOf, pairOf, stringField } from "../source";
import { isTrue } from "../values";

type Project = ClusterSnapshot["projects"][number];

/** The cluster groups a fresh member has before it joins. */
const FRESH_MEMBER_GROUPS = ["default"];

/** Projects a joining member re-creates locally (clusterInitMember). */
function copiedProjects(projects: readonly Project[]): Project[] {
  return projects.filter((p) => p.name === "default" || isTrue(p.config?.["features.networks"]));
}

function restrictedGroups(p: Project): string[] {
  return (p.config?.["restricted.cluster.groups"] ?? "").split(",").map((g) => g.trim()).filter(Boolean);
}

export function clusterJoin(input: CheckInput): Diagnostic[] {
  const { src, layout, ctx } = input;
  if (layout.entity !== "preseed") return [];
  const root = isMap(src.doc.contents) ? src.doc.contents : undefined;
  const cluster = mapOf(root, "cluster");
  const token = pairOf(cluster, "cluster_token");
  if (!cluster || !token || !stringField(cluster, "server_address")) return [];
  const snapshot = ctx.cluster?.snapshot;
  if (!snapshot) return [];
  const member = stringField(cluster, "server_name") || "the new member";
  const at = (token.key ?? token.value) as Node;

  const version = toSnapshot(ctx.version);
  const join = releaseInfo(version).facts.join;
  const affected = INCUS_VERSIONS.filter((v) => releaseInfo(v).facts.join.validatesClusterGroups && releaseInfo(v).facts.join.copiesProjectRestrictions);
  const out: Diagnostic[] = [];
  for (const p of copiedProjects(snapshot.projects)) {
    const missing = restrictedGroups(p).filter((g) => !FRESH_MEMBER_GROUPS.includes(g));
    if (!missing.length) continue;
    const groups = restrictedGroups(p).join(",");
    if (join.validatesClusterGroups && join.copiesProjectRestrictions) {
      out.push(diag(src, at, "error", "yaml-join-restricted-groups",
        `Joining fails on Incus ${version}: the joining member re-creates project "${p.name}" with its restrictions and checks restricted.cluster.groups=${groups} against its own groups (only default), so Incus answers ` +
        `"Failed to initialize storage pools and networks: Failed to update local member project "${p.name}": Cluster group "${missing[0]}" doesn't exist". ` +
        `To join safely: on the cluster, \`incus project unset ${p.name} restricted.cluster.groups\`, join ${member}, assign it (\`incus cluster group assign ${member} default,${missing[0]}\` if it belongs there), then \`incus project set ${p.name} restricted.cluster.groups=${groups}\` again; ` +
        `or upgrade first: the join no longer copies restrictions from 6.0.3 (affected: ${describeReleases(affected)}).`));
    } else if (isTrue(p.config?.["restricted"])) {
      out.push(diag(src, at, "information", "yaml-join-restricted-groups",
        `${member} joins in group default only; project "${p.name}" is restricted to cluster groups ${groups}, so its instances will not be placed on ${member} until it is assigned (\`incus cluster group assign ${member} default,${missing[0]}\`). ` +
        `(Incus ${describeReleases(affected)} would refuse this join outright.)`));
    }
  }
  return out;
}
