// migration.stateful=true on a VM: additional disks only from shared pools (Incus: "Only
// additional disks coming from a shared storage pool are supported with migration.stateful=true"),
// pool drivers from the same preseed or the active cluster, else "unknown".
import { test } from "node:test";
import assert from "node:assert/strict";
import { clusterCtx, codes, covered, diags, NO_CLUSTER } from "./helpers";

const vm = (devices: string, type = "type: virtual-machine\n") =>
  `config:\n  migration.stateful: "true"\ndevices:\n  root:\n    type: disk\n    path: /\n    pool: local\n${devices}${type}`;

test("a VM's additional disk on a local pool is refused", () => {
  const text = vm("  data:\n    type: disk\n    pool: local\n    source: vol1\n");
  const ds = diags("v.instance.incus.yaml", text, clusterCtx());
  assert.deepEqual(codes(ds), ["yaml-stateful-disk"]);
  assert.equal(ds[0].severity, "error");
  assert.match(ds[0].message, /Only additional disks coming from a shared storage pool are supported with migration\.stateful=true \(pool "local" uses the local driver dir\)/);
  assert.equal(covered(text, ds[0]), "local");
});

test("a shared pool, the root disk, a container or stateful=false stay clean", () => {
  assert.deepEqual(diags("v.instance.incus.yaml", vm("  data:\n    type: disk\n    pool: remote\n    source: vol1\n"), clusterCtx()), []);
  assert.deepEqual(diags("v.instance.incus.yaml", vm(""), clusterCtx()), []);
  assert.deepEqual(diags("c.instance.incus.yaml", vm("  data:\n    type: disk\n    pool: local\n    source: vol1\n", "type: container\n"), clusterCtx()), []);
  const off = vm("  data:\n    type: disk\n    pool: local\n    source: vol1\n").replace('"true"', '"false"');
  assert.deepEqual(diags("v.instance.incus.yaml", off, clusterCtx()), []);
});

test("Incus's other stateful disk checks come first, in its order", () => {
  const fs = diags("v.instance.incus.yaml", vm("  data:\n    type: disk\n    pool: local\n    source: vol1\n    path: /mnt\n"), clusterCtx());
  assert.match(fs[0].message, /Shared filesystem are incompatible with migration\.stateful=true/);
  const host = diags("v.instance.incus.yaml", vm("  data:\n    type: disk\n    source: /dev/sdb\n"), clusterCtx());
  assert.match(host[0].message, /Only Incus-managed disks are allowed with migration\.stateful=true/);
  assert.deepEqual(diags("v.instance.incus.yaml", vm("  ci:\n    type: disk\n    source: cloud-init:config\n"), clusterCtx()), []);
});

test("a profile gets a warning, an instance of unknown type information (Incus checks only VMs)", () => {
  const p = diags("p.profile.incus.yaml", vm("  data:\n    type: disk\n    pool: local\n    source: vol1\n", ""), clusterCtx());
  assert.deepEqual(p.map((d) => [d.code, d.severity]), [["yaml-stateful-disk", "warning"]]);
  assert.match(p[0].message, /accepts the profile, then refuses/);
  const i = diags("x.instance.incus.yaml", vm("  data:\n    type: disk\n    pool: local\n    source: vol1\n", ""), clusterCtx());
  assert.deepEqual(i.map((d) => d.severity), ["information"]);
  // Incus's volatile keys tell an edit buffer's type: idmaps are container-only.
  const c = vm("  data:\n    type: disk\n    pool: local\n    source: vol1\n", "").replace("config:\n", "config:\n  volatile.idmap.base: \"0\"\n");
  assert.deepEqual(diags("x.instance.incus.yaml", c, clusterCtx()), []);
});

test("pool drivers come from the same preseed first", () => {
  const preseed = `storage_pools:
- name: fast
  driver: zfs
- name: shared
  driver: ceph
profiles:
- name: vms
  config:
    migration.stateful: "true"
  devices:
    data:
      type: disk
      pool: fast
      source: v
    more:
      type: disk
      pool: shared
      source: w
`;
  const ds = diags("init.preseed.incus.yaml", preseed, NO_CLUSTER).filter((d) => d.code.startsWith("yaml-stateful"));
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /pool "fast" uses the local driver zfs, defined in this file/);
});

test("an unknown pool is said to be unknown, not guessed", () => {
  const ds = diags("v.instance.incus.yaml", vm("  data:\n    type: disk\n    pool: elsewhere\n    source: v\n"), NO_CLUSTER);
  assert.deepEqual(ds.map((d) => [d.code, d.severity]), [["yaml-stateful-pool-unknown", "information"]]);
  assert.match(ds[0].message, /Storage pool "elsewhere" is unknown \(no active cluster\)/);
});

// The rule differs by release (internal/server/device/disk.go, validateConfig, at each tag):
// v6.0.0–v6.0.4 refuse any disk with a path other than / ("Shared filesystem are incompatible
// with migration.stateful=true"); v6.0.5+ and 7.x dropped that check and refuse io.bus=virtiofs
// instead ("Virtiofs mounts aren't supported ..."); 7.x also exempts `dependent=true` disks from
// the shared-pool check (`util.IsFalseOrEmpty(d.config["dependent"])`).
const mounted = vm("  data:\n    type: disk\n    pool: remote\n    source: vol1\n    path: /mnt\n");

test("variant up to 6.0.4: a mounted filesystem disk is refused as a shared filesystem", () => {
  for (const v of ["6.0.0", "6.0.4"]) {
    const ds = diags("v.instance.incus.yaml", mounted, clusterCtx(v));
    assert.equal(ds.length, 1, v);
    assert.match(ds[0].message, /Shared filesystem are incompatible with migration\.stateful=true/);
  }
});

test("variant 6.0.5 and 7.x: a mounted disk on a shared pool is accepted; virtiofs is refused", () => {
  for (const v of ["6.0.5", "7.0.0", "7.3.0"]) {
    assert.deepEqual(diags("v.instance.incus.yaml", mounted, clusterCtx(v)), [], v);
    const viofs = diags("v.instance.incus.yaml", mounted.replace("path: /mnt\n", "path: /mnt\n    io.bus: virtiofs\n"), clusterCtx(v));
    assert.equal(viofs.length, 1, v);
    assert.match(viofs[0].message, /Virtiofs mounts aren't supported with migration\.stateful=true/);
  }
  // Up to 6.0.4 io.bus=virtiofs is not what Incus complains about: the path is.
  const old = diags("v.instance.incus.yaml", mounted.replace("path: /mnt\n", "path: /mnt\n    io.bus: virtiofs\n"), clusterCtx("6.0.4"));
  assert.match(old[0].message, /Shared filesystem/);
});

test("variant 7.x: a dependent disk on a local pool is exempt from the shared-pool check; 6.0.x is not", () => {
  const dependent = vm("  data:\n    type: disk\n    pool: local\n    source: vol1\n    dependent: \"true\"\n");
  assert.deepEqual(diags("v.instance.incus.yaml", dependent, clusterCtx("7.3.0")).filter((d) => d.code === "yaml-stateful-disk"), []);
  for (const v of ["6.0.4", "6.0.6"]) {
    const ds = diags("v.instance.incus.yaml", dependent, clusterCtx(v)).filter((d) => d.code === "yaml-stateful-disk");
    assert.equal(ds.length, 1, v);
    assert.match(ds[0].message, /Only additional disks coming from a shared storage pool/);
  }
});
