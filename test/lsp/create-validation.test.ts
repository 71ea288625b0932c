// The create forms' checks without a cluster: names as Incus 6.0.4 checks them (cited in
// server/src/lsp/cluster/create-validation.ts), config keys and values against the catalog, and
// the rules that keep a check from refusing what Incus accepts. The same checks run against the
// real cluster in create-objects-live.test.ts, where Incus's own answers are compared.
import { test } from "node:test";
import assert from "node:assert/strict";
import { configProblem, entityOf, formKeys, formProblems, memberSpecific, nameProblem } from "../../server/src/lsp/cluster/create-validation";

const V = "6.0.4";

test("names: profiles, volumes and networks as Incus checks them", () => {
  assert.equal(nameProblem("profile", "web"), undefined);
  assert.equal(nameProblem("profile", "a/b"), "Profile names may not contain slashes");
  assert.equal(nameProblem("profile", ".."), 'Invalid profile name ".."');
  assert.equal(nameProblem("volume", "with space"), undefined, "Incus 6.0.4 accepts it (seen)");
  assert.equal(nameProblem("volume", "a/b"), "Storage volume names may not contain slashes");
  assert.equal(nameProblem("network", "br0", "bridge"), undefined);
  assert.equal(nameProblem("network", "a", "bridge"), "Network interface is too short (minimum 2 characters)");
  assert.equal(nameProblem("network", "a-much-too-long-bridge", "bridge"), "Network interface is too long (maximum 15 characters)");
  assert.equal(nameProblem("network", "a-much-too-long-macvlan", "macvlan"), undefined, "only a bridge is an interface name");
  assert.equal(nameProblem("network", "a:b", "macvlan"), 'Cannot contain ":"');
  assert.equal(nameProblem("network", "", "macvlan"), "a name is required");
});

test("config: unknown keys with did-you-mean, bad values, user.* free, a sibling driver's key left to Incus", () => {
  assert.equal(configProblem("profile", "limits.cpu", "2", V), undefined);
  assert.match(configProblem("profile", "limits.cpuz", "2", V)!, /Unknown configuration key for a profile \(instance\): limits\.cpuz — did you mean "limits\.cpu"\?/);
  assert.match(configProblem("profile", "boot.autostart", "maybe", V)!, /^boot\.autostart: /);
  assert.equal(configProblem("profile", "user.anything.at.all", "x", V), undefined);
  assert.equal(configProblem(entityOf("volume", { poolDriver: "dir" }), "size", "1GiB", V), undefined, "Incus takes size on dir (seen), the metadata lists only zfs & co");
  assert.ok(configProblem(entityOf("volume", { poolDriver: "dir" }), "size", "1 lightyear", V), "but its value is still checked");
  assert.match(configProblem("network:macvlan", "mtuu", "1400", V)!, /did you mean "mtu"/);
});

test("member-specific keys come from the catalog's scope; the form offers no volatile.* or image.* keys", () => {
  assert.equal(memberSpecific("network:macvlan", "parent", V), true);
  assert.equal(memberSpecific("network:macvlan", "mtu", V), false);
  const keys = formKeys("profile", V).map((k) => k.key);
  assert.ok(keys.includes("limits.cpu"));
  assert.ok(!keys.some((k) => /^(volatile|image)\./.test(k)));
});

test("a form's problems, field by field", () => {
  const ctx = { version: V, pools: [{ name: "local", driver: "dir", local: true }, { name: "shared", driver: "ceph", local: false }], members: ["node1", "node2"], projects: ["default"] };
  const base = { connection: "remote:x", config: {} };
  assert.deepEqual(formProblems({ ...base, kind: "volume", pool: "local", name: "v" }, ctx).map((p) => p.field), ["member"]);
  assert.deepEqual(formProblems({ ...base, kind: "volume", pool: "shared", name: "v" }, ctx), [], "a shared pool needs no member");
  assert.deepEqual(formProblems({ ...base, kind: "volume", pool: "nope", name: "v" }, ctx).map((p) => p.message), ["no storage pool \"nope\" (pools: local, shared)"]);
  assert.deepEqual(formProblems({ ...base, kind: "network", networkType: "vxlan", name: "n" }, ctx).map((p) => p.field), ["networkType"]);
  assert.deepEqual(formProblems({ ...base, kind: "profile", project: "other", name: "p" }, ctx).map((p) => p.field), ["project"]);
});
