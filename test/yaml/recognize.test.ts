// Which buffers the YAML service claims: `incus ... edit` headers (as cmd/incus writes them in
// 6.0.4), NAME.<entity>.incus.yaml, and preseed files by shape; nothing else.
import { test } from "node:test";
import assert from "node:assert/strict";
import { recognizeIncusYaml } from "../../server/src/language/yaml";

const header = (thing: string) => `### This is a YAML representation of ${thing}.\n### Any line starting with a '# will be ignored.\nconfig: {}\n`;

test("edit buffers are recognised by their header", () => {
  assert.deepEqual(recognizeIncusYaml("/tmp/incus_editor_1.yaml", header("the configuration")), { entity: "instance" });
  assert.deepEqual(recognizeIncusYaml("e.yaml", header("the profile")), { entity: "profile" });
  assert.deepEqual(recognizeIncusYaml("e.yaml", header("the project")), { entity: "project" });
  assert.deepEqual(recognizeIncusYaml("e.yaml", header("the cluster group")), { entity: "cluster-group" });
  assert.deepEqual(recognizeIncusYaml("e.yaml", header("a storage pool")), { entity: "storage-pool" });
  assert.deepEqual(recognizeIncusYaml("e.yaml", header("a storage volume")), { entity: "storage-volume" });
  assert.deepEqual(recognizeIncusYaml("e.yaml", header("the network")), { entity: "network" });
  // `incus cluster edit` writes "yaml" in lower case.
  assert.deepEqual(recognizeIncusYaml("e.yaml", "### This is a yaml representation of the cluster member.\nconfig: {}\n"), { entity: "cluster-member" });
});

test("headers of objects we do not check are not claimed", () => {
  assert.equal(recognizeIncusYaml("e.yaml", header("the image properties")), undefined);
  assert.equal(recognizeIncusYaml("e.yaml", header("the network ACL")), undefined);
});

test("NAME.<entity>.incus.yaml names the entity", () => {
  assert.deepEqual(recognizeIncusYaml("/w/web.instance.incus.yaml", "config: {}\n"), { entity: "instance" });
  assert.deepEqual(recognizeIncusYaml("gpu.cluster-group.incus.yml", ""), { entity: "cluster-group" });
  assert.deepEqual(recognizeIncusYaml("init.preseed.incus.yaml", "config: {}\n"), { entity: "preseed" });
  assert.equal(recognizeIncusYaml("web.unknownthing.incus.yaml", "foo: 1\n"), undefined);
});

test("preseed files are recognised by their top-level keys", () => {
  const preseed = "config:\n  core.https_address: 127.0.0.1:8443\nstorage_pools:\n- name: local\n  driver: dir\n";
  assert.deepEqual(recognizeIncusYaml("preseed.yaml", preseed), { entity: "preseed" });
  assert.deepEqual(recognizeIncusYaml("init.yaml", preseed + "profiles: []\n"), { entity: "preseed" });
  // Any YAML with a `config:` key is not a preseed.
  assert.equal(recognizeIncusYaml("docker-compose.yaml", "services: {}\nconfig: {}\n"), undefined);
  assert.equal(recognizeIncusYaml("values.yaml", "config:\n  a: b\n"), undefined);
  assert.equal(recognizeIncusYaml("other.yaml", "networks: []\nstorage_pools: []\nfoo: 1\n"), undefined);
});

test("bad input never throws", () => {
  assert.equal(recognizeIncusYaml("x.yaml", "\u0000{{{: - ["), undefined);
  assert.equal(recognizeIncusYaml("", ""), undefined);
});
