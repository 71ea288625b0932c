// A fake Incus on a loopback unix socket, for what a real daemon will not do on demand: serve a
// cluster of 100,000 instances, stream an endless body, lie about Content-Length, stall. Tests of
// the normal paths use the real cluster (test/support/incus-cluster.ts); this only plays the
// hostile or huge server.
import * as http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface FakeServer {
  socketPath: string;
  server: http.Server;
  close(): Promise<void>;
}

export async function startFakeIncus(handler: Handler): Promise<FakeServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fake-incus-"));
  const socketPath = path.join(dir, "unix.socket");
  const server = http.createServer(handler);
  // Upgraded (websocket) sockets leave the server's bookkeeping: track every socket to end them all.
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/** Incus's sync envelope around `metadata`. */
export function envelope(metadata: unknown): string {
  return JSON.stringify({ type: "sync", status: "Success", status_code: 200, operation: "", error_code: 0, error: "", metadata });
}

export function errorEnvelope(code: number, error: string): string {
  return JSON.stringify({ type: "error", status: "", status_code: 0, operation: "", error_code: code, error, metadata: null });
}

/**
 * Answers the capture's GET requests from a snapshot document (the same keys a snapshot file
 * has); `override` may answer a path first (return true when it did).
 */
export function snapshotHandler(doc: Record<string, any>, override?: (url: URL, res: http.ServerResponse) => boolean): Handler {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://unix.socket");
    if (override?.(url, res)) return;
    const p = url.pathname;
    const target = url.searchParams.get("target") ?? "";
    let body: unknown;
    if (p === "/1.0") body = doc.server;
    else if (p === "/1.0/cluster/members") body = doc.members;
    else if (p === "/1.0/cluster/groups") body = doc.groups ?? [];
    else if (p === "/1.0/projects") body = doc.projects ?? [];
    else if (p === "/1.0/profiles") body = doc.profiles?.[url.searchParams.get("project") ?? "default"] ?? [];
    else if (p === "/1.0/instances") body = doc.instances ?? [];
    else if (p === "/1.0/storage-pools") body = doc.storage_pools ?? [];
    else if (p === "/1.0/warnings") body = doc.warnings ?? [];
    else if (p === "/1.0/resources") body = doc.resources?.[target];
    else if (p.startsWith("/1.0/cluster/members/") && p.endsWith("/state")) body = doc.member_state?.[decodeURIComponent(p.split("/")[4])];
    else if (p.startsWith("/1.0/storage-pools/")) body = doc.member_storage_pools?.[target]?.[decodeURIComponent(p.split("/")[3])];
    if (body === undefined) {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end(errorEnvelope(404, "not found"));
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(envelope(body));
  };
}

/** A small clustered server answer for /1.0. */
export function fakeServerInfo(version = "6.0.4"): Record<string, unknown> {
  return { api_version: "1.0", auth: "trusted", config: {}, environment: { server_clustered: true, server_name: "node1", server_version: version, kernel_architecture: "x86_64" } };
}

/** A document of `members` members and `instances` instances, spread round-robin. */
export function bigClusterDocument(members: number, instances: number): Record<string, any> {
  const names = Array.from({ length: members }, (_, i) => `node${i + 1}`);
  return {
    server: fakeServerInfo(),
    members: names.map((n, i) => ({ server_name: n, url: `https://127.0.0.1:${8443 + i}`, status: "Online", message: "Fully operational", architecture: "x86_64", roles: [], groups: ["default"], failure_domain: "default", description: "", config: {} })),
    groups: [{ name: "default", description: "", members: names }],
    projects: [{ name: "default", description: "", config: { "features.profiles": "true" }, used_by: [] }],
    profiles: { default: [{ name: "default", description: "", config: {}, devices: { root: { type: "disk", path: "/", pool: "local" } }, used_by: [] }] },
    instances: Array.from({ length: instances }, (_, i) => ({
      name: `c${i}`,
      project: "default",
      type: "container",
      location: names[i % members],
      status: "Stopped",
      status_code: 102,
      architecture: "x86_64",
      description: "an instance with a description long enough to look like a real one",
      config: { "limits.cpu": "2", "limits.memory": "2GiB", "user.note": `instance number ${i}` },
      devices: {},
      profiles: ["default"],
      ephemeral: false,
      stateful: false,
      created_at: "2026-12-01T10:00:00Z",
      last_used_at: "1970-01-01T00:00:00Z",
      expanded_config: { "limits.cpu": "2", "limits.memory": "2GiB", "user.note": `instance number ${i}` },
      expanded_devices: { root: { type: "disk", path: "/", pool: "local" } },
    })),
    storage_pools: [{ name: "local", driver: "dir", status: "Created", config: {}, locations: names, description: "", used_by: [] }],
    member_storage_pools: {},
    resources: {},
    member_state: {},
    warnings: [],
  };
}
