// cluster.evacuate=auto explained when a device forces `stop` (Incus 6.0.4 canMigrate: any
// device whose CanMigrate() is false), and quiet when the instance can move.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clusterCtx, codes, covered, diags } from "./helpers";

const inst = (devices: string, evacuate = "auto") => `config:\n  cluster.evacuate: ${evacuate}\ndevices:\n${devices}`;

test("a GPU, a USB device, a physical NIC or a local disk make auto mean stop", () => {
  for (const dev of [
    "  g:\n    type: gpu\n",
    "  u:\n    type: usb\n",
    "  n:\n    type: nic\n    nictype: physical\n    parent: eth1\n",
    "  d:\n    type: disk\n    pool: local\n    source: v\n    path: /data\n",
    "  h:\n    type: disk\n    source: /srv\n    path: /srv\n",
  ]) {
    const text = inst(dev);
    const ds = diags("w.instance.incus.yaml", text, clusterCtx());
    assert.deepEqual(codes(ds), ["yaml-evacuate-auto-stops"], dev);
    assert.equal(ds[0].severity, "information");
    assert.equal(covered(text, ds[0]), "auto");
    assert.match(ds[0].message, /stops this instance instead of moving it/);
  }
});

test("movable devices, or an explicit mode, stay quiet", () => {
  const movable = "  root:\n    type: disk\n    path: /\n    pool: local\n  eth0:\n    type: nic\n    network: incusbr0\n  data:\n    type: disk\n    pool: remote\n    source: v\n    path: /data\n";
  assert.deepEqual(diags("w.instance.incus.yaml", inst(movable), clusterCtx()), []);
  assert.deepEqual(diags("w.instance.incus.yaml", inst("  g:\n    type: gpu\n", "stop"), clusterCtx()), []);
  assert.deepEqual(diags("w.instance.incus.yaml", inst("  g:\n    type: gpu\n", "migrate"), clusterCtx()), []);
});
