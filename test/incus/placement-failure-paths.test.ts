// The failure paths a snapshot alone decides (issue G2/G3): a storage pool Unavailable on the
// chosen member (the real cluster cannot be put in that state without breaking it, so these
// run on hand-made snapshots whose per-member pool status is Unavailable). Incus's words come
// from internal/server/storage/backend.go (isStatusReady, v6.0.4 line 152, same text at
// v7.3.0): "Storage pool is unavailable on this server", wrapped by cmd/incusd/instance.go
// (instanceCreateAsEmpty: "Failed creating instance: %w"; instanceCreateFromImage: "Failed
// creating instance from image: %w"). Also: restore of a cluster whose instances came from an
// evacuation, the member state before/after.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ApiInstance, ApiMember, PlacementCluster } from "../../server/src/incus/placement/cluster";
import { simulateCommand } from "../../server/src/incus/placement/simulate";

function cluster(opts: { unavailable?: [string, string][]; instances?: ApiInstance[]; status?: Record<string, string> } = {}): PlacementCluster {
  const members: ApiMember[] = ["node1", "node2", "node3"].map((name, i) => ({
    server_name: name, status: opts.status?.[name] ?? "Online", architecture: "x86_64", groups: ["default"], config: {}, roles: [],
    url: `https://127.0.0.${i + 1}:8443`,
  }));
  const unavailable = new Set((opts.unavailable ?? []).map(([m, p]) => `${m}/${p}`));
  return {
    serverVersion: "6.0.4",
    serverConfig: {},
    members,
    groups: [{ name: "default" }],
    projects: [{ name: "default", config: {} }],
    profiles: () => [{ name: "default", config: {}, devices: { root: { type: "disk", path: "/", pool: "linstor1" } } }],
    instances: opts.instances ?? [],
    resources: () => undefined,
    memberState: () => undefined,
    poolDriver: () => "linstor",
    memberPoolStatus: (m, p) => (unavailable.has(`${m}/${p}`) ? "Unavailable" : "Created"),
  };
}

const SET3 = 'def instance_placement(request, candidate_members):\n    set_target("node3")\n';
const NOOP = "def instance_placement(request, candidate_members):\n    pass\n";
const inst = (name: string, location: string, config: Record<string, string> = {}): ApiInstance => ({
  name, location, project: "default", type: "container", architecture: "x86_64", profiles: ["default"], config, devices: {},
  expanded_config: config, expanded_devices: { root: { type: "disk", path: "/", pool: "linstor1" } }, status: "Stopped",
});

test("create onto a member whose pool is Unavailable fails with the storage layer's words", async () => {
  const c = cluster({ unavailable: [["node3", "linstor1"]] });
  const [p] = (await simulateCommand(c, SET3, ["create", "--empty", "c1"])).placements;
  assert.equal(p.error, "Failed creating instance: Storage pool is unavailable on this server");
  assert.equal(p.target, null);
  const [img] = (await simulateCommand(c, SET3, ["create", "images:debian/12", "c2"])).placements;
  assert.equal(img.error, "Failed creating instance from image: Storage pool is unavailable on this server");
  const [ok] = (await simulateCommand(cluster(), SET3, ["create", "--empty", "c3"])).placements;
  assert.equal(ok.error, null);
  assert.equal(ok.target, "node3");
});

test("move and evacuation onto an Unavailable pool fail; the evacuation stops and the member goes back online", async () => {
  const c = cluster({ unavailable: [["node3", "linstor1"]], instances: [inst("m1", "node1"), inst("m2", "node1")] });
  const [mv] = (await simulateCommand(c, NOOP, ["move", "m1", "--target", "node3"])).placements;
  assert.equal(mv.error, "Storage pool is unavailable on this server");
  assert.ok(mv.notes.some((n) => /migration/.test(n)));
  const evac = await simulateCommand(c, SET3, ["cluster", "evacuate", "node1", "--force"]);
  assert.equal(evac.placements.length, 1);
  assert.equal(evac.placements[0].incusMessage, 'Failed to evacuate instances: Failed to migrate instance "m1" in project "default": Storage pool is unavailable on this server');
  assert.deepEqual(evac.member, { name: "node1", before: "Online", after: "Online" });
});

test("restore: only instances whose volatile.evacuate.origin names the member come back", async () => {
  const c = cluster({
    status: { node1: "Evacuated" },
    instances: [inst("r1", "node2", { "volatile.evacuate.origin": "node1" }), inst("r2", "node3"), inst("r3", "node1", { "volatile.last_state.power": "RUNNING" })],
  });
  const ok = await simulateCommand(c, NOOP, ["cluster", "restore", "node1", "--force"]);
  assert.deepEqual(ok.placements.map((p) => [p.instance, p.reason, p.candidates.join(","), p.target]), [
    ["r1", "relocation", "node1", "node1"],
    ["r3", "relocation", "", "node1"],
  ]);
  assert.deepEqual(ok.member, { name: "node1", before: "Evacuated", after: "Online" });
  const bad = await simulateCommand(c, SET3, ["cluster", "restore", "node1"]);
  assert.equal(bad.placements[0].incusMessage, "Failed to restore instances: Migration API failure: Failed instance placement scriptlet: Failed to run: Invalid member name: node3");
  assert.equal(bad.member?.after, "Evacuated");
  const unavailable = await simulateCommand(cluster({ status: { node1: "Evacuated" }, unavailable: [["node1", "linstor1"]], instances: [inst("r1", "node2", { "volatile.evacuate.origin": "node1" })] }), NOOP, ["cluster", "restore", "node1"]);
  assert.equal(unavailable.placements[0].incusMessage, "Failed to restore instances: Migration API failure: Storage pool is unavailable on this server");
  assert.equal(unavailable.member?.after, "Evacuated");
});

test("refused commands become refused placements, not crashes", async () => {
  const r = await simulateCommand(cluster(), NOOP, ["create", "--empty", "x", "--bogus"]);
  assert.equal(r.placements[0].error, "unknown flag: --bogus");
  const e = await simulateCommand(cluster(), NOOP, ["cluster", "evacuate", "node2", "--action", "bogus"]);
  assert.equal(e.placements[0].error, 'Failed to update cluster member state: Invalid value "bogus" (not one of [auto migrate live-migrate stop stateful-stop force-stop])');
});

test("get_instances(): project id, then name, when the snapshot knows project ids; else a note", async () => {
  const base = cluster({ instances: [inst("b", "node1"), { ...inst("a", "node2"), project: "zz" }, inst("a", "node1"), { ...inst("c", "node2"), project: "aa" }] });
  const script = 'def instance_placement(request, candidate_members):\n    log_info([i.project + "/" + i.name for i in get_instances()])\n';
  const withIds: PlacementCluster = { ...base, projects: [{ name: "default", id: 1, config: {} }, { name: "zz", id: 2, config: {} }, { name: "aa", id: 3, config: {} }] };
  const [p] = (await simulateCommand(withIds, script, ["create", "--empty", "x"])).placements;
  assert.equal(p.logs[0].message, 'Instance placement scriptlet: ["default/a", "default/b", "zz/a", "aa/c"]');
  const noIds: PlacementCluster = { ...base, projects: [{ name: "default", config: {} }, { name: "zz", config: {} }, { name: "aa", config: {} }] };
  const [q] = (await simulateCommand(noIds, script, ["create", "--empty", "x"])).placements;
  assert.ok(q.notes.some((n) => /project id/.test(n)));
});

test("move --target a member that cannot run the instance's architecture", async () => {
  const c = cluster({ instances: [{ ...inst("arm1", "node1"), architecture: "aarch64" }] });
  const [p] = (await simulateCommand(c, NOOP, ["move", "arm1", "--target", "node2"])).placements;
  assert.equal(p.error, "Requested architecture isn't supported by this host");
  assert.equal(p.target, null);
});
