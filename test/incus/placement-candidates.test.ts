import { test } from "node:test";
import assert from "node:assert/strict";
import { candidateMembers, restrictedClusterGroups } from "../../server/src/incus/placement/candidates";
import type { ApiMember, PlacementCluster } from "../../server/src/incus/placement/cluster";

function cluster(members: ApiMember[], instancesOn: Record<string, number>, groups = ["default", "gpu"]): PlacementCluster {
  const instances = Object.entries(instancesOn).flatMap(([loc, n]) =>
    Array.from({ length: n }, (_, i) => ({ name: `${loc}-i${i}`, location: loc, project: "default" })),
  );
  return {
    serverVersion: "6.0.4",
    serverConfig: {},
    members,
    groups: groups.map((name) => ({ name })),
    projects: [{ name: "default", config: {} }],
    profiles: () => [],
    instances,
    resources: () => undefined,
    memberState: () => undefined,
  };
}

const m = (name: string, extra: Partial<ApiMember> = {}): ApiMember => ({
  server_name: name, status: "Online", architecture: "x86_64", groups: ["default"], config: {}, ...extra,
});

test("candidates are ordered by instance count, ties in API order", () => {
  const c = cluster([m("a"), m("b"), m("c")], { a: 3, b: 1, c: 1 });
  const set = candidateMembers(c, {});
  assert.deepEqual(set.candidates.map((x) => x.server_name), ["b", "c", "a"]);
  assert.deepEqual(set.excluded, []);
});

test("every excluded member carries the rule that excluded it", () => {
  const c = cluster(
    [
      m("off", { status: "Offline" }),
      m("evac", { status: "Evacuated" }),
      m("manual", { config: { "scheduler.instance": "manual" } }),
      m("grouponly", { config: { "scheduler.instance": "group" }, groups: ["gpu"] }),
      m("arm", { architecture: "aarch64" }),
      m("ok"),
    ],
    {},
  );
  const set = candidateMembers(c, { architectures: ["x86_64"] });
  assert.deepEqual(set.candidates.map((x) => x.server_name), ["ok"]);
  const why = Object.fromEntries(set.excluded.map((e) => [e.member, e.why]));
  assert.equal(why.off, "offline");
  assert.equal(why.evac, "evacuated");
  assert.match(why.manual, /scheduler.instance=manual/);
  assert.match(why.grouponly, /scheduler.instance=group/);
  assert.match(why.arm, /architecture aarch64/);
});

test("a group target admits group-only members of that group and nothing outside it", () => {
  const c = cluster([m("g1", { groups: ["gpu"], config: { "scheduler.instance": "group" } }), m("plain")], {});
  const set = candidateMembers(c, { targetGroup: "gpu" });
  assert.deepEqual(set.candidates.map((x) => x.server_name), ["g1"]);
  assert.match(set.excluded[0].why, /not in the targeted group @gpu/);
});

test("restricted.cluster.groups filters members and refuses unknown groups with Incus's text", () => {
  const c = cluster([m("g1", { groups: ["gpu"] }), m("plain")], {});
  const allowed = restrictedClusterGroups({ name: "p", config: { "restricted.cluster.groups": "gpu" } });
  const set = candidateMembers(c, { allowedGroups: allowed });
  assert.deepEqual(set.candidates.map((x) => x.server_name), ["g1"]);
  assert.throws(() => candidateMembers(c, { allowedGroups: ["nope"] }), /Cluster group "nope" doesn't exist/);
  assert.equal(restrictedClusterGroups({ name: "p", config: {} }), undefined);
});

test("x86_64 members run i686 instances (architecture personalities)", () => {
  const c = cluster([m("x"), m("arm", { architecture: "aarch64" })], {});
  assert.deepEqual(candidateMembers(c, { architectures: ["i686"] }).candidates.map((x) => x.server_name), ["x"]);
});
