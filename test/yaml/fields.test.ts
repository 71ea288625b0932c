// Unknown top-level fields (which Incus's YAML decoding drops silently) are warned about.
import { test } from "node:test";
import assert from "node:assert/strict";
import { codes, covered, diags, NO_CLUSTER } from "./helpers";

test("a misspelt field gets a warning and a fix", () => {
  const text = "config: {}\ndevics:\n  root:\n    type: disk\n";
  const ds = diags("w.instance.incus.yaml", text, NO_CLUSTER);
  assert.deepEqual(codes(ds), ["yaml-unknown-field"]);
  assert.equal(ds[0].severity, "warning");
  assert.match(ds[0].message, /Incus ignores the unknown field "devics" of this instance: did you mean "devices"\?/);
  assert.equal(covered(text, ds[0]), "devics");
});

test("fields of `show` output and preseed items are known", () => {
  assert.deepEqual(diags("w.instance.incus.yaml", "name: c\nstatus: Running\nlocation: node1\nconfig: {}\n", NO_CLUSTER), []);
  const preseed = "storage_pools:\n- name: a\n  driver: dir\n  drivr: x\ncluster:\n  server_name: n\n  enabled: true\n  token: x\n";
  assert.deepEqual(diags("init.preseed.incus.yaml", preseed, NO_CLUSTER).map((d) => covered(preseed, d)), ["drivr", "token"]);
});

test("a key set twice warns on the value that is lost", () => {
  const text = "config:\n  limits.cpu: \"2\"\n  limits.memory: 1GiB\n  limits.cpu: \"4\"\n";
  const ds = diags("w.instance.incus.yaml", text, NO_CLUSTER);
  assert.deepEqual(codes(ds), ["yaml-duplicate-key"]);
  assert.equal(ds[0].range.start.line, 1);
});
