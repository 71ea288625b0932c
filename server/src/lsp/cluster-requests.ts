// The custom requests of protocol.ts, answered: connections and the sidebar's rows, cluster
// facts for pickers, simulations (placement runs and what-ifs), REST calls on live servers
// (with operations followed and cancellable), snapshot capture, scriptlet checks before a push.
import { writeFile } from "node:fs/promises";
import type { CancellationToken, Connection } from "vscode-languageserver";
import { captureSnapshot } from "../incus/client/capture";
import { apiPath } from "../incus/client/api-path";
import { IncusClient } from "../incus/client/http";
import { simulateCommand } from "../incus/placement/simulate";
import { diagnoseScriptlet } from "../language/scriptlet/service";
import { formatForFile, formatSnapshot } from "../incus/snapshot";
import { childrenOf } from "./cluster/tree/children";
import { liveRows } from "./cluster/tree/live-rows";
import { connectionNode } from "./cluster/tree/nodes/connection-node";
import { errorNode, messageNode } from "./cluster/tree/nodes/message-node";
import { connectionKey, specOfKey, type ConnectionSpec } from "./cluster/connection-spec";
import type { ClusterRegistry, LoadedConnection } from "./cluster/registry";
import { summarize } from "./cluster/summary";
import { DEFAULT_VERSION } from "../incus/knowledge/versions";
import { callAndWait } from "./cluster/operations";
import { registerInstanceFileRequests } from "./cluster/instance-file-requests";
import { registerCreateRequests } from "./cluster/create-objects";
import { Requests, type ApiCallAnswer, type ApiCallParams, type ConnectionInfo, type ConnectionList, type LiveCategoryId, type SimulateAnswer, type SimulateParams } from "./protocol";
import type { Settings } from "./settings";

const LIVE_CATEGORIES = new Set<string>(["images", "networks", "volumes"]);

/** The server's key of the cluster setting, as Incus names it. */
export const PLACEMENT_KEY = "instances.placement.scriptlet";
/** What Incus runs when no scriptlet is configured: nothing chosen, so its default applies. */
export const NO_SCRIPTLET = "def instance_placement(request, candidate_members):\n    return None\n";

export interface ClusterRequestHost {
  registry: ClusterRegistry;
  settings(): Settings;
  /** Zero-based line of a scriptlet's `def instance_placement` (0 when it has none). */
  entryLine(uri: string, text: string): number;
  /** The active connection, or why the setting names none. */
  activeSpec(): ConnectionSpec | { error: string };
  connections(): ConnectionList;
  /** Reloads after a refresh request (the active cluster first: diagnostics depend on it). */
  reloadActive(): Promise<void>;
  log(line: string): void;
}

export function registerClusterRequests(connection: Connection, host: ClusterRequestHost): void {
  const specOf = (key: string | undefined): ConnectionSpec => {
    if (key !== undefined) return specOfKey(key);
    const active = host.activeSpec();
    if ("error" in active) throw new Error(active.error);
    return active;
  };
  const infoOf = (spec: ConnectionSpec): ConnectionInfo => {
    const key = connectionKey(spec);
    const found = host.connections().connections.find((c) => c.key === key);
    if (found) return found;
    return { key, kind: spec.kind, label: key, setting: key, live: spec.kind === "remote", active: false };
  };

  connection.onRequest(Requests.connections, () => host.connections());

  connection.onRequest(Requests.clusterState, (p) => host.registry.state(specOf(p.connection)));

  connection.onRequest(Requests.refresh, async (p) => {
    host.registry.refresh(p.connection);
    await host.reloadActive();
    return host.registry.state(specOf(p.connection));
  });

  connection.onRequest(Requests.treeChildren, async (p) => {
    const list = host.connections();
    if (!p.node) {
      // Not-yet-loaded connections show "loading" until expanded; the active one loads now.
      return list.connections.map((info) => connectionNode(info, host.registry.state(specOfKey(info.key))));
    }
    const node = p.node;
    if (node.ref.kind === "message") return [];
    const info = list.connections.find((c) => c.key === node.ref.connection);
    if (!info) return [messageNode(node.ref.connection, node.id, "This connection is gone; refresh the view")];
    try {
      const loaded = await host.registry.load(specOfKey(info.key));
      if (node.ref.kind === "category" && LIVE_CATEGORIES.has(node.ref.category)) {
        const client = new IncusClient(host.registry.target(specOfKey(info.key)));
        try {
          const rows = await liveRows(client, info.key, node, node.ref.category as LiveCategoryId, loaded.model.pools.map((p) => p.pool.name));
          return rows.length ? rows : [messageNode(info.key, node.id, "None")];
        } catch (e) {
          return [errorNode(info.key, node.id, (e as Error).message)];
        } finally {
          client.close();
        }
      }
      return childrenOf({ ...node, live: info.live }, loaded.model);
    } catch (e) {
      return node.ref.kind === "connection" ? [errorNode(node.ref.connection, node.id, (e as Error).message)] : [];
    }
  });

  connection.onRequest(Requests.clusterSummary, async (p) => {
    try {
      const spec = specOf(p.connection);
      return summarize(await host.registry.load(spec, p.force), infoOf(spec));
    } catch (e) {
      return { error: (e as Error).message };
    }
  });

  connection.onRequest(Requests.simulate, (p) => runSimulation(host, specOf, p));

  connection.onRequest(Requests.apiCall, (p, token) => apiCall(host, p, token));

  connection.onRequest(Requests.instanceContent, async (p) => {
    let client: IncusClient | undefined;
    try {
      client = new IncusClient(host.registry.target(specOfKey(p.connection)), { timeoutMs: 30_000 });
      const base = `/1.0/instances/${encodeURIComponent(p.instance)}`;
      const path = p.what === "log" ? apiPath(`${base}/logs/${encodeURIComponent(p.path)}`, { project: p.project }) : apiPath(`${base}/files`, { path: p.path, project: p.project });
      return { ok: true as const, ...(await client.getContent(path)) };
    } catch (e) {
      return { ok: false as const, error: (e as Error).message };
    } finally {
      client?.close();
    }
  });

  registerInstanceFileRequests(connection, host.registry);
  registerCreateRequests(connection, host.registry, host.log);

  connection.onRequest(Requests.capture, async (p) => {
    let client: IncusClient | undefined;
    try {
      client = new IncusClient(host.registry.target(specOfKey(p.connection)));
      const { document, requests } = await captureSnapshot(client);
      await writeFile(p.file, formatSnapshot(document as Record<string, unknown>, formatForFile(p.file), client.label), "utf8");
      host.log(`captured ${p.connection} into ${p.file} (${requests} requests)`);
      return { ok: true as const, file: p.file, requests };
    } catch (e) {
      return { ok: false as const, error: (e as Error).message };
    } finally {
      client?.close();
    }
  });

  connection.onRequest(Requests.checkScriptlet, async (p) => {
    let version = host.settings().incusVersion || p.version;
    if (!version) {
      try {
        version = (await host.registry.load(specOf(p.connection))).version;
      } catch {
        version = "";
      }
    }
    version ||= DEFAULT_VERSION;
    if (p.text.trim() === "") return { errors: [], version };
    const all = await diagnoseScriptlet(p.name, p.text, { kind: "placement", version: version || DEFAULT_VERSION });
    const errors = all.filter((d) => d.severity === "error").map((d) => ({ line: d.range.start.line, column: d.range.start.character, message: d.message }));
    return { errors, version };
  });
}

async function runSimulation(host: ClusterRequestHost, specOf: (key: string | undefined) => ConnectionSpec, p: SimulateParams): Promise<SimulateAnswer> {
  let loaded: LoadedConnection;
  try {
    loaded = await host.registry.load(specOf(p.connection), p.force);
  } catch (e) {
    return { ok: false, error: `the cluster is unavailable: ${(e as Error).message}` };
  }
  let src: string;
  let scriptlet: string;
  let entryLine = 0;
  if ("uri" in p.scriptlet) {
    // The client sends the text it shows (the document may be unsaved, or not synced here).
    src = p.scriptlet.text;
    scriptlet = p.scriptlet.uri;
    entryLine = host.entryLine(p.scriptlet.uri, src);
  } else {
    const configured = (loaded.snapshot.server.config as Record<string, string>)[PLACEMENT_KEY];
    src = configured && configured.trim() !== "" ? configured : NO_SCRIPTLET;
    scriptlet = configured && configured.trim() !== "" ? `${PLACEMENT_KEY} of ${loaded.label}` : "(no placement scriptlet configured: Incus's default)";
  }
  try {
    const command = p.command.length ? [...p.command] : ["create", "--empty", "new-instance"];
    const settings = host.settings();
    const version = settings.incusVersion || loaded.version;
    const result = await simulateCommand(loaded.placement, src, command, { version, localMember: loaded.placement.localMember, timeoutMs: settings.run.timeoutMs, memoryMb: settings.run.memoryMb });
    return { ok: true, result, cluster: loaded.label, connection: loaded.key, version, scriptlet, entryLine, generation: loaded.generation };
  } catch (e) {
    return { ok: false, error: (e as Error).message, cluster: loaded.label };
  }
}

async function apiCall(host: ClusterRequestHost, p: ApiCallParams, token: CancellationToken): Promise<ApiCallAnswer> {
  let client: IncusClient;
  const spec = specOfKey(p.connection);
  try {
    client = new IncusClient(host.registry.target(spec), { timeoutMs: 30_000 });
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  try {
    return await callAndWait(client, p, token, host.log);
  } finally {
    client.close();
    // A write changes what the sidebar shows: reload now rather than wait for the event.
    if (p.method !== "GET") {
      host.registry.refresh(p.connection);
      host.registry.load(spec).catch(() => undefined);
    }
  }
}
