// The indexed model at the scale the benchmark uses (1,000 members, 100,000 instances):
// answers must equal a plain scan. (No timing assertions; the benchmark measures speed.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildModel, clusterSnapshotSchema, normalizeSnapshot, poolKind } from "../../server/src/incus/snapshot";

function bigSnapshot(members: number, instances: number) {
  const doc = {
    members: Array.from({ length: members }, (_, i) => ({ server_name: `m${i}`, groups: i % 10 === 0 ? ["default", "gpu"] : ["default"] })),
    groups: [{ name: "gpu" }],
    projects: [{ name: "p1", config: { "features.profiles": "false" } }],
    // Skewed placement (i*i) so members differ in counts.
    instances: Array.from({ length: instances }, (_, i) => ({ name: `i${i}`, location: `m${(i * i) % members}`, project: i % 3 === 0 ? "p1" : "default" })),
  };
  return normalizeSnapshot(clusterSnapshotSchema.parse(doc));
}

test("the model's counts and groups match a scan at 1,000 members and 100,000 instances", () => {
  const s = bigSnapshot(1000, 100_000);
  const m = buildModel(s);
  const perMember = new Map<string, number>();
  const perMemberP1 = new Map<string, number>();
  for (const i of s.instances) {
    perMember.set(i.location, (perMember.get(i.location) ?? 0) + 1);
    if (i.project === "p1") perMemberP1.set(i.location, (perMemberP1.get(i.location) ?? 0) + 1);
  }
  for (const name of ["m0", "m1", "m7", "m999", "m500"]) {
    assert.equal(m.instanceCount({ member: name }), perMember.get(name) ?? 0, name);
    assert.equal(m.instanceCount({ member: name, project: "p1" }), perMemberP1.get(name) ?? 0, name);
  }
  assert.equal(m.instanceCount({ project: "p1" }), Math.ceil(100_000 / 3));
  assert.equal(m.group("gpu")?.members.length, 100);
  assert.equal(m.instance("p1", "i99999")?.location, `m${(99999 * 99999) % 1000}`);
  assert.equal(m.profile("p1", "default")?.project, "default");
});

test("pool drivers are classified local or remote", () => {
  assert.deepEqual(["dir", "btrfs", "lvm", "zfs"].map(poolKind), ["local", "local", "local", "local"]);
  assert.deepEqual(["ceph", "cephfs", "cephobject", "linstor", "truenas", "lvmcluster"].map(poolKind), Array(6).fill("remote"));
  assert.equal(poolKind("something-new"), "unknown");
});
