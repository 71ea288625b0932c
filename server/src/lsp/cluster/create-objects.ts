// incus/createForm and incus/createObject: networks, custom storage volumes and profiles made
// from the sidebar. The form's choices come from the loaded cluster (pools with their kind,
// members, projects) and its keys from the config catalog; the filled form is checked
// (create-validation.ts) before anything is sent, and Incus's own refusal comes back with its
// reason. Seen on a real Incus 6.0.4 cluster:
// - a network in a cluster is made in two steps: POST /1.0/networks?target=MEMBER on every
//   member (member-specific keys only: "Config key "x" may not be used as member-specific key"),
//   then POST /1.0/networks with the rest; without the first step Incus answers "Network not
//   pending on any node (use --target <node> first)". A failed final step leaves the network
//   pending (or errored): it is deleted again so nothing half-made stays;
// - a custom volume on a local pool (dir) is made on the member named by ?target= (without it,
//   on the member that answers); an unknown key: "Invalid option for volume "v" option "k"";
// - a profile with an unknown key: "Unknown configuration key: limits.cpuz" (400).
import type { Connection } from "vscode-languageserver";
import { apiPath } from "../../incus/client/api-path";
import { IncusClient } from "../../incus/client/http";
import { Requests, type CreateFormAnswer, type CreateObjectAnswer, type CreateObjectParams, type CreateTarget } from "../protocol";
import { specOfKey } from "./connection-spec";
import { entityOf, formKeys, formProblems, memberSpecific, NETWORK_TYPES, type FormContext } from "./create-validation";
import type { ClusterRegistry, LoadedConnection } from "./registry";

function contextOf(loaded: LoadedConnection): FormContext {
  const m = loaded.model;
  return {
    version: loaded.version,
    pools: m.pools.map((p) => ({ name: p.pool.name, driver: p.pool.driver, local: p.kind !== "remote" })),
    members: m.members.map((x) => x.server_name),
    projects: m.projects.map((p) => p.name),
  };
}

export function registerCreateRequests(connection: Connection, registry: ClusterRegistry, log: (line: string) => void): void {
  connection.onRequest(Requests.createForm, async (p: CreateTarget): Promise<CreateFormAnswer> => {
    try {
      const ctx = contextOf(await registry.load(specOfKey(p.connection)));
      const pool = ctx.pools.find((x) => x.name === p.pool);
      const entity = entityOf(p.kind, { networkType: p.networkType, poolDriver: pool?.driver });
      return { entity, version: ctx.version, keys: formKeys(entity, ctx.version), networkTypes: NETWORK_TYPES, pools: ctx.pools, members: ctx.members, projects: ctx.projects };
    } catch (e) {
      return { entity: "", version: "", keys: [], networkTypes: NETWORK_TYPES, pools: [], members: [], projects: [], error: (e as Error).message };
    }
  });

  connection.onRequest(Requests.createObject, async (p: CreateObjectParams): Promise<CreateObjectAnswer> => {
    let loaded: LoadedConnection;
    try {
      loaded = await registry.load(specOfKey(p.connection));
    } catch (e) {
      return { ok: false, error: `the cluster is unavailable: ${(e as Error).message}` };
    }
    const ctx = contextOf(loaded);
    const problems = formProblems(p, ctx);
    if (problems.length) return { ok: false, error: problems.map((x) => x.message).join("; "), problems };
    if (p.dryRun) return { ok: true, steps: [] };
    const client = new IncusClient(registry.target(specOfKey(p.connection)), { timeoutMs: 60_000 });
    const steps: string[] = [];
    try {
      await create(client, p, ctx, steps);
      log(`created ${p.kind} ${p.name} on ${loaded.label}: ${steps.join(", ")}`);
      return { ok: true, steps };
    } catch (e) {
      return { ok: false, error: `Incus refused to create ${p.kind} ${p.name}: ${(e as Error).message.replace(/^.*? failed: \d{3} /, "")}` };
    } finally {
      client.close();
      registry.refresh(p.connection);
    }
  });
}


async function create(client: IncusClient, p: CreateObjectParams, ctx: FormContext, steps: string[]): Promise<void> {
  const base = { name: p.name, description: p.description ?? "" };
  const post = async (path: string, body: unknown): Promise<void> => {
    steps.push(`POST ${path}`);
    await client.call("POST", path, body);
  };
  if (p.kind === "profile") return post(apiPath(`/1.0/profiles`, { project: p.project }), { ...base, config: p.config, devices: {} });
  if (p.kind === "volume") {
    const pool = ctx.pools.find((x) => x.name === p.pool)!;
    return post(apiPath(`/1.0/storage-pools/${encodeURIComponent(pool.name)}/volumes/custom`, { project: p.project, target: p.member }), { ...base, type: "custom", content_type: "filesystem", config: p.config });
  }
  // Incus's answer to a name in use is "Network is not in pending state" (seen): say it plainly.
  const existing = await client.call("GET", apiPath(`/1.0/networks/${encodeURIComponent(p.name)}`, { project: p.project })).catch(() => undefined);
  if (existing) throw new Error(`a network named ${p.name} already exists${p.project && p.project !== "default" ? ` in project ${p.project}` : ""}`);
  const entity = entityOf("network", { networkType: p.networkType });
  const perMember = Object.fromEntries(Object.entries(p.config).filter(([k]) => memberSpecific(entity, k, ctx.version)));
  const global = Object.fromEntries(Object.entries(p.config).filter(([k]) => !(k in perMember)));
  if (ctx.members.length === 0) return post(apiPath(`/1.0/networks`, { project: p.project }), { ...base, type: p.networkType, config: p.config });
  let pending = 0;
  try {
    for (const member of ctx.members) {
      await post(apiPath(`/1.0/networks`, { project: p.project, target: member }), { name: p.name, type: p.networkType, config: perMember });
      pending++;
    }
    await post(apiPath(`/1.0/networks`, { project: p.project }), { ...base, type: p.networkType, config: global });
  } catch (e) {
    // The pending definitions made here would block the name: take them back (never a network
    // that existed before: then the first step already failed and nothing is pending).
    if (pending > 0) await client.call("DELETE", apiPath(`/1.0/networks/${encodeURIComponent(p.name)}`, { project: p.project })).catch(() => undefined);
    throw e;
  }
}
