// Authorization scriptlets, real Incus vs simulator: each case of
// authorization-differential/cases.ts sets `authorization.scriptlet` on the test cluster, makes
// one GET as a TLS client (certificates added to the trust store for the run: alice
// unrestricted, bob restricted to one project) or over the unix socket, and compares with the
// simulator on a snapshot captured from the same cluster: allowed / 403 Permission denied / the
// 403 error text, the items a list keeps, and the scriptlet's log lines.
// Takes the cluster lock; restores the trust store, the scriptlet key, projects and instances.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as path from "node:path";
import { X509Certificate } from "node:crypto";
import { clusterProblem, incus, LogCapture, memberDir, must, requireCluster, type LoggingEvent } from "../support/incus-cluster";
import { captureSnapshot } from "../../server/src/incus/client/capture";
import { IncusClient } from "../../server/src/incus/client/http";
import { unixTarget } from "../../server/src/incus/client/target";
import type { ClusterSnapshot } from "../../server/src/incus/snapshot";
import { runAuthorization } from "../../server/src/incus/authorization/service";
import { AuthorizationScriptlet } from "../../server/src/incus/authorization/authorize";
import { CASES, type AuthzCase, type Who } from "./authorization-differential/cases";
import { tempDir } from "../support/temp-dir";

const KEY = "authorization.scriptlet";
const NET = process.env.INCUS_TEST_NET || "127.0.0.";
const PORT = Number(process.env.INCUS_TEST_PORT || 8443);
const NAMES: Record<string, string> = { P1: "authz-p1", P2: "authz-p2", C1: "authz-c1", C2: "authz-c2" };
const CERT_NAMES = { alice: "authz-alice", bob: "authz-bob" } as const;

interface ClientCert { cert: string; key: string; fingerprint: string }
const certs: Partial<Record<"alice" | "bob", ClientCert>> = {};
let snapshot: ClusterSnapshot;
let capture: LogCapture | undefined;
let savedScriptlet = "";
let ready = false;

function substitute(s: string): string {
  let out = s.replace(/BOBFP/g, certs.bob?.fingerprint ?? "BOBFP");
  for (const [k, v] of Object.entries(NAMES)) out = out.replace(new RegExp(`\\b${k}\\b`, "g"), v);
  return out;
}

function makeCert(dir: string, name: string): ClientCert {
  const key = path.join(dir, `${name}.key`);
  const crt = path.join(dir, `${name}.crt`);
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp384r1", "-nodes", "-keyout", key, "-out", crt, "-days", "2", "-subj", `/CN=${name}`], { stdio: "ignore" });
  const pem = readFileSync(crt, "utf8");
  return { cert: pem, key: readFileSync(key, "utf8"), fingerprint: new X509Certificate(pem).fingerprint256.replace(/:/g, "").toLowerCase() };
}

interface Answer { status: number; error: string; metadata: unknown }

function request(who: Who, urlPath: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const done = (res: http.IncomingMessage) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => {
        const j = JSON.parse(body) as { error_code?: number; error?: string; metadata?: unknown };
        resolve({ status: res.statusCode ?? 0, error: j.error ?? "", metadata: j.metadata });
      });
    };
    const req = who === "unix"
      ? http.request({ socketPath: path.join(memberDir(1), "unix.socket"), path: urlPath, method: "GET" }, done)
      : https.request({ host: `${NET}1`, port: PORT, path: urlPath, method: "GET", cert: certs[who]!.cert, key: certs[who]!.key, rejectUnauthorized: false }, done);
    req.on("error", reject);
    req.end();
  });
}

/** "/1.0/instances/c2?project=p1" → instance:p1/c2; "/1.0/projects/p1" → project:p1. */
function objectOfUrl(url: string): string {
  const u = new URL(url, "http://x");
  const [, , collection, name] = u.pathname.split("/");
  const project = u.searchParams.get("project") ?? "default";
  if (collection === "instances") return `instance:${project}/${decodeURIComponent(name)}`;
  if (collection === "projects") return `project:${decodeURIComponent(name)}`;
  throw new Error(`no object for ${url}`);
}

function identity(who: Who): string {
  return who === "unix" ? "unix" : `tls:${CERT_NAMES[who]}`;
}

function requestShape(urlPath: string) {
  const u = new URL(urlPath, "http://x");
  return { project: u.searchParams.get("project") ?? "default", allProjects: u.searchParams.get("all-projects") === "true" };
}

type Line = { level: string; message: string };
const LEVELS: Record<string, string> = { info: "info", warning: "warn", warn: "warn", error: "error" };

/** The scriptlet's log lines on one member: `Authorization scriptlet: MSG` (authorize) or
 *  `Authorization scriptlet (FN): MSG` (an access helper, when fn is given). */
function authorizationLines(events: LoggingEvent[], member: string, fn?: string): Line[] {
  const out: Line[] = [];
  for (const e of events) {
    if (e.location !== member) continue;
    const m = /^Authorization scriptlet(?: \((\w+)\))?: ([\s\S]*)$/.exec(e.metadata?.message ?? "");
    if (!m || (m[1] ?? undefined) !== fn || !LEVELS[e.metadata.level]) continue;
    out.push({ level: LEVELS[e.metadata.level], message: m[2] });
  }
  return out;
}
const strip = (lines: Line[]): Line[] => lines.map((l) => ({ level: l.level, message: l.message.replace(/^Authorization scriptlet: /, "") }));
const sortLines = (lines: Line[]): Line[] => [...lines].sort((a, b) => (a.message + a.level).localeCompare(b.message + b.level));

describe("authorization scriptlets: real Incus 6.0.4 vs simulator", { concurrency: false }, () => {
  before(async () => {
    if (clusterProblem() !== undefined) return;
    requireCluster();
    const dir = tempDir("authz-diff-");
    savedScriptlet = must(await incus(["config", "get", KEY])).replace(/\n$/, "");
    await removeLeftovers(); // of a run that was killed before its after()
    must(await incus(["project", "create", NAMES.P1]), "project create");
    must(await incus(["project", "create", NAMES.P2]), "project create");
    must(await incus(["profile", "device", "add", "default", "root", "disk", "path=/", "pool=local", "--project", NAMES.P1]), "profile device add");
    must(await incus(["create", "--empty", NAMES.C1]), "create C1");
    must(await incus(["create", "--empty", NAMES.C2, "--project", NAMES.P1]), "create C2");
    certs.alice = makeCert(dir, "alice");
    certs.bob = makeCert(dir, "bob");
    must(await incus(["config", "trust", "add-certificate", path.join(dir, "alice.crt"), "--name", CERT_NAMES.alice]), "trust add alice");
    must(await incus(["config", "trust", "add-certificate", path.join(dir, "bob.crt"), "--name", CERT_NAMES.bob, "--restricted", "--projects", NAMES.P1]), "trust add bob");
    const client = new IncusClient(unixTarget(path.join(memberDir(1), "unix.socket")));
    try {
      snapshot = (await captureSnapshot(client)).snapshot;
    } finally {
      client.close();
    }
    capture = await LogCapture.open();
    ready = true;
  });

  after(async () => {
    capture?.close();
    if (clusterProblem() !== undefined) return;
    // Restore, whatever happened above.
    if (savedScriptlet) await incus(["config", "set", `${KEY}=${savedScriptlet}`]);
    else await incus(["config", "unset", KEY]);
    await removeLeftovers();
  });

  async function removeLeftovers(): Promise<void> {
    const trust = JSON.parse(must(await incus(["config", "trust", "list", "-f", "json"]))) as { name: string; fingerprint: string }[];
    for (const t of trust) if (Object.values(CERT_NAMES).includes(t.name as never)) await incus(["config", "trust", "remove", t.fingerprint]);
    await incus(["delete", "--force", NAMES.C1]);
    await incus(["delete", "--force", NAMES.C2, "--project", NAMES.P1]);
    await incus(["project", "delete", NAMES.P1]);
    await incus(["project", "delete", NAMES.P2]);
  }

  for (const c of CASES) {
    test(`${c.id}: ${c.title}`, async (t) => {
      if (!requireCluster(t) || !ready) return;
      await runCase(c);
    });
  }
});

async function runCase(c: AuthzCase): Promise<void> {
  const scriptlet = substitute(c.scriptlet);
  const urlPath = substitute(c.path);
  must(await incus(["config", "set", `${KEY}=${scriptlet}`]), "set authorization.scriptlet");
  const real = await capture!.run(() => request(c.who, urlPath));
  // The member that received the request (node1). A request about an instance on another
  // member is forwarded there, and that member asks again (same details, same answer).
  const realLogs = authorizationLines(real.events, "node1");
  const shape = requestShape(urlPath);

  if (c.kind === "single") {
    const sim = await runAuthorization({ source: scriptlet, snapshot, identity: identity(c.who), object: substitute(c.object!), entitlement: c.entitlement!, ...shape });
    const realVerdict = real.value.status === 200 ? "allowed" : real.value.error;
    const simVerdict = sim.error ?? (sim.allowed ? "allowed" : "Permission denied");
    assert.equal(simVerdict, realVerdict, `verdict (real status ${real.value.status})`);
    const logs = strip(sim.logs);
    for (const q of c.follow ?? []) {
      const [object, entitlement] = substitute(q).split(" ");
      logs.push(...strip((await runAuthorization({ source: scriptlet, snapshot, identity: identity(c.who), object, entitlement, ...shape })).logs));
    }
    assert.deepEqual(logs, realLogs, "log lines");
    return;
  }
  if (c.kind === "access") {
    const s = await AuthorizationScriptlet.load(scriptlet, snapshot.server.environment.server_version);
    try {
      const sim = await s.access(c.access!.fn, c.access!.args.map(([k, v]) => [k, substitute(v)] as [string, string]));
      const realIds = real.value.status === 200 ? (real.value.metadata as { identifier: string }[]).map((x) => x.identifier) : [];
      assert.deepEqual(sim.identifiers, realIds, `identifiers (real: ${real.value.status} ${real.value.error})`);
      if (sim.error) assert.equal(real.value.error, sim.error, "error text");
      else assert.equal(real.value.status, 200, real.value.error);
      // Only the access function's lines (the request may also ask authorize()).
      const accessLogs = authorizationLines(real.events, "node1", c.access!.fn);
      assert.deepEqual(sim.logs.map((l) => ({ level: l.level, message: l.message.replace(/^Authorization scriptlet \(\w+\): /, "") })), accessLogs, "log lines");
    } finally {
      s.dispose();
    }
    return;
  }
  // A list: the simulator asks about every item of the unfiltered list (as the unix socket
  // sees it) and keeps the allowed ones.
  assert.equal(real.value.status, 200, real.value.error);
  // With ?recursion=1 the items are objects: name them by URL as the plain list does.
  const urlOf = (x: unknown): string => typeof x === "string" ? x : (() => {
    const o = x as { name: string; project?: string; config?: unknown };
    return urlPath.startsWith("/1.0/projects") ? `/1.0/projects/${o.name}` : `/1.0/instances/${o.name}${o.project && o.project !== "default" ? `?project=${o.project}` : ""}`;
  })();
  const full = ((await request("unix", urlPath)).metadata as unknown[]).map(urlOf);
  const kept: string[] = [];
  const simLogs: Line[] = [];
  for (const url of full) {
    const sim = await runAuthorization({ source: scriptlet, snapshot, identity: identity(c.who), object: objectOfUrl(url), entitlement: "can_view", ...shape });
    if (sim.allowed) kept.push(url);
    simLogs.push(...strip(sim.logs));
  }
  assert.deepEqual([...kept].sort(), (real.value.metadata as unknown[]).map(urlOf).sort(), "items kept");
  assert.deepEqual(sortLines(simLogs), sortLines(realLogs), "log lines");
}
