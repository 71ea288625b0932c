// Devices: a known type, keys of that device kind, NIC/GPU subtypes, disk pools that exist.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clusterCtx, codes, covered, diags, NO_CLUSTER } from "./helpers";

const withDevices = (devices: string) => `config: {}\ndevices:\n${devices}`;

test("a device needs a known type", () => {
  const text = withDevices("  g:\n    type: gpux\n");
  const [d] = diags("w.instance.incus.yaml", text, NO_CLUSTER);
  assert.equal(d.code, "yaml-device-type");
  assert.match(d.message, /Unsupported device type "gpux": did you mean "gpu"\?/);
  assert.equal(covered(text, d), "gpux");
  assert.match(diags("w.instance.incus.yaml", withDevices("  g:\n    path: /x\n"), NO_CLUSTER)[0].message, /Missing device type for device "g"/);
  assert.deepEqual(codes(diags("w.instance.incus.yaml", withDevices("  eth0:\n    type: nic\n    nictype: bogus\n"), NO_CLUSTER)), ["yaml-device-type"]);
});

test("device keys are checked against the device kind", () => {
  const text = withDevices("  data:\n    type: disk\n    path: /mnt\n    source: /srv\n    foo: bar\n");
  const ds = diags("w.instance.incus.yaml", text, NO_CLUSTER);
  assert.deepEqual(codes(ds), ["yaml-unknown-key"]);
  assert.match(ds[0].message, /^Invalid device option "foo"/);
  assert.equal(covered(text, ds[0]), "foo");
  // A bridged NIC key on a disk is wrong, on a bridged NIC right.
  assert.deepEqual(codes(diags("w.instance.incus.yaml", withDevices("  d:\n    type: disk\n    path: /x\n    source: /y\n    hwaddr: 00:16:3e:00:00:01\n"), NO_CLUSTER)), ["yaml-unknown-key"]);
  assert.deepEqual(diags("w.instance.incus.yaml", withDevices("  eth0:\n    type: nic\n    nictype: bridged\n    parent: br0\n    hwaddr: 00:16:3e:00:00:01\n"), NO_CLUSTER), []);
  // `network:` without nictype: any NIC kind's keys are accepted.
  assert.deepEqual(diags("w.instance.incus.yaml", withDevices("  eth0:\n    type: nic\n    network: incusbr0\n    name: eth0\n"), NO_CLUSTER), []);
  // Device values are checked too.
  assert.deepEqual(codes(diags("w.instance.incus.yaml", withDevices("  root:\n    type: disk\n    path: /\n    pool: local\n    size: 10XB\n"))), ["yaml-value"]);
  // `none` hides a profile device and takes no keys.
  assert.deepEqual(diags("w.instance.incus.yaml", withDevices("  eth0:\n    type: none\n"), NO_CLUSTER), []);
});

test("a disk on a pool neither the file nor the cluster has is flagged, only when we can know", () => {
  const text = withDevices("  root:\n    type: disk\n    path: /\n    pool: nosuch\n");
  const ds = diags("w.instance.incus.yaml", text, clusterCtx());
  assert.deepEqual(codes(ds), ["yaml-unknown-pool"]);
  assert.match(ds[0].message, /Storage pool "nosuch" is not defined in the active cluster \(pools: local, remote\)/);
  assert.deepEqual(diags("w.instance.incus.yaml", text, NO_CLUSTER), []);
  assert.deepEqual(diags("w.instance.incus.yaml", text.replace("nosuch", "remote"), clusterCtx()), []);
});

test("a device that is not a map", () => {
  assert.deepEqual(codes(diags("w.instance.incus.yaml", withDevices("  eth0: nic\n"), NO_CLUSTER)), ["yaml-device-shape"]);
});
