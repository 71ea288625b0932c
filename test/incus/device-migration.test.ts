// The one port of Incus's device CanMigrate() (device-migration.ts), on the cases where the
// simulator's and the YAML analysis' former copies disagreed, checked against Incus's source:
// tpm.go CanMigrate() true (v6.0.4:27, v7.3.0:29); nic_bridged.go `d.network != nil`
// (v6.0.4:62); disk.go remote pool / special sources (v6.0.4:99, v7.3.0:119 + IsSpecialDisk);
// a disk on a pool that does not exist fails to load → canMigrate returns "stop"
// (driver_common.go v6.0.4:1008); nic_physical.go CanMigrate with network= and tmpfs special
// disks (from v6.0.6 and v7.0.0; absent at v6.0.5).
import { test } from "node:test";
import assert from "node:assert/strict";
import { deviceMigration, type PoolDrivers } from "../../server/src/incus/placement/device-migration";
import { blocksMigration } from "../../server/src/language/yaml/evacuation";
import type { DeviceInfo } from "../../server/src/language/yaml/devices";

const cluster: PoolDrivers = { driver: (p: string) => ({ local: "zfs", shared: "ceph", odd: "newdriver" } as Record<string, string | undefined>)[p], complete: true };
const noCluster: PoolDrivers = { driver: () => undefined, complete: false };

test("device migration follows Incus's device CanMigrate()", () => {
  const m = (d: Record<string, string>, v = "6.0.4", pools: PoolDrivers = cluster) => deviceMigration(d, pools, v);
  assert.equal(m({ type: "tpm" }).migrates, true);
  assert.equal(m({ type: "none" }).migrates, true);
  assert.equal(m({ type: "proxy", listen: "tcp:0.0.0.0:80", connect: "tcp:127.0.0.1:80" }).migrates, false);
  assert.equal(m({ type: "nic", nictype: "bridged", parent: "br0" }).migrates, false);
  assert.equal(m({ type: "nic", nictype: "bridged", network: "incusbr0" }).migrates, true);
  assert.equal(m({ type: "nic", network: "incusbr0" }).migrates, true);
  assert.equal(m({ type: "nic", nictype: "physical", network: "phys" }, "6.0.4").migrates, false);
  assert.equal(m({ type: "nic", nictype: "physical", network: "phys" }, "7.3.0").migrates, true);
  assert.equal(m({ type: "disk", path: "/data", pool: "local", source: "v" }).migrates, false);
  assert.equal(m({ type: "disk", path: "/data", pool: "shared", source: "v" }).migrates, true);
  assert.equal(m({ type: "disk", path: "/tmp", source: "tmpfs:" }, "6.0.4").migrates, false);
  assert.equal(m({ type: "disk", path: "/tmp", source: "tmpfs:" }, "7.3.0").migrates, true);
  assert.equal(m({ type: "disk", path: "/tmp", source: "tmpfs:" }, "6.0.6").migrates, true);
  assert.equal(m({ type: "nic", nictype: "physical", network: "phys" }, "6.0.5").migrates, false);
  // a pool the cluster does not have: the device fails to load, Incus stops the instance
  assert.deepEqual(m({ type: "disk", path: "/d", pool: "gone", source: "v" }).migrates, false);
  assert.equal(m({ type: "disk", path: "/d", pool: "gone", source: "v" }).certain, true);
  // without a cluster, or with a driver we do not know: not certain
  assert.equal(m({ type: "disk", path: "/d", pool: "gone", source: "v" }, "6.0.4", noCluster).certain, false);
  assert.equal(m({ type: "disk", path: "/d", pool: "odd", source: "v" }).certain, false);
});

test("the YAML analysis reports exactly the certain verdicts of the same port", () => {
  const dev = (config: Record<string, string>): DeviceInfo => ({ name: "d", map: undefined as never, config });
  const pools = new Map([["local", { driver: "zfs", from: "cluster" as const }]]);
  assert.equal(blocksMigration(dev({ type: "tpm" }), pools), undefined);
  assert.match(blocksMigration(dev({ type: "nic", nictype: "bridged", parent: "br0" }), pools) ?? "", /bridged NIC without a managed network/);
  assert.match(blocksMigration(dev({ type: "disk", path: "/d", pool: "nosuch", source: "v" }), pools) ?? "", /does not exist/);
  assert.equal(blocksMigration(dev({ type: "disk", path: "/d", pool: "nosuch", source: "v" }), new Map()), undefined);
});
