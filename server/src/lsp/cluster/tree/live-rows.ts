// Rows a snapshot does not hold, read from a live server when their section is expanded:
// images, networks and storage volumes of every project (one request each, recursion=1).
import type { IncusClient } from "../../../incus/client/http";
import type { ClusterNode, LiveCategoryId } from "../../protocol";
import { contextValue, escapeMarkdown, nodeId } from "./node";
import { formatBytes } from "./format";

interface ApiImage {
  fingerprint: string;
  project?: string;
  aliases?: { name: string }[];
  properties?: Record<string, string>;
  size?: number;
  type?: string;
  public?: boolean;
}
interface ApiNetwork {
  name: string;
  project?: string;
  type?: string;
  managed?: boolean;
  status?: string;
  description?: string;
  used_by?: string[];
}
interface ApiVolume {
  name: string;
  project?: string;
  pool?: string;
  type: string;
  content_type?: string;
  location?: string;
  used_by?: string[];
  description?: string;
}

type Fetch = (path: string) => Promise<unknown>;

export async function liveRows(client: IncusClient, connection: string, parent: ClusterNode, category: LiveCategoryId, pools: string[]): Promise<ClusterNode[]> {
  const get: Fetch = async (path) => (await client.call("GET", path)).metadata;
  switch (category) {
    case "images":
      return ((await get("/1.0/images?recursion=1&all-projects=true")) as ApiImage[]).map((i) => imageRow(connection, parent.id, i));
    case "networks":
      return ((await get("/1.0/networks?recursion=1&all-projects=true")) as ApiNetwork[]).filter((n) => n.managed !== false).map((n) => networkRow(connection, parent.id, n));
    case "volumes": {
      const rows: ClusterNode[] = [];
      for (const pool of pools) {
        const vols = (await get(`/1.0/storage-pools/${encodeURIComponent(pool)}/volumes?recursion=1&all-projects=true`)) as ApiVolume[];
        // Instances' own volumes are the instances; custom volumes are what users manage here.
        for (const v of vols.filter((x) => x.type === "custom")) rows.push(volumeRow(connection, parent.id, pool, v));
      }
      return rows;
    }
  }
}

function imageRow(connection: string, parentId: string, i: ApiImage): ClusterNode {
  const alias = i.aliases?.[0]?.name;
  const project = i.project ?? "default";
  const short = i.fingerprint.slice(0, 12);
  const description = [alias ? short : "", i.properties?.description ?? "", i.type ?? "", i.size ? formatBytes(i.size) : "", project !== "default" ? `project ${project}` : ""].filter(Boolean).join(" · ");
  return {
    id: nodeId(parentId, project, i.fingerprint),
    label: alias ?? short,
    description,
    tooltip: `**image ${escapeMarkdown(alias ?? short)}**\n\nFingerprint \`${i.fingerprint}\`${i.public ? " (public)" : ""}\n\n${Object.entries(i.properties ?? {}).map(([k, v]) => `- ${escapeMarkdown(k)}: ${escapeMarkdown(v)}`).join("\n")}`,
    icon: { id: "file-media" },
    contextValue: contextValue("image", true),
    collapsible: "none",
    ref: { kind: "image", connection, project, fingerprint: i.fingerprint, name: alias ?? short },
    live: true,
  };
}

function networkRow(connection: string, parentId: string, n: ApiNetwork): ClusterNode {
  const project = n.project ?? "default";
  const status = (n.status ?? "unknown").toLowerCase();
  return {
    id: nodeId(parentId, project, n.name),
    label: n.name,
    description: [n.type, n.status, `${n.used_by?.length ?? 0} users`, project !== "default" ? `project ${project}` : ""].filter(Boolean).join(" · "),
    tooltip: `**network ${escapeMarkdown(n.name)}** (${escapeMarkdown(n.type ?? "")})${n.description ? ` — ${escapeMarkdown(n.description)}` : ""}`,
    icon: status === "created" ? { id: "globe" } : { id: "warning", color: "list.warningForeground" },
    contextValue: contextValue("network", true, status),
    collapsible: "none",
    ref: { kind: "network", connection, project, name: n.name },
    live: true,
  };
}

function volumeRow(connection: string, parentId: string, pool: string, v: ApiVolume): ClusterNode {
  const project = v.project ?? "default";
  return {
    id: nodeId(parentId, pool, project, v.location ?? "", v.name),
    label: v.name,
    description: [`pool ${pool}`, v.location ? `on ${v.location}` : "", v.content_type ?? "", `${v.used_by?.length ?? 0} users`, project !== "default" ? `project ${project}` : ""].filter(Boolean).join(" · "),
    tooltip: `**volume ${escapeMarkdown(v.name)}** in pool ${escapeMarkdown(pool)}${v.location ? ` on ${escapeMarkdown(v.location)}` : ""}${v.description ? ` — ${escapeMarkdown(v.description)}` : ""}`,
    icon: { id: "archive" },
    contextValue: contextValue("volume", true),
    collapsible: "none",
    ref: { kind: "volume", connection, project, pool, type: v.type, name: v.name, location: v.location || undefined },
    live: true,
  };
}
