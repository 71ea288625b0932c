// The cluster sidebar's nodes, built from the sample cluster without VS Code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { childrenOf } from "../../server/src/lsp/cluster/tree/children";
import type { ClusterNode } from "../../server/src/lsp/cluster/tree/node";
import { connectionNode } from "../../server/src/lsp/cluster/tree/nodes/connection-node";
import { unavailablePools } from "../../server/src/lsp/cluster/tree/nodes/pool-node";
import { bar } from "../../server/src/lsp/cluster/tree/nodes/member-node";
import { sample } from "../client/sample";

function root(live = false): ClusterNode {
  const { model } = sample();
  const info = live
    ? { key: "remote:prod", kind: "remote" as const, label: "prod", setting: "remote:prod", live: true, active: true }
    : { key: "sample", kind: "sample" as const, label: "Sample cluster", setting: "sample", live: false, active: true };
  return connectionNode(info, { key: info.key, label: info.label, state: "ready", version: model.serverVersion, members: model.members.length, instances: model.instances.length, source: "s", loadedAt: new Date(0).toISOString(), generation: 1 });
}

function child(node: ClusterNode, label: string): ClusterNode {
  const { model } = sample();
  const found = childrenOf(node, model).find((n) => n.label === label);
  assert.ok(found, `no child "${label}" under ${node.label}: ${childrenOf(node, model).map((n) => n.label).join(", ")}`);
  return found;
}

test("a loaded connection shows its version, member count and is expanded when active", () => {
  const n = root();
  assert.equal(n.label, "Sample cluster");
  assert.match(n.description ?? "", /active · Incus 7\.3 · 6 members/);
  assert.equal(n.collapsible, "expanded");
  assert.equal(n.contextValue, "connection:snapshot:active:ok");
  assert.equal(root(true).contextValue, "connection:live:active:ok");
});

test("categories list counts and flag trouble", () => {
  const cats = childrenOf(root(), sample().model);
  assert.deepEqual(cats.map((c) => c.label), ["Members", "Cluster groups", "Projects", "Instances by member", "Instances by project", "Storage pools", "Warnings"]);
  const members = cats[0];
  assert.match(members.description ?? "", /^6 · 1 not online$/);
  const pools = cats[5];
  assert.equal(pools.icon?.color, "list.errorForeground", "an unavailable pool must stand out on the category");
  assert.match(pools.description ?? "", /1 unavailable/);
});

test("members show status, roles, groups, architecture and failure domain, coloured by status", () => {
  const members = childrenOf(child(root(), "Members"), sample().model);
  assert.equal(members.length, 6);
  const n1 = members.find((m) => m.label === "node01")!;
  assert.match(n1.description ?? "", /Online · x86_64 · rack1 · \d+ instances/);
  assert.deepEqual(n1.icon, { id: "server", color: "testing.iconPassed" });
  assert.match(n1.tooltip ?? "", /Roles \| database-leader, database/);
  assert.match(n1.tooltip ?? "", /Groups \| default, storage/);
  assert.match(n1.tooltip ?? "", /Failure domain \| rack1/);
  const n4 = members.find((m) => m.label === "node04")!;
  assert.equal(n4.icon?.color, "list.warningForeground");
  assert.equal(n4.contextValue, "member:snapshot:evacuated");
  const n6 = members.find((m) => m.label === "node06")!;
  assert.match(n6.description ?? "", /aarch64/);
  const n5 = members.find((m) => m.label === "node05")!;
  assert.match(n5.tooltip ?? "", /scheduler\.instance \| group/);
});

test("member ids are unique across the tree and stable", () => {
  const { model } = sample();
  const ids = new Set<string>();
  const walk = (n: ClusterNode, depth: number): void => {
    assert.ok(!ids.has(n.id), `duplicate id ${n.id}`);
    ids.add(n.id);
    if (depth < 4) for (const c of childrenOf(n, model)) walk(c, depth + 1);
  };
  walk(root(), 0);
  assert.ok(ids.size > 80);
  const again = childrenOf(child(root(), "Members"), model).map((n) => n.id);
  assert.deepEqual(again, childrenOf(child(root(), "Members"), model).map((n) => n.id));
});

test("groups list their members; projects their profiles and restrictions", () => {
  const { model } = sample();
  const gpu = child(child(root(), "Cluster groups"), "gpu");
  assert.deepEqual(childrenOf(gpu, model).map((n) => n.label), ["node03", "node05"]);
  const tenant = child(child(root(), "Projects"), "tenant-a");
  assert.match(tenant.description ?? "", /restricted to storage/);
  assert.equal(tenant.icon?.id, "lock");
  assert.deepEqual(childrenOf(tenant, model).map((n) => n.label), ["default"]);
  const dev = child(child(root(), "Projects"), "dev");
  assert.match(dev.description ?? "", /default's profiles/);
  const devProfiles = childrenOf(dev, model);
  assert.ok(devProfiles.length >= 3);
  assert.ok(devProfiles.every((p) => p.ref.kind === "profile" && p.ref.project === "default"), "dev uses the default project's profiles");
});

test("instances by member and by project", () => {
  const { model } = sample();
  const byMember = childrenOf(child(root(), "Instances by member"), model);
  assert.equal(byMember.length, 6);
  const total = byMember.reduce((n, g) => n + childrenOf(g, model).length, 0);
  assert.equal(total, model.instances.length);
  // Same row, same actions: a member under "Instances by member" is the member row of "Members".
  const members = childrenOf(child(root(), "Members"), model);
  for (const m of byMember) {
    const same = members.find((x) => x.label === m.label)!;
    assert.deepEqual({ ...m, id: "" }, { ...same, id: "" });
  }
  const byProject = childrenOf(child(root(), "Instances by project"), model);
  assert.deepEqual(byProject.map((n) => n.label), ["default", "tenant-a", "dev"]);
  const shop = childrenOf(byProject[1], model);
  assert.ok(shop.some((i) => i.label === "shop-web"));
  const inst = shop[0];
  assert.equal(inst.ref.kind, "instance");
  assert.match(inst.contextValue, /^instance:snapshot:/);
});

test("a pool unavailable on a member stands out, on the pool and on that member's row", () => {
  const { model } = sample();
  assert.deepEqual(unavailablePools(model), [{ pool: "remote", members: ["node05"] }]);
  const remote = child(child(root(), "Storage pools"), "remote");
  assert.equal(remote.icon?.color, "list.errorForeground");
  assert.match(remote.description ?? "", /ceph · remote · unavailable on node05/);
  const rows = childrenOf(remote, model);
  const n5 = rows.find((r) => r.label === "node05")!;
  assert.match(n5.description ?? "", /^Unavailable/);
  assert.equal(n5.icon?.color, "list.errorForeground");
  const n1 = rows.find((r) => r.label === "node01")!;
  assert.match(n1.description ?? "", /^Created · .* \/ .* \(\d+%\)$/);
  const local = child(child(root(), "Storage pools"), "local");
  assert.equal(local.icon?.color, undefined);
});

test("warnings show severity and status", () => {
  const warnings = childrenOf(child(root(), "Warnings"), sample().model);
  assert.equal(warnings.length, 3);
  assert.equal(warnings[0].label, "Storage pool unavailable");
  assert.equal(warnings[0].icon?.color, "list.errorForeground");
  assert.match(warnings[2].description ?? "", /acknowledged/);
});

test("live connections mark nodes so the changing commands show up", () => {
  const members = childrenOf(child(root(true), "Members"), sample().model);
  assert.equal(members.find((m) => m.label === "node01")!.contextValue, "member:live:online");
  assert.ok(members.every((m) => m.live));
});

test("a member's load is drawn in its row: memory as a bar, the load average", () => {
  const { model } = sample();
  const withState = model.members.find((m) => (model.memberState(m.server_name)?.sysinfo.total_ram ?? 0) > 0);
  assert.ok(withState, "the sample has member state");
  const row = childrenOf(child(root(), "Members"), model).find((n) => n.label === withState.server_name)!;
  assert.match(row.description ?? "", /mem [▰▱]{5}/);
  assert.match(row.description ?? "", /(cpu [▰▱]{5}|load \d+\.\d\d)/);
  assert.equal(bar(0), "▱▱▱▱▱");
  assert.equal(bar(0.5), "▰▰▰▱▱");
  assert.equal(bar(1.7), "▰▰▰▰▰");
});
