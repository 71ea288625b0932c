// Member-specific pool and network keys edited cluster-wide: Incus refuses with `Config key
// "source" is cluster member specific` (seen on 6.0.4); a warning, since a --target edit is fine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clusterCtx, codes, covered, diags, NO_CLUSTER } from "./helpers";

const pool = "### This is a YAML representation of a storage pool.\nname: local\ndriver: dir\nconfig:\n  source: /srv/pool\n  rsync.bwlimit: 10MB\n";

test("a member-specific key in a cluster's pool is warned about", () => {
  const ds = diags("e.yaml", pool, clusterCtx());
  assert.deepEqual(codes(ds), ["yaml-member-specific-key"]);
  assert.equal(ds[0].severity, "warning");
  assert.match(ds[0].message, /^Config key "source" is cluster member specific/);
  assert.equal(covered(pool, ds[0]), "source");
  const net = "### This is a YAML representation of the network.\nname: br\ntype: bridge\nconfig:\n  bridge.external_interfaces: eth1\n";
  assert.deepEqual(codes(diags("e.yaml", net, clusterCtx())), ["yaml-member-specific-key"]);
});

test("without a cluster, or in a preseed, the same keys are fine", () => {
  assert.deepEqual(diags("e.yaml", pool, NO_CLUSTER), []);
  const preseed = "storage_pools:\n- name: local\n  driver: dir\n  config:\n    source: /srv/pool\nprofiles: []\n";
  assert.deepEqual(diags("init.preseed.incus.yaml", preseed, clusterCtx()), []);
});

test("a join preseed's member_config answers only member-specific keys of existing pools", () => {
  const join = (entity: string, name: string, key: string) =>
    `cluster:\n  enabled: true\n  server_name: node4\n  cluster_token: abc\n  member_config:\n  - entity: ${entity}\n    name: ${name}\n    key: ${key}\n    value: ""\n`;
  assert.deepEqual(diags("join.preseed.incus.yaml", join("storage-pool", "local", "source"), clusterCtx()), []);
  assert.deepEqual(diags("join.preseed.incus.yaml", join("network", "br0", "parent"), clusterCtx()), []);
  const ds = diags("join.preseed.incus.yaml", join("storage-pool", "nosuch", "rsync.bwlimit"), clusterCtx());
  assert.deepEqual(ds.map((d) => d.code), ["yaml-member-config", "yaml-member-config"]);
  assert.match(ds[0].message, /"rsync\.bwlimit" is not a member-specific key of a storage pool/);
  assert.match(ds[1].message, /no storage pool "nosuch"/);
  assert.deepEqual(codes(diags("join.preseed.incus.yaml", join("instance", "x", "y"), clusterCtx())), ["yaml-member-config"]);
  // Without a cluster, the pool names cannot be judged.
  assert.deepEqual(diags("join.preseed.incus.yaml", join("storage-pool", "nosuch", "source"), NO_CLUSTER), []);
});
