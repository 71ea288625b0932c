// A small fake Incus on a unix socket for tests of the server's REST calls: an object with an ETag, operations,
// Incus-style error envelopes, and /1.0/events as a websocket.
import * as http from "node:http";
import * as path from "node:path";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { tempDir } from "./temp-dir";

export interface FakeIncus {
  socketPath: string;
  profile: { config: Record<string, string>; description: string };
  etag: number;
  /** Events connections opened so far. */
  eventConnections: number;
  requests: string[];
  /** Sends a lifecycle event to every connected events client. */
  emit(event: unknown): void;
  /** Drops every events connection (as a restarting daemon would). */
  dropEvents(): void;
  close(): Promise<void>;
}

export async function startFakeIncus(): Promise<FakeIncus> {
  const dir = tempDir("fake-incus-");
  const socketPath = path.join(dir, "unix.socket");
  const sockets: WebSocket[] = [];
  const wss = new WebSocketServer({ noServer: true });
  let opPolls = 0;
  const fake: FakeIncus = {
    socketPath,
    profile: { config: { "limits.cpu": "2" }, description: "p" },
    etag: 1,
    eventConnections: 0,
    requests: [],
    emit(event) {
      for (const s of sockets) s.send(JSON.stringify(event));
    },
    dropEvents() {
      for (const s of sockets.splice(0)) s.terminate();
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const error = (res: http.ServerResponse, code: number, text: string) => send(res, code, { type: "error", error: text, error_code: code });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "";
      fake.requests.push(`${req.method} ${url}`);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
      if (url === "/1.0/profiles/default" && req.method === "GET") {
        return send(res, 200, { type: "sync", status: "Success", status_code: 200, metadata: { name: "default", ...fake.profile } }, { ETag: `"${fake.etag}"` });
      }
      if (url === "/1.0/profiles/default" && req.method === "PUT") {
        if (req.headers["if-match"] && req.headers["if-match"] !== `"${fake.etag}"`) return error(res, 412, `ETag doesn't match: "${fake.etag}" vs ${req.headers["if-match"]}`);
        if (body?.config?.["limits.cpu"] === "lots") return error(res, 400, `Invalid value for config key "limits.cpu": Invalid CPU limit`);
        fake.profile = { config: body.config, description: body.description };
        fake.etag++;
        return send(res, 200, { type: "sync", status: "Success", status_code: 200, metadata: {} });
      }
      if (url === "/1.0/cluster/members/n1/state" && req.method === "POST") {
        return send(res, 202, { type: "async", status: "Operation created", status_code: 100, operation: "/1.0/operations/op1", metadata: { id: "op1" } });
      }
      if (url.startsWith("/1.0/operations/op1/wait")) {
        opPolls++;
        const done = opPolls >= 2;
        return send(res, 200, { type: "sync", metadata: { id: "op1", status: done ? "Success" : "Running", status_code: done ? 200 : 103, err: "", may_cancel: false, description: "Evacuating cluster member" } });
      }
      if (url.startsWith("/1.0/operations/op2/wait")) {
        return send(res, 200, { type: "sync", metadata: { id: "op2", status: "Failure", status_code: 400, err: "Failed to migrate instance c1: boom", may_cancel: false, description: "Migrating" } });
      }
      if (url === "/1.0/long" && req.method === "POST") {
        return send(res, 202, { type: "async", status: "Operation created", status_code: 100, operation: "/1.0/operations/op3", metadata: { id: "op3" } });
      }
      if (url === "/1.0/operations/op3" && req.method === "DELETE") {
        // Incus answers BadRequest (cmd/incusd/operations.go, operationDelete, v6.0.4).
        return error(res, 400, "This operation can't be cancelled");
      }
      if (url.startsWith("/1.0/operations/op3/wait")) {
        return send(res, 200, { type: "sync", metadata: { id: "op3", status: "Running", status_code: 103, err: "", may_cancel: true, description: "Long" } });
      }
      return error(res, 404, "not found");
    });
  });
  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url?.includes("refuse=1")) {
      const body = JSON.stringify({ type: "error", error: "not authorized", error_code: 403 });
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      fake.eventConnections++;
      ws.on("error", () => undefined);
      sockets.push(ws);
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return fake;
}
