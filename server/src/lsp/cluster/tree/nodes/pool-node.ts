// A storage pool and, under it, its state on each member. A pool that is unavailable on some
// member stands out: red icon on the pool, and that member's row in red.
import type { ClusterModel, PoolEntry } from "../../../../incus/snapshot";
import { formatBytes, formatPercent } from "../format";
import { contextValue, escapeMarkdown, nodeId, type ClusterNode } from "../node";
import { poolStateIcon } from "../status-icons";

export interface PoolOnMember {
  member: string;
  /** The pool's status as that member reports it; undefined when the capture has no view. */
  status: string | undefined;
  used?: number;
  total?: number;
}

export function poolMembers(model: ClusterModel, pool: string): PoolOnMember[] {
  const entry = model.pool(pool);
  if (!entry) return [];
  const locations = entry.pool.locations.length > 0 ? entry.pool.locations : model.members.map((m) => m.server_name);
  return locations.map((member) => {
    const view = model.memberPool(member, pool);
    const space = model.memberState(member)?.storage_pools[pool]?.space;
    return { member, status: view?.status, used: space?.used, total: space?.total };
  });
}

/** Pools that are not "Created" overall or on at least one member, with the members concerned. */
export function unavailablePools(model: ClusterModel): { pool: string; members: string[] }[] {
  const out: { pool: string; members: string[] }[] = [];
  for (const entry of model.pools) {
    const bad = poolMembers(model, entry.pool.name).filter((p) => p.status !== undefined && p.status !== "Created").map((p) => p.member);
    if (bad.length > 0 || entry.pool.status !== "Created") out.push({ pool: entry.pool.name, members: bad });
  }
  return out;
}

export function poolNode(connection: string, parentId: string, model: ClusterModel, entry: PoolEntry, live: boolean): ClusterNode {
  const pool = entry.pool;
  const bad = poolMembers(model, pool.name).filter((p) => p.status !== undefined && p.status !== "Created");
  const broken = bad.length > 0 || pool.status !== "Created";
  const description = [pool.driver, entry.kind, pool.status !== "Created" ? pool.status : "", bad.length ? `unavailable on ${bad.map((b) => b.member).join(", ")}` : ""]
    .filter(Boolean)
    .join(" · ");
  return {
    id: nodeId(parentId, pool.name),
    label: pool.name,
    description,
    tooltip: `**${escapeMarkdown(pool.name)}** (${pool.driver}, ${entry.kind})${pool.description ? ` — ${escapeMarkdown(pool.description)}` : ""}\n\nStatus: ${pool.status}${bad.length ? `\n\n**Unavailable on:** ${bad.map((b) => `${b.member} (${b.status})`).join(", ")}` : ""}`,
    icon: broken ? { id: "warning", color: "list.errorForeground" } : { id: "database" },
    contextValue: contextValue("pool", live, broken ? "unavailable" : "ok"),
    collapsible: "collapsed",
    ref: { kind: "pool", connection, pool: pool.name },
    live,
  };
}

export function poolChildren(connection: string, node: ClusterNode, model: ClusterModel, pool: string): ClusterNode[] {
  return poolMembers(model, pool).map((p) => {
    const usage = p.total ? `${formatBytes(p.used ?? 0)} / ${formatBytes(p.total)} (${formatPercent(p.used ?? 0, p.total)})` : "";
    const status = p.status ?? "not captured";
    return {
      id: nodeId(node.id, p.member),
      label: p.member,
      description: [status, usage].filter(Boolean).join(" · "),
      tooltip: `Pool **${escapeMarkdown(pool)}** on **${escapeMarkdown(p.member)}**: ${status}${usage ? `, ${usage} used` : ""}`,
      icon: p.status === undefined ? { id: "question" } : poolStateIcon(p.status),
      contextValue: contextValue("poolMember", node.live, (p.status ?? "unknown").toLowerCase()),
      collapsible: "none" as const,
      ref: { kind: "poolMember" as const, connection, pool, member: p.member },
      live: node.live,
    };
  });
}
