// The snapshot format: the bundled sample, defaults for hand-written files, cross-object
// normalization, and the indexed model.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { buildModel, loadSnapshot, NEWEST_INCUS_VERSION, parseSnapshotText, sampleSnapshotPath, type ClusterSnapshot } from "../../server/src/incus/snapshot";

function load(text: string, file = "hand.yaml"): ClusterSnapshot {
  const r = parseSnapshotText(text, file);
  assert.equal(r.errors, undefined, r.errors && JSON.stringify(r.errors));
  return r.snapshot!;
}

test("sampleSnapshotPath points at the bundled sample", () => {
  const p = sampleSnapshotPath();
  assert.ok(existsSync(p), p);
  assert.match(p, /examples[\\/]sample-cluster\.yaml$/);
});

test("the sample cluster loads and indexes", () => {
  const r = loadSnapshot(sampleSnapshotPath());
  assert.equal(r.errors, undefined, r.errors && JSON.stringify(r.errors.slice(0, 3)));
  const m = buildModel(r.snapshot!);
  assert.deepEqual(m.members.map((x) => x.server_name), ["node01", "node02", "node03", "node04", "node05", "node06"]);
  assert.equal(m.member("node04")?.status, "Evacuated");
  assert.equal(m.member("node05")?.config["scheduler.instance"], "group");
  assert.equal(m.member("node06")?.architecture, "aarch64");
  assert.ok(new Set(m.members.map((x) => x.failure_domain)).size >= 3);
  assert.ok(m.instances.length >= 20 && m.instances.length <= 40, `${m.instances.length} instances`);
  assert.ok(m.instances.some((i) => i.type === "virtual-machine") && m.instances.some((i) => i.status === "Stopped"));

  // Counts by member and project agree with a plain scan.
  for (const member of m.members) {
    const scan = m.instances.filter((i) => i.location === member.server_name);
    assert.equal(m.instanceCount({ member: member.server_name }), scan.length);
    assert.equal(m.instanceCount({ member: member.server_name, project: "default" }), scan.filter((i) => i.project === "default").length);
  }
  assert.equal(m.instanceCount({ project: "tenant-a" }), m.instances.filter((i) => i.project === "tenant-a").length);
  assert.equal(m.instanceCount(), m.instances.length);
  assert.equal(m.instanceCount({ member: "no-such-member" }), 0);

  // Groups with their member objects.
  assert.deepEqual(m.group("gpu")?.members.map((x) => x.server_name), ["node03", "node05"]);
  assert.equal(m.group("default")?.members.length, 6);

  // The restricted project and its own profiles; `dev` borrows the default project's.
  const tenant = m.project("tenant-a")!;
  assert.equal(tenant.config["restricted"], "true");
  assert.equal(tenant.config["restricted.cluster.groups"], "storage");
  assert.equal(m.profile("tenant-a", "default")?.devices.root.pool, "remote");
  assert.equal(m.profile("dev", "large")?.project, "default");

  // Pools: local vs remote, and the member where the remote pool is unavailable.
  assert.equal(m.pool("local")?.kind, "local");
  assert.equal(m.pool("remote")?.kind, "remote");
  assert.equal(m.memberPool("node05", "remote")?.status, "Unavailable");
  assert.equal(m.memberPool("node01", "remote")?.status, "Created");

  for (const member of m.members) {
    assert.ok((m.resources(member.server_name)?.cpu.total ?? 0) > 0, `resources of ${member.server_name}`);
    assert.ok((m.memberState(member.server_name)?.sysinfo.total_ram ?? 0) > 0, `state of ${member.server_name}`);
  }
  assert.ok(m.warnings.length >= 2);
});

test("instances without expanded config get it from their profiles, instance keys winning", () => {
  const m = buildModel(loadSnapshot(sampleSnapshotPath()).snapshot!);
  const db = m.instance("default", "db01")!;
  assert.deepEqual(db.profiles, ["default", "large"]);
  assert.equal(db.expanded_config["limits.cpu"], "8"); // from profile `large`
  assert.equal(db.expanded_config["user.role"], "database"); // own key
  assert.equal(db.expanded_devices.root.pool, "remote"); // `large` overrides default's root
  assert.equal(db.expanded_devices.eth0.network, "incusbr0"); // from `default`
  const dev = m.instance("dev", "alice-dev")!;
  assert.equal(dev.expanded_devices.root.pool, "local"); // dev uses the default project's profiles
});

test("a member with only server_name gets the documented defaults", () => {
  const s = load("members:\n  - server_name: a\n");
  assert.deepEqual(
    { status: s.members[0].status, architecture: s.members[0].architecture, roles: s.members[0].roles, groups: s.members[0].groups, config: s.members[0].config },
    { status: "Online", architecture: "x86_64", roles: [], groups: ["default"], config: {} },
  );
});

test("an empty file is a valid cluster: newest server, default project, group and profile", () => {
  const s = load("");
  assert.equal(s.server.environment.server_version, NEWEST_INCUS_VERSION);
  assert.equal(s.server.environment.server_clustered, true);
  assert.deepEqual(s.projects.map((p) => p.name), ["default"]);
  assert.equal(s.projects[0].config["features.profiles"], "true");
  assert.deepEqual(s.groups.map((g) => g.name), ["default"]);
  assert.deepEqual(s.profiles.default.map((p) => p.name), ["default"]);
});

test("group membership written on either side is reflected on both", () => {
  const s = load(
    ["members:", "  - server_name: a", "    groups: [default, gpu]", "  - server_name: b", "groups:", "  - name: gpu", "  - name: fast", "    members: [b]"].join("\n"),
  );
  const m = buildModel(s);
  assert.deepEqual(m.group("gpu")?.members.map((x) => x.server_name), ["a"]);
  assert.deepEqual(m.group("default")?.members.map((x) => x.server_name), ["a", "b"]);
  assert.deepEqual(m.member("b")?.groups, ["default", "fast"]);
});

test("a minimal instance gets status, code, type, project, and its member's architecture", () => {
  const s = load(["members:", "  - server_name: arm1", "    architecture: aarch64", "instances:", "  - name: c1", "    location: arm1"].join("\n"));
  const i = s.instances[0];
  assert.deepEqual(
    { status: i.status, status_code: i.status_code, type: i.type, project: i.project, architecture: i.architecture, profiles: i.profiles },
    { status: "Running", status_code: 103, type: "container", project: "default", architecture: "aarch64", profiles: ["default"] },
  );
  assert.equal(s.instances.length, 1);
});

test("config values written as YAML numbers or booleans are read as the strings Incus stores", () => {
  const s = load(["instances:", "  - name: c1", "    config:", "      limits.cpu: 4", "      security.nesting: true"].join("\n"));
  assert.deepEqual(s.instances[0].config, { "limits.cpu": "4", "security.nesting": "true" });
});

test("fields the schema does not know are kept verbatim", () => {
  const s = load(["members:", "  - server_name: a", "    future_field: {x: 1}", "instances:", "  - name: c1", "    snapshots: null"].join("\n"));
  assert.deepEqual((s.members[0] as Record<string, unknown>).future_field, { x: 1 });
  assert.ok("snapshots" in s.instances[0]);
});

test("a JSON snapshot loads like YAML", () => {
  const s = load(JSON.stringify({ members: [{ server_name: "j1", status: "Offline" }], instances: [{ name: "x", location: "j1" }] }), "c.json");
  const m = buildModel(s);
  assert.equal(m.member("j1")?.status, "Offline");
  assert.equal(m.instanceCount({ member: "j1" }), 1);
});

test("the minimal hand-written example loads with defaults", () => {
  const r = loadSnapshot(path.resolve(__dirname, "../../../examples/minimal.incus-cluster.yaml"));
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  const m = buildModel(r.snapshot!);
  assert.deepEqual(m.group("gpu")?.members.map((x) => x.server_name), ["beta"]);
  assert.equal(m.member("gamma")?.status, "Evacuated");
  assert.equal(m.instanceCount({ member: "alpha" }), 2);
  assert.equal(m.instance("default", "web1")?.config["limits.cpu"], "2");
  assert.equal(m.resources("beta")?.cpu.total, 64);
  assert.equal(m.resources("gamma"), undefined);
});
