// Seed 003 as a rule: a join preseed checked against the active cluster whose default project is
// restricted to a cluster group. Affected releases (6.0.2: cmd/incusd/api_cluster.go
// clusterInitMember copies `Config: p.Config` while cmd/incusd/api_project.go validates group
// names) get an error with Incus's words and how to join safely; later ones an information.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { YamlContext } from "../../server/src/language/yaml";
import { clusterCtx, diags } from "./helpers";

const JOIN = `cluster:
  enabled: true
  server_name: node4
  server_address: 10.0.0.4:8443
  cluster_token: eyJzZXJ2ZXJfbmFtZSI6Im5vZGU0In0=
  member_config:
  - entity: storage-pool
    name: local
    key: source
    value: ""
`;

/** The fixture cluster with the default project's config replaced. */
function restricted(config: Record<string, string>, version: string): YamlContext {
  const base = clusterCtx(version);
  const snapshot = base.cluster!.snapshot;
  const projects = snapshot.projects.map((p) => (p.name === "default" ? { ...p, config: { ...p.config, ...config } } : p));
  return { ...base, cluster: { snapshot: { ...snapshot, projects } } };
}

const GPU = { restricted: "true", "restricted.cluster.groups": "gpu" };

test("flagged on 6.0.2: the join fails with Cluster group \"gpu\" doesn't exist; the message says how to join safely", () => {
  const ds = diags("join.preseed.yaml", JOIN, restricted(GPU, "6.0.2")).filter((d) => d.code === "yaml-join-restricted-groups");
  assert.equal(ds.length, 1);
  assert.equal(ds[0].severity, "error");
  assert.match(ds[0].message, /Failed to update local member project "default": Cluster group "gpu" doesn't exist/);
  assert.match(ds[0].message, /incus project unset default restricted\.cluster\.groups/);
  assert.match(ds[0].message, /incus cluster group assign node4 default,gpu/);
  assert.match(ds[0].message, /affected: 6\.0\.2\)/);
  // Incus validates the names whether or not restricted=true.
  const inactive = diags("join.preseed.yaml", JOIN, restricted({ "restricted.cluster.groups": "gpu" }, "6.0.2")).filter((d) => d.code === "yaml-join-restricted-groups");
  assert.deepEqual(inactive.map((d) => d.severity), ["error"]);
});

test("6.0.3 and later (and 6.0.0/6.0.1, which do not validate group names) join fine: an information about placement", () => {
  for (const v of ["6.0.1", "6.0.3", "6.0.4", "7.3.0"]) {
    const ds = diags("join.preseed.yaml", JOIN, restricted(GPU, v)).filter((d) => d.code === "yaml-join-restricted-groups");
    assert.deepEqual(ds.map((d) => d.severity), ["information"], v);
    assert.match(ds[0].message, /node4 joins in group default only/);
  }
});

test("clean: no restriction, a restriction to default only, a bootstrap preseed, no active cluster", () => {
  const only = (ctx: YamlContext, text = JOIN) => diags("join.preseed.yaml", text, ctx).filter((d) => d.code === "yaml-join-restricted-groups");
  assert.deepEqual(only(restricted({}, "6.0.2")), []);
  assert.deepEqual(only(restricted({ restricted: "true", "restricted.cluster.groups": "default" }, "6.0.2")), []);
  assert.deepEqual(only(restricted(GPU, "6.0.2"), "cluster:\n  enabled: true\n  server_name: node1\n"), []);
  assert.deepEqual(only({ version: "6.0.2" }), []);
});
