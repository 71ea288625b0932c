// The release manifest and the per-release variants read from it. Each variant cites where the
// generator found it in the Incus sources (git show vX.Y.Z:FILE).
import { test } from "node:test";
import assert from "node:assert/strict";
import { compactRange, expandRange, inRange } from "../../server/src/incus/knowledge/version-range";
import { DEFAULT_VERSION, INCUS_VERSIONS, describeReleases, releaseInfo, versionInRange } from "../../server/src/incus/knowledge/versions";
import { builtin, dialect, marshalFacts, memberNameCheck, placementReasons, scriptletDialect, starlarkGoVersion } from "../../server/src/incus/knowledge/scriptlets";
import { compileScriptlet } from "../../server/src/incus/scriptlet/validate";

test("the manifest lists every supported release, oldest first, then main", () => {
  assert.deepEqual(INCUS_VERSIONS, ["6.0.0", "6.0.1", "6.0.2", "6.0.3", "6.0.4", "6.0.5", "6.0.6", "7.0.0", "7.0.1", "7.1.0", "7.2.0", "7.3.0", "main"]);
  assert.equal(DEFAULT_VERSION, "7.3.0");
  for (const v of INCUS_VERSIONS) assert.match(releaseInfo(v).commit, /^[0-9a-f]{40}$/);
});

test("version ranges: spans over the manifest's order", () => {
  const all = ["a", "b", "c", "d"];
  assert.equal(compactRange(all, ["a", "b", "c", "d"]), "*");
  assert.equal(compactRange(all, ["c", "d"]), "c..");
  assert.equal(compactRange(all, ["a", "b"]), "..b");
  assert.equal(compactRange(all, ["b"]), "b");
  assert.equal(compactRange(all, ["a", "c", "d"]), "..a, c..");
  assert.deepEqual(expandRange(all, "b..c"), ["b", "c"]);
  assert.equal(inRange(all, "..a, c..", "b"), false);
  assert.throws(() => inRange(all, "x..", "a"), /unknown release x/);
  assert.equal(describeReleases(["6.0.5", "6.0.6", "7.0.0", "7.0.1", "7.1.0", "7.2.0", "7.3.0", "main"]), "6.0.5 and later");
  assert.equal(versionInRange("6.0.5..", "6.0.4"), false);
  assert.equal(versionInRange("6.0.5..", "7.1"), true);
});

// shared/scriptlet/utils.go sets `opts.Set = true` from v6.0.5 (and 7.x); v6.0.0-v6.0.4 compile
// with syntax.LegacyFileOptions() only (internal/server/scriptlet/load/utils.go, load.go).
test("variant: sets are refused up to 6.0.4 and allowed from 6.0.5", () => {
  for (const v of ["6.0.0", "6.0.4"]) assert.equal(dialect(v).sets, false, v);
  for (const v of ["6.0.5", "6.0.6", "7.0.0", "7.3.0"]) assert.equal(dialect(v).sets, true, v);
  const src = "def instance_placement(request, candidate_members):\n    s = set([1])\n";
  assert.match(compileScriptlet("placement", src, "6.0.4").diagnostics[0]?.msg ?? "", /does not support sets/);
  assert.deepEqual(compileScriptlet("placement", src, "6.0.5").diagnostics, []);
  assert.equal(scriptletDialect("6.0.4").set, false);
});

test("each release records the go.starlark.net version its go.mod vendors", () => {
  assert.equal(starlarkGoVersion("6.0.4"), "v0.0.0-20250318223901-d9371fef63fe");
  assert.equal(starlarkGoVersion("7.3.0"), "v0.0.0-20260708150628-5395d018f003");
});

// internal/server/scriptlet/instance_placement.go: up to v6.0.4 a non-candidate member gives
// `return starlark.String("Invalid member name"), nil`; from v6.0.5 an error.
test("variant: non-candidate member lookups return a string up to 6.0.4, fail from 6.0.5", () => {
  assert.equal(memberNameCheck("6.0.4"), "string");
  assert.equal(memberNameCheck("6.0.5"), "error");
  const r = builtin("placement", "get_cluster_member_resources", "6.0.4")!;
  assert.ok(r.quirks?.some((q) => q.versions.includes("6.0.4")));
  assert.ok(!r.quirks?.some((q) => q.versions.includes("6.0.5")));
});

// internal/server/scriptlet/load/load.go: v6.0.0 predeclares 7 placement builtins, v6.0.1 adds
// get_instances/get_cluster_members/get_project, v6.0.3 get_instances_count; QEMU from v6.0.2,
// authorization from v6.0.3; the NVRAM helpers only on main.
test("variant: builtins per release", () => {
  assert.equal(builtin("placement", "get_instances", "6.0.0"), undefined);
  assert.ok(builtin("placement", "get_instances", "6.0.1"));
  assert.equal(builtin("placement", "get_instances_count", "6.0.2"), undefined);
  assert.ok(builtin("placement", "get_instances_count", "6.0.3"));
  assert.equal(builtin("qemu", "set_nvram_var", "7.3.0"), undefined);
  assert.ok(builtin("qemu", "set_nvram_var", "main"));
});

// shared/api/scriptlet/instance.go: InstancePlacementReasonRebalance from v7.0.0.
test("variant: the rebalance reason exists from 7.0.0", () => {
  assert.ok(!placementReasons("6.0.6").some((r) => r.value === "rebalance"));
  assert.ok(placementReasons("7.0.0").some((r) => r.value === "rebalance"));
});

// internal/server/scriptlet/auth/auth.go: `extendedDetails := struct{...}` from v6.0.6 and 7.x;
// shared/scriptlet/marshal.go: []byte as starlark.Bytes only after 7.3.0 (main).
test("variant: authorization details shape and bytes marshalling", () => {
  assert.equal(releaseInfo("6.0.2").facts.authorizationDetails, null);
  assert.equal(releaseInfo("6.0.5").facts.authorizationDetails, "flat");
  assert.equal(releaseInfo("6.0.6").facts.authorizationDetails, "extended");
  assert.equal(marshalFacts("7.3.0").bytesAsBytes, false);
  assert.equal(marshalFacts("main").bytesAsBytes, true);
});

// cmd/incusd/api_project.go validates restricted.cluster.groups names from v6.0.2; before
// "incusd/cluster: Skip project restrictions during join" (v6.0.3) cmd/incusd/api_cluster.go's
// clusterInitMember re-created projects on the joining member with their whole config.
test("variant: joining re-validates the cluster's project restrictions only on 6.0.2", () => {
  const affected = INCUS_VERSIONS.filter((v) => {
    const j = releaseInfo(v).facts.join;
    return j.validatesClusterGroups && j.copiesProjectRestrictions;
  });
  assert.deepEqual(affected, ["6.0.2"]);
});
