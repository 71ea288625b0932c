// Creating networks, custom volumes and profiles (incus/createForm, incus/createObject) against
// the real test cluster over the real language server: the form's keys come from the catalog,
// a bad name/key/value is refused before anything is sent (Incus never sees it), a cluster
// network is made on every member and then for the cluster, a volume on a local pool lands on
// the chosen member, Incus's refusals come back with its reason and leave nothing half-made.
// Skips when the cluster is down; holds the cluster lock; removes what it made.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Requests, type CreateObjectAnswer, type CreateObjectParams } from "../../server/src/lsp/protocol";
import { clusterProblem, incus, lockCluster, memberDir, must, requireCluster } from "../support/incus-cluster";
import { ProtocolClient } from "../support/protocol-client";

const connection = "remote:local";
let c: ProtocolClient;
let conf: string;
const id = randomUUID().slice(0, 5);
const net = `tmv${id}`;
const vol = `vol-${id}`;
const prof = `prof-${id}`;
/** A host interface for a macvlan parent (all members share this host's network). */
const parent = readdirSync("/sys/class/net").find((n) => n !== "lo" && !n.startsWith("tmv")) ?? "eth0";

before(async () => {
  if (clusterProblem()) return;
  lockCluster();
  conf = mkdtempSync(path.join(os.tmpdir(), "incus-conf-"));
  c = new ProtocolClient({ settings: () => ({ activeCluster: connection }), env: { ...process.env, INCUS_CONF: conf, INCUS_SOCKET: path.join(memberDir(1), "unix.socket") } });
  await c.initialize();
});
after(async () => {
  c?.close();
  if (conf) rmSync(conf, { recursive: true, force: true });
  if (clusterProblem()) return;
  await incus(["network", "delete", net]);
  await incus(["network", "delete", `${net}x`]);
  await incus(["storage", "volume", "delete", "local", vol, "--target", "node2"]);
  await incus(["profile", "delete", prof]);
});

const create = (p: Omit<CreateObjectParams, "connection">) => c.request(Requests.createObject, { connection, ...p }) as Promise<CreateObjectAnswer>;
const exists = async (...args: string[]) => (await incus(args)).code === 0;

test("live create: the form's keys come from the catalog; bad names, keys and values are refused before sending", async (t) => {
  if (!requireCluster(t)) return;
  const form = await c.request(Requests.createForm, { connection, kind: "network", networkType: "macvlan" });
  assert.equal(form.entity, "network:macvlan");
  assert.ok(form.keys.some((k) => k.key === "parent" && k.memberSpecific), JSON.stringify(form.keys));
  assert.ok(form.keys.some((k) => k.key === "mtu" && k.type === "integer"));
  assert.deepEqual(form.members, ["node1", "node2", "node3"]);
  const pool = form.pools.find((p) => p.name === "local");
  assert.deepEqual(pool, { name: "local", driver: "dir", local: true });

  const bad = await create({ kind: "network", networkType: "bridge", name: "much-too-long-bridge", config: { "bridge.mtuu": "1400", "ipv4.nat": "maybe", "size": "1" } });
  assert.ok(!bad.ok);
  assert.deepEqual(bad.problems?.map((p) => [p.field, p.key]), [["name", undefined], ["config", "bridge.mtuu"], ["config", "ipv4.nat"], ["config", "size"]]);
  assert.match(bad.problems![0].message, /too long \(maximum 15 characters\)/);
  assert.match(bad.problems![1].message, /Unknown configuration key for a network \(bridge\): bridge\.mtuu — did you mean "bridge\.mtu"\?/);
  assert.match(bad.problems![2].message, /ipv4\.nat: /);
  assert.equal(await exists("network", "show", "much-too-long-bridge"), false, "nothing was sent");

  const profile = await create({ kind: "profile", name: "a/b", config: { "limits.cpuz": "1", "user.note": "free-form" } });
  assert.ok(!profile.ok);
  assert.deepEqual(profile.problems?.map((p) => p.message), ["Profile names may not contain slashes", 'Unknown configuration key for a profile (instance): limits.cpuz — did you mean "limits.cpu"?']);

  const volume = await create({ kind: "volume", pool: "local", name: vol, config: { size: "1 lightyear" } });
  assert.ok(!volume.ok);
  assert.deepEqual(volume.problems?.map((p) => p.field), ["member", "config"]);
  assert.match(volume.problems![0].message, /local to each member: choose the member/);
  const dry = await create({ kind: "volume", pool: "local", member: "node2", name: vol, config: { size: "1GiB" }, dryRun: true });
  assert.deepEqual(dry, { ok: true, steps: [] });
  assert.equal(await exists("storage", "volume", "show", "local", vol, "--target", "node2"), false, "a dry run sends nothing");
});

test("live create: a cluster network on every member then for the cluster; a duplicate is refused with Incus's reason and the first stays", async (t) => {
  if (!requireCluster(t)) return;
  const made = await create({ kind: "network", networkType: "macvlan", name: net, description: "made by the test", config: { parent, mtu: "1400" } });
  assert.ok(made.ok, made.ok ? "" : made.error);
  assert.deepEqual(made.steps, [
    `POST /1.0/networks?target=node1`,
    `POST /1.0/networks?target=node2`,
    `POST /1.0/networks?target=node3`,
    `POST /1.0/networks`,
  ]);
  const shown = JSON.parse(must(await incus(["query", `/1.0/networks/${net}`]))) as { status: string; config: Record<string, string>; locations: string[]; description: string };
  assert.equal(shown.status, "Created");
  assert.equal(shown.config.mtu, "1400");
  assert.deepEqual([...shown.locations].sort(), ["node1", "node2", "node3"]);
  const onNode2 = JSON.parse(must(await incus(["query", `/1.0/networks/${net}?target=node2`]))) as { config: Record<string, string> };
  assert.equal(onNode2.config.parent, parent, "parent is member-specific: set on each member");

  const again = await create({ kind: "network", networkType: "macvlan", name: net, config: { parent } });
  assert.ok(!again.ok);
  assert.match(again.error, new RegExp(`^Incus refused to create network ${net}: a network named ${net} already exists$`));
  assert.equal(JSON.parse(must(await incus(["query", `/1.0/networks/${net}`]))).status, "Created", "the existing network is untouched");

  // Incus refuses the final step (a parent that does not exist): the pending definitions go.
  const broken = await create({ kind: "network", networkType: "macvlan", name: `${net}x`, config: { parent: "no-such-if0" } });
  assert.ok(!broken.ok);
  assert.match(broken.error, new RegExp(`^Incus refused to create network ${net}x: `));
  assert.equal(await exists("network", "show", `${net}x`), false, `${broken.error}: nothing half-made stays`);
});

test("live create: a volume on a local pool lands on the chosen member; a profile with its config; Incus's refusal keeps its reason", async (t) => {
  if (!requireCluster(t)) return;
  const v = await create({ kind: "volume", pool: "local", member: "node2", name: vol, config: { size: "1GiB" } });
  assert.ok(v.ok, v.ok ? "" : v.error);
  const listed = must(await incus(["storage", "volume", "list", "local", "--format", "csv", "-c", "tnL"]));
  assert.ok(listed.split("\n").includes(`custom,${vol},node2`), listed);

  const p = await create({ kind: "profile", name: prof, description: "made by the test", config: { "limits.cpu": "2", "user.note": "hi" } });
  assert.ok(p.ok, p.ok ? "" : p.error);
  const shown = JSON.parse(must(await incus(["query", `/1.0/profiles/${prof}`]))) as { config: Record<string, string>; description: string };
  assert.deepEqual(shown.config, { "limits.cpu": "2", "user.note": "hi" });
  assert.equal(shown.description, "made by the test");
  const dup = await create({ kind: "profile", name: prof, config: {} });
  assert.ok(!dup.ok);
  assert.match(dup.error, new RegExp(`^Incus refused to create profile ${prof}: .*already exists`, "i"));
});
