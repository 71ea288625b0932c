import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { apiPath, parseResourcePath, PLACEMENT_KEY, resourcePath, toDocument, toPutBody, type ConfigResource } from "../../client/src/config-fs/config-resource";
import { recognizeIncusYaml } from "../../server/src/language/yaml/recognize";

const RESOURCES: [ConfigResource, string, string][] = [
  [{ kind: "server", remote: "local" }, "/local/config.server.incus.yaml", "/1.0"],
  [{ kind: "member", remote: "prod", name: "node 1" }, "/prod/members/node%201.cluster-member.incus.yaml", "/1.0/cluster/members/node%201"],
  [{ kind: "project", remote: "prod", name: "tenant-a" }, "/prod/projects/tenant-a.project.incus.yaml", "/1.0/projects/tenant-a"],
  [{ kind: "profile", remote: "prod", project: "tenant-a", name: "default" }, "/prod/profiles/tenant-a/default.profile.incus.yaml", "/1.0/profiles/default?project=tenant-a"],
  [{ kind: "instance", remote: "prod", project: "default", name: "web01" }, "/prod/instances/default/web01.instance.incus.yaml", "/1.0/instances/web01"],
  [{ kind: "placementScriptlet", remote: "prod" }, "/prod/placement-scriptlet.placement.star", "/1.0"],
  [{ kind: "volume", remote: "prod", project: "tenant-a", pool: "local", location: "node2", name: "data" }, "/prod/volumes/tenant-a/local/node2/data.storage-volume.incus.yaml", "/1.0/storage-pools/local/volumes/custom/data?target=node2&project=tenant-a"],
  [{ kind: "volume", remote: "prod", project: "default", pool: "remote", location: undefined, name: "data" }, "/prod/volumes/default/remote/-/data.storage-volume.incus.yaml", "/1.0/storage-pools/remote/volumes/custom/data"],
];

test("incus: paths and API paths", () => {
  for (const [r, p, api] of RESOURCES) {
    assert.equal(resourcePath(r), p);
    assert.deepEqual(parseResourcePath(p), r);
    assert.equal(apiPath(r), api);
  }
  assert.equal(parseResourcePath("/prod/nothing.txt"), undefined);
  assert.equal(parseResourcePath("/prod/members/node1.profile.incus.yaml"), undefined);
  assert.equal(parseResourcePath("/prod/members/.cluster-member.incus.yaml"), undefined);
  assert.equal(parseResourcePath("/"), undefined);
});

test("documents hold the writable fields under the Incus YAML header, and come back as PUT bodies", () => {
  const r: ConfigResource = { kind: "instance", remote: "prod", project: "default", name: "web01" };
  const api = { name: "web01", status: "Running", location: "node01", architecture: "x86_64", config: { "limits.cpu": "2" }, devices: {}, profiles: ["default"], ephemeral: false, stateful: false, description: "nginx" };
  const doc = toDocument(r, api);
  assert.match(doc, /^### This is a YAML representation of the configuration\.\n### It is instance web01 \(project default\) on prod\./);
  // The language server recognizes the document by that header (and by the file name).
  assert.deepEqual(recognizeIncusYaml("web01.instance.incus.yaml", doc), { entity: "instance" });
  assert.deepEqual(recognizeIncusYaml("x", toDocument({ kind: "profile", remote: "p", project: "default", name: "x" }, { config: {} })), { entity: "profile" });
  assert.deepEqual(recognizeIncusYaml("x", toDocument({ kind: "member", remote: "p", name: "n1" }, { config: {} })), { entity: "cluster-member" });
  const shown = parse(doc);
  assert.deepEqual(Object.keys(shown), ["architecture", "config", "devices", "ephemeral", "profiles", "stateful", "description"]);
  const edited = doc.replace('limits.cpu: "2"', "limits.cpu: 4\n  user.tier: gold");
  const body = toPutBody(r, edited, api);
  assert.deepEqual(body.config, { "limits.cpu": "4", "user.tier": "gold" }, "numbers become strings as Incus expects");
  assert.throws(() => toPutBody(r, "config: [1, 2]", api), /config must be a mapping/);
  assert.throws(() => toPutBody(r, "config:\n  a: {b: 1}", api), /config\.a must be a single value/);
  assert.throws(() => toPutBody(r, "- a\n- b", api), /must be a YAML mapping/);
  assert.throws(() => toPutBody(r, "config: {", api), /not valid YAML/);
});

test("the placement scriptlet document is the key's value; pushing changes only that key", () => {
  const r: ConfigResource = { kind: "placementScriptlet", remote: "prod" };
  const server = { config: { "core.https_address": ":8443", [PLACEMENT_KEY]: "def instance_placement(request, candidate_members):\n    pass\n" }, environment: {} };
  assert.equal(toDocument(r, server), server.config[PLACEMENT_KEY]);
  assert.deepEqual(toPutBody(r, "X", server), { config: { "core.https_address": ":8443", [PLACEMENT_KEY]: "X" } });
  assert.deepEqual(toPutBody(r, "  \n", server), { config: { "core.https_address": ":8443" } }, "an empty document unsets the key");
});
