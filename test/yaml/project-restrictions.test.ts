// Project restrictions: restricted.cluster.groups must name existing groups (Incus: `Cluster
// group "<name>" doesn't exist`); restricted=true with features.profiles=false is refused
// (`Projects without their own profiles cannot be restricted`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { clusterCtx, codes, covered, diags, NO_CLUSTER } from "./helpers";

const project = (config: string) => `name: p\nconfig:\n${config}`;

test("a group the active cluster lacks is flagged on its name", () => {
  const text = project('  restricted: "true"\n  restricted.cluster.groups: gpu, nope\n');
  const ds = diags("p.project.incus.yaml", text, clusterCtx());
  assert.deepEqual(codes(ds), ["yaml-unknown-cluster-group"]);
  assert.match(ds[0].message, /^Cluster group "nope" doesn't exist in the active cluster\./);
  assert.match(ds[0].message, /before a project is restricted/);
  assert.equal(covered(text, ds[0]), "nope");
  const typo = diags("p.project.incus.yaml", project('  restricted: "true"\n  restricted.cluster.groups: gpus\n'), clusterCtx());
  assert.match(typo[0].message, /Did you mean "gpu"\?/);
  assert.equal(typo[0].fixes?.[0].edits[0].newText, "gpu");
});

test("existing groups, and no cluster to judge by, stay clean", () => {
  assert.deepEqual(diags("p.project.incus.yaml", project('  restricted: "true"\n  restricted.cluster.groups: default,gpu\n'), clusterCtx()), []);
  assert.deepEqual(diags("p.project.incus.yaml", project('  restricted: "true"\n  restricted.cluster.groups: anything\n'), NO_CLUSTER), []);
});

test("a preseed can only name `default` and explains the join order", () => {
  const preseed = 'projects:\n- name: team\n  config:\n    restricted: "true"\n    restricted.cluster.groups: gpu\n';
  const ds = diags("init.preseed.incus.yaml", preseed, NO_CLUSTER);
  assert.deepEqual(codes(ds), ["yaml-unknown-cluster-group"]);
  assert.match(ds[0].message, /A preseed cannot create cluster groups/);
  assert.deepEqual(diags("init.preseed.incus.yaml", preseed.replace("gpu", "default"), NO_CLUSTER), []);
});

test("groups without restricted=true are only information", () => {
  const ds = diags("p.project.incus.yaml", project("  restricted.cluster.groups: gpu\n"), clusterCtx());
  assert.deepEqual(ds.map((d) => [d.code, d.severity]), [["yaml-restriction-inactive", "information"]]);
});

test("restricted=true needs the project's own profiles", () => {
  const text = project('  restricted: "true"\n  features.profiles: "false"\n');
  const ds = diags("p.project.incus.yaml", text, NO_CLUSTER);
  assert.deepEqual(codes(ds), ["yaml-restricted-without-profiles"]);
  assert.match(ds[0].message, /^Projects without their own profiles cannot be restricted/);
  const edit = ds[0].fixes?.[0].edits[0];
  assert.equal(edit?.newText, '"true"');
  assert.equal(covered(text, { range: edit!.range } as never), '"false"');
  // Incus refuses only an explicit false: a new project gets features.profiles=true.
  assert.deepEqual(diags("p.project.incus.yaml", project('  restricted: "true"\n'), NO_CLUSTER), []);
  assert.deepEqual(diags("p.project.incus.yaml", project('  restricted: "yes"\n  features.profiles: "on"\n'), NO_CLUSTER), []);
});

test("an edit buffer that drops features.profiles from a restricted project is warned about", () => {
  const header = "### This is a YAML representation of the project.\n";
  const text = header + project('  restricted: "true"\n');
  const ds = diags("incus_edit.yaml", text, NO_CLUSTER);
  assert.deepEqual(ds.map((d) => [d.code, d.severity]), [["yaml-restricted-without-profiles", "warning"]]);
  assert.match(ds[0].message, /features\.profiles is missing/);
  assert.deepEqual(ds[0].fixes?.[0].edits[0], { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '  features.profiles: "true"\n' });
  assert.deepEqual(diags("incus_edit.yaml", header + project('  restricted: "true"\n  features.profiles: "true"\n'), NO_CLUSTER), []);
});
