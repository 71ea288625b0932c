// The plain facts of a loaded cluster that the client's quick picks and confirmations name.
import type { ClusterSummary, ConnectionInfo } from "../protocol";
import type { LoadedConnection } from "./registry";

export function summarize(c: LoadedConnection, connection: ConnectionInfo): ClusterSummary {
  const m = c.model;
  const profiles: ClusterSummary["profiles"] = {};
  for (const p of m.projects) profiles[p.name] = [...m.profilesOf(p.name).values()].map((x) => ({ name: x.name, description: x.description ?? "" }));
  return {
    connection,
    version: c.version,
    members: m.members.map((x) => ({ name: x.server_name, status: x.status, architecture: x.architecture, instances: m.instanceCount({ member: x.server_name }) })),
    groups: m.groups.map((g) => ({ name: g.group.name, members: [...g.group.members] })),
    projects: m.projects.map((p) => ({ name: p.name, description: p.description ?? "" })),
    instances: m.instances.map((i) => ({
      name: i.name,
      project: i.project,
      location: i.location,
      status: i.status,
      type: i.type,
      evacuatedFrom: i.config["volatile.evacuate.origin"] || undefined,
    })),
    profiles,
  };
}
