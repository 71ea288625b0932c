// The Incus client against local fake servers: target resolution, every error kind with its
// message naming the target, ETag/If-Match, and a capture whose request count does not grow
// with the number of instances.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as http from "node:http";
import * as net from "node:net";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { z } from "zod";
import {
  captureSnapshot,
  defaultSocketPath,
  IncusClient,
  isIncusClientError,
  mapLimit,
  remoteTarget,
  unixTarget,
  type ConnectionTarget,
} from "../../server/src/incus/client";
import { formatSnapshot, parseSnapshotText } from "../../server/src/incus/snapshot";

function tmpDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "incus-client-test-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

type Handler = (req: http.IncomingMessage, body: string) => { status?: number; body: unknown; etag?: string } | undefined;

/** An HTTP server on a unix socket in a temp dir, answering like Incus (sync envelope). */
async function fakeIncus(t: { after: (fn: () => void) => void }, handler: Handler): Promise<{ socket: string; seen: string[] }> {
  const socket = path.join(tmpDir(t), "unix.socket");
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push(`${req.method} ${req.url}`);
      const out = handler(req, body);
      if (out === undefined) return; // never answer
      const status = out.status ?? 200;
      const envelope =
        status >= 400
          ? { type: "error", status: "", status_code: 0, operation: "", error_code: status, error: out.body, metadata: null }
          : { type: "sync", status: "Success", status_code: 200, operation: "", error_code: 0, error: "", metadata: out.body };
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      if (out.etag) headers.ETag = out.etag;
      res.writeHead(status, headers).end(JSON.stringify(envelope));
    });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { socket, seen };
}

async function rejectsWith(p: Promise<unknown>, kind: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isIncusClientError(err), `not an IncusClientError: ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    assert.match(err.message, message);
    return true;
  });
}

test("socket lookup follows the incus client: INCUS_SOCKET, INCUS_DIR, /run/incus, /var/lib/incus", () => {
  const none = () => false;
  assert.equal(defaultSocketPath({ INCUS_SOCKET: "/s", INCUS_DIR: "/d" }, none), "/s");
  assert.equal(defaultSocketPath({ INCUS_DIR: "/d" }, none), "/d/unix.socket");
  assert.equal(defaultSocketPath({}, (p) => p === "/run/incus/unix.socket"), "/run/incus/unix.socket");
  assert.equal(defaultSocketPath({}, none), "/var/lib/incus/unix.socket");
});

test("remotes come from $INCUS_CONF/config.yml with their certificates", (t) => {
  const dir = tmpDir(t);
  mkdirSync(path.join(dir, "servercerts"));
  writeFileSync(
    path.join(dir, "config.yml"),
    [
      "default-remote: prod",
      "remotes:",
      "  prod: {addr: 'https://10.0.0.1:8443', protocol: incus}",
      "  local: {addr: 'unix://', protocol: incus}",
      "  sock: {addr: 'unix:///srv/incus.socket', protocol: incus}",
      "  images: {addr: 'https://images.example.org', protocol: simplestreams, public: true}",
    ].join("\n"),
  );
  writeFileSync(path.join(dir, "client.crt"), "CERT");
  writeFileSync(path.join(dir, "client.key"), "KEY");
  writeFileSync(path.join(dir, "servercerts", "prod.crt"), "PINNED");
  const env = { INCUS_CONF: dir, INCUS_DIR: "/x" };

  const prod = remoteTarget(undefined, env); // the default remote
  assert.equal(prod.kind, "https");
  if (prod.kind === "https") {
    assert.equal(prod.url, "https://10.0.0.1:8443");
    assert.deepEqual([prod.tls.cert, prod.tls.key, prod.tls.pinnedServerCert], ["CERT", "KEY", "PINNED"]);
    assert.match(prod.label, /remote "prod"/);
  }
  assert.deepEqual(remoteTarget("local", env), unixTarget("/x/unix.socket"));
  assert.equal((remoteTarget("sock", env) as { socketPath: string }).socketPath, "/srv/incus.socket");
  assert.throws(() => remoteTarget("images", env), /image server/);
  assert.throws(() => remoteTarget("nope", env), (e: unknown) => isIncusClientError(e, "config") && /remote "nope" is not in .*config\.yml/.test((e as Error).message));
});

test("a socket path that does not exist gives a clear message naming it", async () => {
  const client = new IncusClient(unixTarget("/nonexistent/incus/unix.socket"));
  await rejectsWith(client.get("/1.0", z.unknown()), "socket-missing", /Incus socket \/nonexistent\/incus\/unix\.socket does not exist/);
  client.close();
});

test("a stale socket file (daemon gone) is reported as refused, naming the socket", async (t) => {
  const socket = path.join(tmpDir(t), "unix.socket");
  // A process that listens and is killed leaves its socket file behind with nobody listening.
  const r = spawnSync(process.execPath, ["-e", `require("net").createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, "SIGKILL"))`]);
  assert.equal(r.signal, "SIGKILL");
  assert.ok(existsSync(socket));
  const client = new IncusClient(unixTarget(socket));
  await rejectsWith(client.get("/1.0", z.unknown()), "refused", new RegExp(`Incus socket ${socket} refused the connection: incusd is not running`));
  client.close();
});

test("a refused TCP port names the remote", async () => {
  // Find a free port, then close it so nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const target: ConnectionTarget = { kind: "https", url: `https://127.0.0.1:${port}`, remote: "lab", tls: {}, label: `remote "lab" (https://127.0.0.1:${port})` };
  const client = new IncusClient(target);
  await rejectsWith(client.get("/1.0", z.unknown()), "refused", new RegExp(`remote "lab" .*connection refused: nothing listens at https://127\\.0\\.0\\.1:${port}`));
  client.close();
});

test("a server that never answers times out with the configured limit in the message", async (t) => {
  const { socket } = await fakeIncus(t, () => undefined);
  const client = new IncusClient(unixTarget(socket), { timeoutMs: 300 });
  await rejectsWith(client.get("/1.0", z.unknown()), "timeout", /no complete answer to GET \/1\.0 within 0\.3 s/);
  client.close();
});

test("Incus error bodies surface their text and code; 403 explains trust", async (t) => {
  const { socket } = await fakeIncus(t, (req) =>
    req.url === "/1.0/secret" ? { status: 403, body: "not authorized" } : { status: 404, body: "Instance not found" },
  );
  const client = new IncusClient(unixTarget(socket));
  await rejectsWith(client.get("/1.0/instances/x", z.unknown()), "http", new RegExp(`unix socket ${socket}: GET /1\\.0/instances/x failed: 404 Instance not found`));
  await rejectsWith(client.get("/1.0/secret", z.unknown()), "forbidden", /refused: 403 not authorized/);
  client.close();
});

test("an answer of the wrong shape is a protocol error naming the field", async (t) => {
  const { socket } = await fakeIncus(t, () => ({ body: [{ server_name: 7 }] }));
  const client = new IncusClient(unixTarget(socket));
  await rejectsWith(client.get("/1.0/cluster/members?recursion=1", z.array(z.looseObject({ server_name: z.string() }))), "protocol", /unexpected answer to GET .*: 0\.server_name: /);
  client.close();
});

test("put sends If-Match with the ETag from get, and a 412 comes back as an error", async (t) => {
  let stored = { description: "v1" };
  const etag = () => `"${stored.description}"`;
  const { socket } = await fakeIncus(t, (req, body) => {
    if (req.method === "GET") return { body: stored, etag: etag() };
    if (req.headers["if-match"] && req.headers["if-match"] !== etag()) return { status: 412, body: "ETag doesn't match" };
    stored = JSON.parse(body);
    return { body: {} };
  });
  const client = new IncusClient(unixTarget(socket));
  const { value, etag: tag } = await client.getWithEtag("/1.0/profiles/default", z.looseObject({ description: z.string() }));
  assert.deepEqual([value.description, tag], ["v1", '"v1"']);
  await client.put("/1.0/profiles/default", { description: "v2" }, tag);
  assert.equal(stored.description, "v2");
  await assert.rejects(client.put("/1.0/profiles/default", { description: "v3" }, tag), (e: unknown) => isIncusClientError(e, "http") && e.status === 412);
  assert.equal(stored.description, "v2");
  client.close();
});

test("mapLimit keeps at most `limit` tasks in flight and preserves order", async () => {
  let inFlight = 0;
  let peak = 0;
  const out = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setImmediate(r));
    inFlight--;
    return n * 10;
  });
  assert.deepEqual(out, [10, 20, 30, 40, 50, 60, 70]);
  assert.equal(peak, 3);
});

/** A fake clustered Incus with `members` members and `instances` instances. */
function clusterHandler(members: number, instances: number): Handler {
  const names = Array.from({ length: members }, (_, i) => `m${i + 1}`);
  return (req) => {
    const url = new URL(req.url!, "http://x");
    const p = url.pathname;
    if (p === "/1.0") return { body: { api_extensions: [], environment: { server_clustered: true, server_version: "6.0.4" }, config: {} } };
    if (p === "/1.0/cluster/members") return { body: names.map((n) => ({ server_name: n, status: "Online", groups: ["default"], roles: [], config: {} })) };
    if (p === "/1.0/cluster/groups") return { body: [{ name: "default", members: names }] };
    if (p === "/1.0/projects") return { body: [{ name: "default", config: { "features.profiles": "true" } }, { name: "shared", config: {} }] };
    if (p === "/1.0/profiles") return { body: [{ name: "default", config: {}, devices: {} }] };
    if (p === "/1.0/instances") return { body: Array.from({ length: instances }, (_, i) => ({ name: `c${i}`, location: names[i % members], project: "default" })) };
    if (p === "/1.0/storage-pools") return { body: [{ name: "local", driver: "dir", locations: names }] };
    if (p === "/1.0/storage-pools/local") return { body: { name: "local", driver: "dir", status: url.searchParams.get("target") === "m2" ? "Unavailable" : "Created" } };
    if (p === "/1.0/resources") return { body: { cpu: { total: 4 }, memory: { total: 8 } } };
    if (/^\/1\.0\/cluster\/members\/[^/]+\/state$/.test(p)) {
      if (p.includes("/m2/")) return { status: 500, body: "Failed getting storage pool resources" };
      return { body: { sysinfo: { total_ram: 8 }, storage_pools: {} } };
    }
    if (p === "/1.0/warnings") return { body: [] };
    return { status: 404, body: "not found" };
  };
}

test("capture: requests grow with members, not instances; a failing member request is recorded", async (t) => {
  const small = await fakeIncus(t, clusterHandler(3, 5));
  const large = await fakeIncus(t, clusterHandler(3, 2000));
  const clients: IncusClient[] = [];
  const connect = (socket: string) => {
    const c = new IncusClient(unixTarget(socket));
    clients.push(c);
    return c;
  };
  t.after(() => clients.forEach((c) => c.close()));
  const a = await captureSnapshot(connect(small.socket), { now: () => new Date(0) });
  const b = await captureSnapshot(connect(large.socket));
  assert.equal(b.snapshot.instances.length, 2000);
  assert.equal(a.requests, b.requests);
  assert.equal(large.seen.length, b.requests);
  assert.equal(large.seen.filter((r) => r.includes("/instances")).length, 1);
  // Profiles only for the project with its own profiles.
  assert.deepEqual(large.seen.filter((r) => r.includes("/profiles")), ["GET /1.0/profiles?recursion=1&project=default"]);

  const c = await captureSnapshot(connect((await fakeIncus(t, clusterHandler(6, 5))).socket));
  assert.equal(c.requests - a.requests, 3 * 3, "three requests per extra member (resources, state, pool)");

  // Verbatim: the document holds exactly what the server sent (no defaults filled in).
  const doc = a.document as { members: Record<string, unknown>[]; capture: { captured_at: string; errors: { request: string; member?: string }[] } };
  assert.deepEqual(Object.keys(doc.members[0]).sort(), ["config", "groups", "roles", "server_name", "status"]);
  assert.equal(doc.capture.captured_at, "1970-01-01T00:00:00.000Z");
  // (This fake serves no /1.0/certificates: that failure is recorded too, with no member.)
  assert.deepEqual(doc.capture.errors.filter((e) => e.member).map((e) => [e.member, e.request]), [["m2", "GET /1.0/cluster/members/m2/state"]]);
  // The loaded form has the defaults and the per-member pool view.
  assert.equal(a.snapshot.members[0].architecture, "x86_64");
  assert.equal(a.snapshot.member_storage_pools.m2.local.status, "Unavailable");
  assert.equal(a.snapshot.member_state.m2, undefined);
});

test("capture of a standalone server: one member named like its instances' location", async (t) => {
  const { socket, seen } = await fakeIncus(t, (req) => {
    const p = new URL(req.url!, "http://x").pathname;
    if (p === "/1.0") return { body: { environment: { server_clustered: false, kernel_architecture: "aarch64" }, config: {} } };
    if (p === "/1.0/projects") return { body: [{ name: "default", config: { "features.profiles": "true" } }] };
    if (p === "/1.0/profiles") return { body: [{ name: "default" }] };
    if (p === "/1.0/instances") return { body: [{ name: "c1", location: "none" }] };
    if (p === "/1.0/storage-pools") return { body: [] };
    if (p === "/1.0/resources") return { body: { cpu: { total: 2 } } };
    if (p === "/1.0/warnings") return { body: [] };
    return { status: 400, body: "Server isn't part of a cluster" };
  });
  const client = new IncusClient(unixTarget(socket));
  t.after(() => client.close());
  const { snapshot } = await captureSnapshot(client);
  assert.deepEqual(snapshot.members.map((m) => [m.server_name, m.architecture]), [["none", "aarch64"]]);
  assert.equal(snapshot.resources.none.cpu.total, 2);
  assert.ok(!seen.some((r) => r.includes("/cluster/")), seen.join(", "));
});

test("a captured snapshot written as YAML or JSON loads back to the same snapshot", async (t) => {
  const { socket } = await fakeIncus(t, (req) => {
    const res = clusterHandler(2, 3)(req, "");
    // Values a careless YAML writer would turn into numbers, booleans or dates.
    if (req.url?.startsWith("/1.0/instances")) {
      return { body: [{ name: "c0", location: "m1", config: { "user.a": "254:0", "user.b": "yes", "user.c": "0x1F", "user.d": "2021-03-23" }, created_at: "2021-03-23T20:00:00-04:00" }] };
    }
    return res;
  });
  const client = new IncusClient(unixTarget(socket));
  t.after(() => client.close());
  const { document, snapshot } = await captureSnapshot(client);
  for (const format of ["yaml", "json"] as const) {
    const text = formatSnapshot(document, format, client.label);
    const loaded = parseSnapshotText(text, `round.${format}`);
    assert.equal(loaded.errors, undefined, JSON.stringify(loaded.errors));
    assert.deepEqual(loaded.snapshot, snapshot, format);
  }
  assert.match(formatSnapshot(document, "yaml"), /user\.a: "254:0"/);
});

test("capture: a member whose requests time out is recorded, the rest is captured", async (t) => {
  const { socket } = await fakeIncus(t, (req, body) => {
    if (req.url?.includes("target=m3") || req.url?.includes("/members/m3/")) return undefined; // never answers
    return clusterHandler(3, 4)(req, body);
  });
  const client = new IncusClient(unixTarget(socket), { timeoutMs: 300 });
  t.after(() => client.close());
  const { snapshot, document } = await captureSnapshot(client);
  assert.equal(snapshot.members.length, 3);
  assert.equal(snapshot.resources.m3, undefined);
  assert.equal(snapshot.resources.m1.cpu.total, 4);
  const failed = (document.capture as { errors: { request: string; message: string }[] }).errors;
  assert.ok(failed.some((e) => e.request === "GET /1.0/resources?target=m3" && /within 0\.3 s/.test(e.message)), JSON.stringify(failed));
});
