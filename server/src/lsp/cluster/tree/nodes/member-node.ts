// A cluster member: status (icon and colour), roles, groups, architecture, failure domain.
import type { ClusterMember, ClusterModel } from "../../../../incus/snapshot";
import { formatBytes } from "../format";
import { contextValue, escapeMarkdown, nodeId, plural, type ClusterNode } from "../node";
import { memberIcon } from "../status-icons";

export function memberNode(connection: string, parentId: string, model: ClusterModel, member: ClusterMember, live: boolean): ClusterNode {
  const count = model.instanceCount({ member: member.server_name });
  const scheduler = member.config["scheduler.instance"];
  const description = [
    member.status,
    member.architecture,
    member.failure_domain !== "default" ? member.failure_domain : "",
    plural(count, "instance"),
    loadGauge(model, member.server_name),
  ].filter(Boolean).join(" · ");
  return {
    id: nodeId(parentId, member.server_name),
    label: member.server_name,
    description,
    tooltip: memberTooltip(model, member, count, scheduler),
    icon: memberIcon(member.status),
    contextValue: contextValue("member", live, member.status.toLowerCase()),
    collapsible: count > 0 ? "collapsed" : "none",
    ref: { kind: "member", connection, member: member.server_name },
    live,
  };
}

function memberTooltip(model: ClusterModel, m: ClusterMember, count: number, scheduler: string | undefined): string {
  const rows: [string, string][] = [
    ["Status", `${m.status}${m.message ? ` — ${m.message}` : ""}`],
    ["Roles", m.roles.join(", ") || "none"],
    ["Groups", m.groups.join(", ") || "none"],
    ["Architecture", m.architecture],
    ["Failure domain", m.failure_domain],
    ["Instances", String(count)],
  ];
  if (scheduler) rows.push(["scheduler.instance", scheduler]);
  if (m.url) rows.push(["URL", m.url]);
  const sys = model.memberState(m.server_name)?.sysinfo;
  if (sys && sys.total_ram > 0) rows.push(["Memory", `${formatBytes(sys.total_ram - sys.free_ram)} used of ${formatBytes(sys.total_ram)}`]);
  if (sys) rows.push(["Load", sys.load_averages.map((l) => l.toFixed(2)).join(" ")]);
  const header = `**${escapeMarkdown(m.server_name)}**${m.description ? ` — ${escapeMarkdown(m.description)}` : ""}`;
  return [header, "", "| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${escapeMarkdown(v)} |`)].join("\n");
}

export function memberNodes(connection: string, parentId: string, model: ClusterModel, members: readonly ClusterMember[], live: boolean): ClusterNode[] {
  return members.map((m) => memberNode(connection, parentId, model, m, live));
}

const BAR = 5;

/** A bar of `ratio` in BAR cells: ▰▰▱▱▱. */
export function bar(ratio: number): string {
  const full = Math.max(0, Math.min(BAR, Math.round(ratio * BAR)));
  return "▰".repeat(full) + "▱".repeat(BAR - full);
}

/**
 * The member's load drawn in its row (not only in the tooltip): memory in use and the 1-minute
 * load per CPU, as bars, when the snapshot has the member's state.
 */
export function loadGauge(model: ClusterModel, member: string): string {
  const state = model.memberState(member);
  const sys = state?.sysinfo;
  if (!sys) return "";
  const parts: string[] = [];
  if (sys.total_ram > 0) parts.push(`mem ${bar((sys.total_ram - sys.free_ram) / sys.total_ram)}`);
  const cpus = (state as { sysinfo: { logical_cpus?: number } }).sysinfo.logical_cpus;
  if (cpus && cpus > 0 && sys.load_averages?.length) parts.push(`cpu ${bar(sys.load_averages[0] / cpus)}`);
  else if (sys.load_averages?.length) parts.push(`load ${sys.load_averages[0].toFixed(2)}`);
  return parts.join(" ");
}
