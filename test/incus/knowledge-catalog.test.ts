// The config key catalog: facts per entity and version, and pattern lookups.
import { test } from "node:test";
import assert from "node:assert/strict";
import { catalog, deviceEntity } from "../../server/src/incus/knowledge/config-catalog";

test("cluster.evacuate: allowed values as each version's validator accepts them", () => {
  const main = catalog.lookup("instance", "cluster.evacuate", "main")!;
  assert.deepEqual(main.entry.allowed, ["auto", "migrate", "live-migrate", "refresh-migrate", "stop", "stateful-stop", "force-stop"]);
  // 7.3.0's validator does not accept refresh-migrate yet (it came later on main).
  const v73 = catalog.lookup("instance", "cluster.evacuate", "7.3.0")!;
  assert.ok(!v73.entry.allowed!.includes("refresh-migrate"));
  assert.ok(v73.entry.allowed!.includes("live-migrate"));
  assert.equal(v73.listed, true);
  assert.match(v73.entry.docs, /^https:\/\/linuxcontainers\.org\/incus\/docs\/main\/reference\/instance_options\/$/);
  assert.ok(v73.entry.summary);
});

test("scheduler.instance is a cluster member key with all/group/manual", () => {
  const m = catalog.lookup("cluster-member", "scheduler.instance", "6.0.4")!;
  assert.deepEqual([...m.entry.allowed!].sort(), ["all", "group", "manual"]);
  assert.equal(m.entry.default, "all");
  assert.equal(catalog.lookup("member", "scheduler.instance")?.entity, "cluster-member");
});

test("server scriptlet keys are global; migration.stateful is an instance bool defaulting to false", () => {
  const p = catalog.lookup("server", "instances.placement.scriptlet")!;
  assert.equal(p.entry.scope, "global");
  assert.ok(p.entry.summary);
  const ms = catalog.lookup("instance", "migration.stateful", "6.0.4")!;
  assert.equal(ms.entry.type, "bool");
  assert.equal(ms.entry.default, "false");
  assert.equal(ms.entry.liveUpdate, false);
});

test("patterns: user.*, volatile.<name>.hwaddr, limits.disk.pool.POOL_NAME", () => {
  const u = catalog.lookup("instance", "user.foo.bar")!;
  assert.equal(u.entry.key, "user.*");
  assert.equal(u.pattern, true);
  const hw = catalog.lookup("instance", "volatile.eth0.hwaddr")!;
  assert.equal(hw.entry.key, "volatile.<name>.hwaddr");
  assert.deepEqual(hw.placeholders, { name: "eth0" });
  // the more specific pattern wins
  assert.equal(catalog.lookup("instance", "volatile.eth0.last_state.hwaddr")!.entry.key, "volatile.<name>.last_state.hwaddr");
  assert.equal(catalog.lookup("project", "limits.disk.pool.fast")!.entry.key, "limits.disk.pool.POOL_NAME");
  assert.equal(catalog.lookup("instance", "limits.kernel.nofile")!.pattern, false);
  assert.equal(catalog.lookup("instance", "no.such.key"), undefined);
});

test("profiles take instance keys but not volatile.* or image.*", () => {
  assert.equal(catalog.lookup("profile", "limits.cpu")?.entity, "instance");
  assert.equal(catalog.lookup("profile", "volatile.eth0.hwaddr"), undefined);
  assert.ok(!catalog.keys("profile").some((k) => k.key.startsWith("volatile.")));
});

test("version awareness: keys new in 7.x are not listed for 6.0; uncovered entities are unknown", () => {
  const sel = catalog.lookup("instance", "security.selinux.label_rootfs", "6.0.4")!;
  assert.equal(sel.listed, false);
  assert.equal(catalog.lookup("instance", "security.selinux.label_rootfs", "7.3.0")!.listed, true);
  // 6.0.4's metadata has no NIC devices at all
  const nic = catalog.lookup("device:nic:bridged", "parent", "6.0.4")!;
  assert.equal(nic.listed, "unknown");
  assert.ok(!catalog.keys("instance", "6.0.4").some((k) => k.key === "security.selinux.label_rootfs"));
});

test("device entities and families", () => {
  assert.equal(deviceEntity({ type: "nic", nictype: "macvlan" }), "device:nic:macvlan");
  assert.equal(deviceEntity({ type: "unix-char" }), "device:unix-char");
  assert.deepEqual(catalog.allowedValues("device:nic:macvlan", "mode"), ["bridge", "vepa", "passthru", "private"]);
  // ipvlan replaces the shared NIC validator for mode
  assert.deepEqual(catalog.allowedValues("device:nic:ipvlan", "mode"), ["l2", "l3s"]);
  assert.equal(catalog.lookup("device:nic", "mode")?.entity.startsWith("device:nic:"), true);
  assert.ok(catalog.lookup("storage-pool:zfs", "zfs.pool_name"));
});

test("project restrictions and features", () => {
  assert.deepEqual(catalog.allowedValues("project", "restricted.devices.disk"), ["block", "allow", "managed"]);
  assert.equal(catalog.lookup("project", "features.profiles")!.entry.type, "bool");
  assert.ok(catalog.lookup("project", "restricted.cluster.groups"));
});

test("no Incus prose in the catalog: only facts, links and our summaries", () => {
  const all = catalog.entities().flatMap((e) => catalog.keys(e, "main"));
  assert.ok(all.length > 900);
  for (const k of all) {
    const rec = k as unknown as Record<string, unknown>;
    assert.equal(rec.shortdesc, undefined);
    assert.equal(rec.longdesc, undefined);
    assert.equal(rec.defaultdesc, undefined);
  }
});
