// Completion of keys and values at the cursor, including lines that do not parse yet.
import { test } from "node:test";
import assert from "node:assert/strict";
import { yamlCompletion } from "../../server/src/language/yaml";
import { clusterCtx, NO_CLUSTER } from "./helpers";

const at = (fileName: string, textWithCursor: string, ctx = clusterCtx()) => {
  const offset = textWithCursor.indexOf("|");
  return yamlCompletion(fileName, textWithCursor.replace("|", ""), offset, ctx);
};
const labels = (items: { label: string }[]) => items.map((i) => i.label);

test("config keys of the entity, minus those already set", () => {
  const items = at("w.instance.incus.yaml", "config:\n  limits.cpu: 2\n  limits.m|\n");
  const l = labels(items);
  assert.ok(l.includes("limits.memory") && l.includes("migration.stateful"));
  assert.ok(!l.includes("limits.cpu"), "already set");
  assert.ok(!l.includes("core.https_address"), "server key");
  assert.ok(!l.some((k) => k.includes("*") || k.includes("<")), "no patterns");
  assert.equal(items.find((i) => i.label === "limits.memory")?.insertText, "limits.memory: ");
  // Server config in a preseed; profile keys without volatile.*
  assert.ok(labels(at("init.preseed.incus.yaml", "config:\n  |\nstorage_pools: []\n")).includes("instances.placement.scriptlet"));
  assert.ok(!labels(at("p.profile.incus.yaml", "config:\n  |\n")).some((k) => k.startsWith("volatile.")));
});

test("values: booleans, enums by version, groups", () => {
  assert.deepEqual(labels(at("w.instance.incus.yaml", "config:\n  migration.stateful: |\n")), ["true", "false"]);
  assert.deepEqual(labels(at("w.instance.incus.yaml", "config:\n  cluster.evacuate: |\n", NO_CLUSTER)), ["auto", "migrate", "live-migrate", "stop", "stateful-stop", "force-stop"]);
  assert.deepEqual(labels(at("n.cluster-member.incus.yaml", "config:\n  scheduler.instance: |\n")), ["all", "group", "manual"]);
  assert.deepEqual(labels(at("p.project.incus.yaml", "config:\n  restricted.cluster.groups: |\n")), ["default", "gpu"]);
});

test("devices: types, keys of the type, pools from file and cluster", () => {
  assert.ok(labels(at("w.instance.incus.yaml", "devices:\n  gpu0:\n    type: |\n")).includes("unix-hotplug"));
  const diskKeys = labels(at("w.instance.incus.yaml", "devices:\n  data:\n    type: disk\n    |\n"));
  assert.ok(diskKeys.includes("pool") && diskKeys.includes("size.state") && !diskKeys.includes("hwaddr") && !diskKeys.includes("type"));
  assert.deepEqual(labels(at("w.instance.incus.yaml", "devices:\n  data:\n    |\n")), ["type"]);
  assert.equal(labels(at("w.instance.incus.yaml", "devices:\n  eth0:\n    type: nic\n    |\n"))[0], "nictype");
  const pools = at("init.preseed.incus.yaml", "storage_pools:\n- name: fast\n  driver: zfs\nprofiles:\n- name: default\n  devices:\n    root:\n      type: disk\n      pool: |\n");
  assert.deepEqual(labels(pools), ["local", "remote", "fast"]);
  assert.match(pools[2].detail ?? "", /zfs pool \(this file\)/);
});

test("top-level fields and preseed list items", () => {
  assert.ok(labels(at("w.instance.incus.yaml", "config: {}\n|\n")).includes("devices"));
  assert.ok(!labels(at("w.instance.incus.yaml", "config: {}\n|\n")).includes("config"));
  assert.deepEqual(labels(at("init.preseed.incus.yaml", "storage_pools:\n- name: a\n  driver: |\n")), ["dir", "btrfs", "lvm", "zfs", "ceph", "cephfs", "cephobject", "linstor", "truenas", "lvmcluster"]);
  assert.ok(labels(at("init.preseed.incus.yaml", "storage_pools:\n- name: a\n  driver: zfs\n  config:\n    zfs.|\n")).includes("zfs.pool_name"));
  assert.ok(labels(at("init.preseed.incus.yaml", "projects:\n- name: a\n  config:\n    features.|\n")).includes("features.profiles"));
});

test("completion never throws on broken text", () => {
  for (const t of ["", "|", "config:\n  - [\n|", "devices: 3\n  x:\n|", "\t|\t"]) {
    assert.doesNotThrow(() => at("w.instance.incus.yaml", t));
  }
});

test("completion in an edit buffer under its header comment", () => {
  const l = labels(at("/tmp/incus_edit.yaml", "### This is a YAML representation of the project.\n### Any line starting with a '# will be ignored.\nconfig:\n  restricted.c|\nname: p\n"));
  assert.ok(l.includes("restricted.cluster.groups") && l.includes("features.profiles"), l.slice(0, 5).join(","));
});

test("a new preseed item, an empty file", () => {
  assert.deepEqual(labels(at("init.preseed.incus.yaml", "storage_pools:\n- name: a\n  driver: dir\n- |\n")), ["name", "driver", "description", "config"]);
  assert.deepEqual(labels(at("init.preseed.incus.yaml", "|")), ["config", "networks", "storage_pools", "storage_volumes", "profiles", "projects", "cluster"]);
  assert.ok(labels(at("w.instance.incus.yaml", "|")).includes("devices"));
  // Items are found by their index in the list, even after a non-map item.
  const t = "storage_pools:\n- oops\n- name: b\n  driver: zfs\n  config:\n    zfs.|\n";
  assert.ok(labels(at("init.preseed.incus.yaml", t)).includes("zfs.pool_name"));
});
