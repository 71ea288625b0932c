// H5: what a server sends is bounded in size and time. Fake servers on loopback unix sockets
// play the hostile parts a real Incus will not: an endless body, a trickle, a Content-Length
// that lies, a huge websocket message, a handshake that never completes. Each case must end
// inside its limit with a message naming the target and the request.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as http from "node:http";
import * as path from "node:path";
import { WebSocketServer } from "ws";
import { z } from "zod";
import { IncusClient } from "../../server/src/incus/client/http";
import { IncusClientError } from "../../server/src/incus/client/errors";
import { streamEvents, type IncusEvent } from "../../server/src/incus/client/events";
import { unixTarget } from "../../server/src/incus/client/target";
import { envelope, startFakeIncus } from "./fake-server";

const root = path.resolve(__dirname, "../../..");
const bin = path.join(root, "bin/incus-scriptlet.js");

async function failure(p: Promise<unknown>): Promise<IncusClientError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof IncusClientError, String(e));
    return e;
  }
  assert.fail("expected the request to fail");
}

/** Writes `chunk` as fast as the socket takes it, forever (until the client goes away). */
function endless(res: http.ServerResponse, chunk: Buffer): void {
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", pump);
  };
  res.on("close", () => res.removeAllListeners("drain"));
  pump();
}

test("an endless body stops at the size limit, without taking the memory", async () => {
  const fake = await startFakeIncus((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.write('{"type":"sync","metadata":"');
    endless(res, Buffer.alloc(1 << 20, "a"));
  });
  const client = new IncusClient(unixTarget(fake.socketPath), { maxBodyBytes: 32 << 20, timeoutMs: 60_000 });
  try {
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const err = await failure(client.get("/1.0", z.unknown()));
    assert.equal(err.kind, "too-large");
    assert.match(err.message, /GET \/1\.0 is larger than 32 MiB; stopped reading it/);
    assert.ok(Date.now() - started < 30_000);
    assert.ok(process.memoryUsage().rss - before < 200 << 20, "memory grew past the limit");
  } finally {
    client.close();
    await fake.close();
  }
});

test("the CLI's snapshot on an endless body: exit 1, a clear message, bounded memory", async () => {
  const fake = await startFakeIncus((_req, res) => {
    res.writeHead(200);
    endless(res, Buffer.alloc(1 << 20, "a"));
  });
  try {
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = require("node:child_process").spawn("/usr/bin/time", ["-f", "peak-kb=%M", process.execPath, bin, "snapshot", "--socket", fake.socketPath, "--max-body-mb", "64"], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c));
      child.on("close", (status: number | null) => resolve({ status, stderr }));
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /incus-scriptlet snapshot: unix socket .*: the answer to GET \/1\.0 is larger than 64 MiB/);
    const peak = Number(/peak-kb=(\d+)/.exec(r.stderr)?.[1]);
    assert.ok(peak < 400 * 1024, `peak ${peak} KiB`);
  } finally {
    await fake.close();
  }
});

test("a declared Content-Length over the limit is refused before reading", async () => {
  const fake = await startFakeIncus((_req, res) => {
    res.writeHead(200, { "Content-Length": String(10 * 1024 ** 3) });
    res.write("{");
  });
  const client = new IncusClient(unixTarget(fake.socketPath), { maxBodyBytes: 1 << 20, timeoutMs: 20_000 });
  try {
    assert.equal((await failure(client.get("/1.0", z.unknown()))).kind, "too-large");
  } finally {
    client.close();
    await fake.close();
  }
});

test("a body that trickles forever ends at the request deadline", async () => {
  const fake = await startFakeIncus((_req, res) => {
    res.writeHead(200);
    const timer = setInterval(() => res.write(" "), 50);
    res.on("close", () => clearInterval(timer));
  });
  const client = new IncusClient(unixTarget(fake.socketPath), { timeoutMs: 1500 });
  try {
    const started = Date.now();
    const err = await failure(client.get("/1.0/instances", z.unknown()));
    assert.equal(err.kind, "timeout");
    assert.match(err.message, /no complete answer to GET \/1\.0\/instances within 1\.5 s/);
    assert.ok(Date.now() - started < 5000);
  } finally {
    client.close();
    await fake.close();
  }
});

test("a Content-Length that lies: short then closed, or short then silent", async () => {
  let mode = "close";
  const fake = await startFakeIncus((_req, res) => {
    res.writeHead(200, { "Content-Length": "1000" });
    res.write(envelope({}).slice(0, 10));
    if (mode === "close") setTimeout(() => res.socket?.destroy(), 50);
  });
  const client = new IncusClient(unixTarget(fake.socketPath), { timeoutMs: 1500 });
  try {
    const closed = await failure(client.get("/1.0", z.unknown()));
    assert.equal(closed.kind, "network");
    assert.match(closed.message, /GET \/1\.0 failed: .*(closed the connection in the middle|aborted|socket hang up)/);
    mode = "silent";
    const silent = await failure(client.get("/1.0", z.unknown()));
    assert.equal(silent.kind, "timeout");
  } finally {
    client.close();
    await fake.close();
  }
});

test("a body that is not JSON, or JSON nested beyond reason, is a protocol error, not a crash", async () => {
  let body = "<html>proxy error</html>";
  const fake = await startFakeIncus((_req, res) => {
    res.writeHead(200);
    res.end(body);
  });
  const client = new IncusClient(unixTarget(fake.socketPath), { timeoutMs: 5000 });
  try {
    assert.equal((await failure(client.get("/1.0", z.unknown()))).kind, "protocol");
    body = '{"type":"sync","metadata":' + "[".repeat(200_000) + "]".repeat(200_000) + "}";
    const deep = await failure(client.get("/1.0", z.object({})));
    assert.ok(deep.kind === "protocol", deep.message);
  } finally {
    client.close();
    await fake.close();
  }
});

// ---- events (ws)

async function wsFake(onConnection: (ws: import("ws").WebSocket) => void) {
  const wss = new WebSocketServer({ noServer: true });
  const fake = await startFakeIncus((_req, res) => res.end());
  fake.server.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, onConnection));
  return { fake, close: async () => { wss.close(); await fake.close(); } };
}

function collect(socketPath: string, opts: { maxPayloadBytes?: number; handshakeTimeoutMs?: number } = {}) {
  const events: IncusEvent[] = [];
  const errors: IncusClientError[] = [];
  let stream: { close(): void } | undefined;
  // A paused socket in a handshake holds no reference on the event loop: keep the test alive.
  const keepAlive = setInterval(() => undefined, 1000);
  const done = new Promise<void>((resolve) => {
    stream = streamEvents(unixTarget(socketPath), { types: ["lifecycle"], onEvent: (e) => events.push(e), onError: (e) => errors.push(e), onClose: () => { clearInterval(keepAlive); resolve(); }, ...opts });
  });
  return { events, errors, done, close: () => stream!.close() };
}

test("events: valid events pass, junk is reported, a huge message closes the stream", async () => {
  let path = "";
  const server = await wsFake((ws) => {
    ws.send(JSON.stringify({ type: "lifecycle", location: "node1", metadata: { action: "instance-created", source: "/1.0/instances/c1" } }));
    ws.send("not json");
    ws.send(JSON.stringify({ nope: 1 }));
    ws.send(Buffer.alloc(8 << 20, "a"));
    ws.send(JSON.stringify({ type: "lifecycle" }));
  });
  server.fake.server.prependListener("upgrade", (req) => (path = req.url ?? ""));
  try {
    const c = collect(server.fake.socketPath, { maxPayloadBytes: 1 << 20 });
    await c.done;
    assert.equal(path, "/1.0/events?type=lifecycle&all-projects=true");
    assert.deepEqual(c.events.map((e) => e.metadata?.action), ["instance-created"]);
    assert.deepEqual(c.errors.map((e) => e.kind), ["protocol", "protocol", "too-large"]);
    assert.match(c.errors[2].message, /events: a message over 1048576 bytes arrived; the connection was closed/);
  } finally {
    await server.close();
  }
});

test("events: a server that never completes the handshake ends at the deadline", async () => {
  const fake = await startFakeIncus(() => undefined);
  fake.server.on("upgrade", () => undefined); // takes the upgrade and says nothing
  try {
    const started = Date.now();
    const c = collect(fake.socketPath, { handshakeTimeoutMs: 1000 });
    await c.done;
    assert.ok(Date.now() - started < 5000);
    assert.equal(c.errors[0]?.kind, "timeout", c.errors.map((e) => e.message).join("; "));
  } finally {
    await fake.close();
  }
});

test("events: a refused subscription says so", async () => {
  const fake = await startFakeIncus((_req, res) => {
    res.writeHead(403);
    res.end();
  });
  try {
    const c = collect(fake.socketPath);
    await c.done;
    assert.equal(c.errors[0]?.kind, "forbidden");
    assert.match(c.errors[0].message, /refused the subscription: HTTP 403/);
  } finally {
    await fake.close();
  }
});
