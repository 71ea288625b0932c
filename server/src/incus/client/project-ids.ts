// Project ids, for the order of get_instances(): Incus lists a scriptlet's instances ORDER BY
// projects.id, instances.name (internal/server/db/cluster/instances.mapper.go, v6.0.4), while
// every REST listing sorts projects by name, so the API alone cannot tell that order. On the
// unix socket the daemon answers `incus admin sql`'s endpoint, /internal/sql; one SELECT of the
// projects table (read-only, like the rest of the capture) gives the ids. Over HTTPS that
// endpoint needs the cluster's own certificate: the ids then stay unknown, and the snapshot
// says so.
import { z } from "zod";
import type { IncusClient } from "./http";

const sqlAnswer = z.looseObject({
  Results: z.array(z.looseObject({ type: z.string(), columns: z.array(z.string()).nullable(), rows: z.array(z.array(z.unknown())).nullable() })),
});

export type ProjectIds = { ids: Record<string, number> } | { unknown: string };

export async function captureProjectIds(client: IncusClient): Promise<ProjectIds> {
  if (client.target.kind !== "unix") return { unknown: "project ids are only readable on the unix socket (/internal/sql); instances of several projects are ordered by project name" };
  try {
    const answer = await client.call("POST", "/internal/sql", { database: "global", query: "SELECT id, name FROM projects ORDER BY id" });
    const parsed = sqlAnswer.safeParse(answer.metadata);
    const rows = parsed.success ? parsed.data.Results[0]?.rows ?? [] : undefined;
    if (!rows) return { unknown: "the server's answer to the project id query was not understood" };
    const ids: Record<string, number> = {};
    for (const [id, name] of rows) if (typeof id === "number" && typeof name === "string") ids[name] = id;
    return { ids };
  } catch (err) {
    return { unknown: `project ids could not be read: ${(err as Error).message}` };
  }
}
