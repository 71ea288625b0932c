// Config keys and values: unknown keys with a suggestion, keys of another entity, values as
// Incus's validators take them (messages checked against Incus 6.0.4), instance-type keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import { codes, covered, diags, NO_CLUSTER } from "./helpers";

const inst = (config: string, extra = "") => `config:\n${config}${extra}`;

test("an unknown key is flagged on the key with a did-you-mean fix", () => {
  const text = inst("  limits.memry: 1GiB\n");
  const [d, ...rest] = diags("w.instance.incus.yaml", text, NO_CLUSTER);
  assert.equal(rest.length, 0);
  assert.equal(d.code, "yaml-unknown-key");
  assert.match(d.message, /^Unknown configuration key: limits\.memry — did you mean "limits\.memory"\?/);
  assert.equal(covered(text, d), "limits.memry");
  assert.equal(d.fixes?.[0].edits[0].newText, "limits.memory");
});

test("a server key in an instance says whose key it is", () => {
  const text = inst("  core.https_address: 1.2.3.4\n");
  const ds = diags("w.instance.incus.yaml", text, NO_CLUSTER);
  assert.deepEqual(codes(ds), ["yaml-key-wrong-entity"]);
  assert.match(ds[0].message, /Unknown configuration key: core\.https_address — it is a key of a server/);
});

test("user.* keys are free-form on instances, projects and the server", () => {
  assert.deepEqual(diags("w.instance.incus.yaml", inst("  user.anything.here: x\n"), NO_CLUSTER), []);
  assert.deepEqual(diags("s.server.incus.yaml", inst("  user.foo: bar\n"), NO_CLUSTER), []);
  assert.deepEqual(diags("p.project.incus.yaml", inst("  user.foo: bar\n"), NO_CLUSTER), []);
});

test("booleans take Incus's spellings in any case", () => {
  for (const v of ["true", "Yes", "ON", "0", "off", '"false"']) {
    assert.deepEqual(diags("w.instance.incus.yaml", inst(`  boot.autostart: ${v}\n`), NO_CLUSTER), [], v);
  }
  const text = inst("  boot.autostart: maybe\n");
  const [d] = diags("w.instance.incus.yaml", text, NO_CLUSTER);
  assert.equal(d.code, "yaml-value");
  assert.match(d.message, /Invalid value for a boolean "maybe"/);
  assert.equal(covered(text, d), "maybe");
  assert.ok(d.fixes?.some((f) => f.edits[0].newText === '"true"'));
});

test("integers, sizes, percentages and expiries", () => {
  const bad = (line: string) => diags("w.instance.incus.yaml", inst(line), NO_CLUSTER);
  assert.match(bad("  boot.autostart.delay: abc\n")[0].message, /Invalid value for an integer "abc"/);
  assert.match(bad("  limits.memory: 10XB\n")[0].message, /Invalid value: 10XB/);
  assert.match(bad("  limits.memory: 0%\n")[0].message, /can't be 0%/);
  assert.match(bad("  snapshots.expiry: 3x\n")[0].message, /Invalid expiry expression/);
  assert.match(bad("  snapshots.expiry: 1d 2d\n")[0].message, /Invalid expiry expression/);
  for (const ok of ["  boot.autostart.delay: 30\n", "  limits.memory: 512MiB\n", "  limits.memory: 50%\n", "  snapshots.expiry: 1d 2H\n", "  limits.memory: \"\"\n"]) {
    assert.deepEqual(bad(ok), [], ok);
  }
});

test("enums follow the version: refresh-migrate is not in 6.0", () => {
  const text = inst("  cluster.evacuate: refresh-migrate\n");
  const [d] = diags("w.instance.incus.yaml", text, NO_CLUSTER);
  assert.match(d.message, /Invalid value "refresh-migrate" \(not one of auto, migrate, live-migrate, stop, stateful-stop, force-stop\)/);
  assert.deepEqual(diags("w.instance.incus.yaml", text, { version: "main" }), []);
  assert.deepEqual(codes(diags("w.instance.incus.yaml", inst("  cluster.evacuate: bogus\n"), NO_CLUSTER)), ["yaml-value"]);
});

test("scheduler.instance of a cluster member", () => {
  const bad = diags("n.cluster-member.incus.yaml", "config:\n  scheduler.instance: bogus\n", NO_CLUSTER);
  assert.deepEqual(codes(bad), ["yaml-value"]);
  assert.match(bad[0].message, /not one of all, group, manual/);
  assert.deepEqual(diags("n.cluster-member.incus.yaml", "config:\n  scheduler.instance: group\n", NO_CLUSTER), []);
});

test("volatile and image keys cannot be set in a profile; an instance's are validated", () => {
  const p = diags("p.profile.incus.yaml", "config:\n  volatile.uuid: x\n  image.os: debian\n", NO_CLUSTER);
  assert.deepEqual(codes(p), ["yaml-instance-only-key", "yaml-instance-only-key"]);
  assert.match(p[0].message, /^Volatile keys can only be set on instances/);
  assert.match(p[1].message, /^Image keys can only be set on instances/);
  const uuid = "21527b6a-96ac-40ce-8bdd-619b8842f52b";
  assert.deepEqual(diags("w.instance.incus.yaml", `config:\n  volatile.uuid: ${uuid}\n  image.os: debian\n  volatile.cloud-init.instance-id: ${uuid}\n`, NO_CLUSTER), []);
  const bad = diags("w.instance.incus.yaml", "config:\n  volatile.uuid: abc\n  volatile.foo: x\n", NO_CLUSTER);
  assert.deepEqual(bad.map((d) => d.message.split(" —")[0]), ["volatile.uuid: Invalid UUID", "Unknown configuration key: volatile.foo"]);
});

test("a VM-only key on a container is unknown to Incus; unknown type stays quiet", () => {
  const vmKey = "config:\n  security.secureboot: \"false\"\n";
  assert.deepEqual(codes(diags("c.instance.incus.yaml", vmKey + "type: container\n", NO_CLUSTER)), ["yaml-key-instance-type"]);
  assert.deepEqual(diags("v.instance.incus.yaml", vmKey + "type: virtual-machine\n", NO_CLUSTER), []);
  assert.deepEqual(diags("x.instance.incus.yaml", vmKey, NO_CLUSTER), []);
});

test("config values must be scalars", () => {
  const ds = diags("w.instance.incus.yaml", "config:\n  limits.cpu:\n    - 1\n", NO_CLUSTER);
  assert.deepEqual(codes(ds), ["yaml-value-type"]);
});

test("storage pool keys depend on the driver", () => {
  const pool = (driver: string, key: string) => `### This is a YAML representation of a storage pool.\nname: p\ndriver: ${driver}\nconfig:\n  ${key}: x\n`;
  assert.deepEqual(codes(diags("e.yaml", pool("zfs", "zfs.pool_name"), NO_CLUSTER)), []);
  assert.deepEqual(codes(diags("e.yaml", pool("dir", "zfs.pool_name"), NO_CLUSTER)), ["yaml-unknown-key"]);
  // A driver the catalog does not describe: no judgement.
  assert.deepEqual(diags("e.yaml", pool("lvmcluster", "anything"), NO_CLUSTER), []);
});

test("LXD-only keys say what Incus has instead", () => {
  const ds = diags("s.server.incus.yaml", 'config:\n  instances.migration.stateful: "true"\n', NO_CLUSTER);
  assert.deepEqual(codes(ds), ["yaml-lxd-key"]);
  assert.match(ds[0].message, /Incus has no such key: set migration\.stateful=true on the VMs or in a profile/);
});
