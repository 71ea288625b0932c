// The authorization simulator without a cluster: details shaped per version (read from the
// Incus sources, cited per test), identities resolved through the trust store, Incus's error
// texts, the access matrix and the CLI's exit codes. The live comparison with a real Incus is
// authorization-differential.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { loadSnapshot, type ClusterSnapshot } from "../../server/src/incus/snapshot";
import { accessMatrix, runAuthorization } from "../../server/src/incus/authorization/service";
import { detailsShape } from "../../server/src/incus/authorization/details";
import { entitlementsFor, objectName, parseObject } from "../../server/src/incus/authorization/model";
import { resolveIdentity } from "../../server/src/incus/authorization/identity";
import { tempDir } from "../support/temp-dir";

const root = path.resolve(__dirname, "../../..");
const fixture = path.join(root, "test/incus/fixtures/authz-cluster.yaml");
const bin = path.join(root, "bin/incus-scriptlet.js");
const tmp = tempDir("incus-authz-");
const ALICE = "888c08884faf3e5abd87fba103a968c453ad05a4ab5d72bc38579c9c9e27e17d";

function snapshot(): ClusterSnapshot {
  const loaded = loadSnapshot(fixture);
  assert.ok(!loaded.errors, JSON.stringify(loaded.errors));
  return loaded.snapshot;
}

const ask = (source: string, extra: Partial<Parameters<typeof runAuthorization>[0]> = {}) =>
  runAuthorization({ source, snapshot: snapshot(), identity: "tls:alice", object: "project:default", entitlement: "can_view", ...extra });

const LOG_DETAILS = 'def authorize(details, object, entitlement):\n    log_info(type(details), " ", details)\n    return True\n';

test("6.0.4: details is a flat RequestDetails with the fingerprint as Username (internal/server/auth/common/common.go@v6.0.4)", async () => {
  const r = await ask(LOG_DETAILS, { project: "p1" });
  assert.equal(r.error, null);
  assert.equal(r.allowed, true);
  assert.deepEqual(r.logs, [{
    level: "info",
    message: `Authorization scriptlet: RequestDetails {"Username": "${ALICE}", "Protocol": "tls", "IsAllProjectsRequest": False, "ProjectName": "p1"}`,
  }]);
});

test("7.3: details nests RequestDetails beside Chain and Certificate; type() is \"\" (internal/server/scriptlet/auth/auth.go@v7.3.0)", async () => {
  const src = 'def authorize(details, object, entitlement):\n    log_info("[", type(details), "] ", details.RequestDetails.Username, " ", details.Certificate.name, " ", details.Certificate.restricted, " ", details.Chain[0].Subject.CommonName)\n    return details.Username == ""\n';
  const r = await ask(src, { version: "7.3.0" });
  assert.deepEqual(r.logs, [{ level: "info", message: `Authorization scriptlet: [] ${ALICE} alice False alice@test` }]);
  assert.equal(r.error, 'Authorization scriptlet execution failed with error: Failed to run: Invalid field "Username"');
  assert.equal(r.allowed, false);
});

test("fields of later versions fail on 6.0.4 with Incus's words (seen on the test cluster)", async () => {
  const r = await ask("def authorize(details, object, entitlement):\n    return len(details.Chain) > 0\n");
  assert.equal(r.error, 'Authorization scriptlet execution failed with error: Failed to run: Invalid field "Chain"');
});

test("the extended shape starts at 6.0.6 (commit c9602f8d65), flat before; none before 6.0.3 (knowledge/releases.json)", () => {
  assert.equal(detailsShape("6.0.4"), "flat");
  assert.equal(detailsShape("6.0.5"), "flat");
  assert.equal(detailsShape("6.0.6"), "extended");
  assert.equal(detailsShape("7.3.0"), "extended");
  assert.throws(() => detailsShape("6.0.1"), /has no authorization scriptlet/);
});

test("non-bool return and run-time errors give the 403 texts; False is a plain denial", async () => {
  assert.equal((await ask('def authorize(details, object, entitlement):\n    return "yes"\n')).error,
    'Authorization scriptlet execution failed with error: Failed with unexpected return value: "yes"');
  assert.equal((await ask("def authorize(details, object, entitlement):\n    return 1 // 0\n")).error,
    "Authorization scriptlet execution failed with error: Failed to run: floored division by zero");
  const denied = await ask('def authorize(details, object, entitlement):\n    log_warn("no ", object)\n    return False\n');
  assert.deepEqual([denied.allowed, denied.error, denied.incusAnswer], [false, null, "403 Permission denied"]);
  assert.deepEqual(denied.logs, [{ level: "warn", message: "Authorization scriptlet: no project:default" }]);
});

test("identities: tls by name or fingerprint prefix, unknown names get a stand-in, OIDC users by claim", () => {
  const certs = snapshot().certificates;
  assert.equal(resolveIdentity("tls:alice", { certificates: certs }).username, ALICE);
  const bob = resolveIdentity("tls:8933beaf", { certificates: certs });
  assert.deepEqual([bob.restricted, bob.projects], [true, ["p1"]]);
  const carol = resolveIdentity("tls:carol", { certificates: certs });
  assert.equal(carol.username.length, 64);
  assert.match(carol.notes[0], /not in the cluster's trust store/);
  assert.equal(resolveIdentity("oidc:sub-1", { certificates: [], claims: { email: "e@x" } }).username, "e@x");
  assert.equal(resolveIdentity("oidc:sub-1", { certificates: [] }).username, "sub-1");
  assert.throws(() => resolveIdentity("oidc:sub-1", { certificates: [], oidcClaim: "preferred_username" }), /missing required claim "preferred_username"/);
  assert.throws(() => resolveIdentity("alice", { certificates: [] }), /want tls:NAME, oidc:USER or unix/);
});

test("objects are named and validated as authorization_objects.go@v6.0.4 names them", () => {
  assert.equal(objectName("instance", "p1", "c/2"), "instance:p1/c%2F2");
  assert.equal(objectName("server", "", "incus"), "server:incus");
  assert.deepEqual(parseObject("storage_volume:default/local/custom/v1", "6.0.4"), { type: "storage_volume", project: "default", elements: ["local", "custom", "v1"] });
  assert.throws(() => parseObject("gadget:x", "6.0.4"), /Missing validator for object of type "gadget"/);
  assert.ok(entitlementsFor("instance", "6.0.4")!.includes("can_exec"));
  assert.ok(!entitlementsFor("instance", "6.0.4")!.includes("can_connect_nbd"), "can_connect_nbd is 7.x");
  assert.ok(entitlementsFor("instance", "7.3.0")!.includes("can_connect_nbd"));
  assert.equal(entitlementsFor("network_address_set", "6.0.4"), undefined);
});

test("entitlements.json equals what tools/extract-authorization-model.ts reads from the Incus sources", { skip: !existsSync("/work/.mirror/lxc+incus/repo") && "no Incus mirror" }, () => {
  const out = execFileSync(process.execPath, [path.join(root, "out/tools/extract-authorization-model.js"), "--check"], { encoding: "utf8" });
  assert.match(out, /up to date/);
});

test("access matrix: a restricted certificate allowed outside its projects is marked", async () => {
  const m = await accessMatrix({ source: "def authorize(details, object, entitlement):\n    return not object.startswith(\"instance:p1/\")\n", snapshot: snapshot(), identity: "tls:bob" });
  const c1 = m.rows.find((r) => r.object === "instance:default/c1")!;
  assert.ok(c1.cells.every((c) => c.decision === "allowed" && c.outsideRestriction));
  const c2 = m.rows.find((r) => r.object === "instance:p1/c2")!;
  assert.ok(c2.cells.every((c) => c.decision === "denied" && !c.outsideRestriction));
  assert.ok(m.rows.some((r) => r.object === "server:incus"));
  assert.ok(m.rows.some((r) => r.object === "profile:p2/default"));
  assert.ok(m.notes.some((n) => /does not apply that limit/.test(n)));
  assert.equal(m.counts.error, 0);
  assert.equal(m.counts.denied, c2.cells.length);
});

test("access matrix marks errors per cell and keeps going", async () => {
  const m = await accessMatrix({ source: 'def authorize(details, object, entitlement):\n    return {"can_view": True}[entitlement]\n', snapshot: snapshot(), identity: "tls:alice" });
  assert.ok(m.counts.allowed > 0 && m.counts.error > 0 && m.counts.denied === 0);
  const cell = m.rows[0].cells.find((c) => c.entitlement === "can_edit")!;
  assert.equal(cell.error, 'Authorization scriptlet execution failed with error: Failed to run: key "can_edit" not in dict');
});

const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: root });

test("CLI run: JSON shape, exit 0 allowed or denied, 1 on a failing scriptlet, 2 on bad input", () => {
  const f = path.join(tmp, "x.authorization.star");
  writeFileSync(f, 'def authorize(details, object, entitlement):\n    log_info(object)\n    if object == "instance:default/c1":\n        fail("boom")\n    return entitlement == "can_view"\n');
  const base = ["run", f, "--cluster", fixture, "--identity", "tls:alice"];
  const ok = cli(...base, "--object", "project:p1", "--entitlement", "can_view", "--json");
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), { allowed: true, logs: [{ level: "info", message: "Authorization scriptlet: project:p1" }], error: null });
  const no = cli(...base, "--object", "project:p1", "--entitlement", "can_edit", "--json");
  assert.equal(no.status, 0);
  assert.equal(JSON.parse(no.stdout).allowed, false);
  const bad = cli(...base, "--object", "instance:default/c1", "--entitlement", "can_view", "--json");
  assert.equal(bad.status, 1);
  assert.equal(JSON.parse(bad.stdout).error, "Authorization scriptlet execution failed with error: Failed to run: fail: boom");
  assert.equal(cli(...base, "--object", "project:p1", "--entitlement", "can_exec").status, 2);
  assert.equal(cli(...base, "--object", "nonsense", "--entitlement", "can_view").status, 2);
  assert.equal(cli("run", f, "--cluster", fixture, "--identity", "ldap:x", "--object", "project:p1", "--entitlement", "can_view").status, 2);
  const text = cli(...base, "--object", "project:p1", "--entitlement", "can_edit");
  assert.match(text.stdout, /DENIED: can_edit on project:p1/);
});

test("CLI access: text marks the surprise, json parses", () => {
  const f = path.join(tmp, "all.authorization.star");
  writeFileSync(f, "def authorize(details, object, entitlement):\n    return True\n");
  const t = cli("access", f, "--cluster", fixture, "--identity", "tls:bob");
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /instance:default\/c1 .*can_exec ✓\*/);
  const j = cli("access", f, "--cluster", fixture, "--identity", "tls:bob", "--format", "json");
  assert.equal(JSON.parse(j.stdout).identity.restricted, true);
  assert.equal(readFileSync(f, "utf8").length > 0, true);
});

test("7.3 routes client classes (internal/server/auth/router.go@v7.3.0): restricted certificates go to the TLS driver unless routed", async () => {
  const src = "def authorize(details, object, entitlement):\n    return True\n";
  const r = await runAuthorization({ source: src, snapshot: snapshot(), identity: "tls:bob", object: "project:p1", entitlement: "can_view", version: "7.3.0" });
  assert.ok(r.notes.some((n) => /routes client class tls-restricted to the "tls" driver/.test(n)), r.notes.join("\n"));
  const routed = snapshot();
  (routed.server.config as Record<string, string>)["authorization.client.tls-restricted"] = "scriptlet";
  const r2 = await runAuthorization({ source: src, snapshot: routed, identity: "tls:bob", object: "project:p1", entitlement: "can_view", version: "7.3.0" });
  assert.ok(!r2.notes.some((n) => /routes client class/.test(n)));
});

test("OIDC users on 7.3: no certificate, an empty chain (internal/server/auth/driver_scriptlet.go@v7.3.0)", async () => {
  const src = 'def authorize(details, object, entitlement):\n    log_info(details.RequestDetails.Username, " ", details.RequestDetails.Protocol, " ", details.Certificate, " ", details.Chain)\n    return True\n';
  const r = await runAuthorization({ source: src, snapshot: snapshot(), identity: "oidc:sub-7", claims: { email: "ops@example.org" }, object: "server:incus", entitlement: "can_view", version: "7.3.0" });
  assert.deepEqual(r.logs, [{ level: "info", message: "Authorization scriptlet: ops@example.org oidc None []" }]);
});
