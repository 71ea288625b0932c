// Smoke test of the real three-member Incus test cluster (tools/incus-cluster/start.sh) and of
// the helpers in test/support/incus-cluster.ts. Fails under CI when the cluster is not running;
// skips locally.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import {
  MEMBERS, requireCluster, clusterAvailable, incus, must, setScriptlet, captureLogs,
  cleanupInstances, instanceLocation, parsePrettyLine,
} from "../support/incus-cluster";

after(async () => {
  if (clusterAvailable()) await cleanupInstances();
});

test("incus cluster: three members, all ONLINE", async (t) => {
  if (!requireCluster(t)) return;
  const members = JSON.parse(must(await incus(["query", "/1.0/cluster/members?recursion=1"]))) as
    Array<{ server_name: string; status: string; url: string }>;
  assert.deepEqual(members.map((m) => m.server_name).sort(), MEMBERS);
  for (const m of members) assert.equal(m.status, "Online", `${m.server_name}: ${m.status}`);
  const csv = must(await incus(["cluster", "list", "--format", "csv", "-c", "ns"]));
  assert.deepEqual(csv.trim().split("\n").sort(), MEMBERS.map((n) => `${n},ONLINE`));
});

test("incus cluster: set_target(\"node2\") places `incus create --empty` on node2 and its log_info is captured", async (t) => {
  if (!requireCluster(t)) return;
  await cleanupInstances();
  const src = [
    "def instance_placement(request, candidate_members):",
    "    log_info(\"placing \", request.name, \" reason=\", request.reason, \" n=\", len(candidate_members))",
    "    log_warn(\"w\")",
    "    log_error(\"e\")",
    "    set_target(\"node2\")",
  ].join("\n");
  must(await setScriptlet(src), "setting the scriptlet");
  const got = await captureLogs(() => incus(["create", "--empty", "smoke1"]));
  must(got.value, "incus create --empty smoke1");
  assert.equal(await instanceLocation("smoke1"), "node2");
  assert.deepEqual(
    got.logs.map((l) => [l.level, l.message, l.member, l.kind]),
    [
      ["info", "placing smoke1 reason=new n=3", "node1", "Instance placement"],
      ["warn", "w", "node1", "Instance placement"],
      ["error", "e", "node1", "Instance placement"],
    ],
  );
  assert.deepEqual(got.targets, ["node2"]);
});

test("incus cluster: set_target of a non-candidate fails the create with the scriptlet error", async (t) => {
  if (!requireCluster(t)) return;
  must(await setScriptlet("def instance_placement(request, candidate_members):\n    set_target(\"nonexistent\")\n"));
  const r = await incus(["create", "--empty", "smoke2"]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Error: Failed instance placement scriptlet: Failed to run: Invalid member name: nonexistent/);
  assert.equal(await instanceLocation("smoke2"), undefined);
});

test("parsePrettyLine reads the --pretty monitor format", () => {
  const l = parsePrettyLine('time="2026-11-25T20:22:51Z" level=warning msg="[node1] Instance placement scriptlet: say \\"hi\\""');
  assert.deepEqual(l, { level: "warn", message: 'say "hi"', kind: "Instance placement", member: "node1", timestamp: "2026-11-25T20:22:51Z" });
  assert.equal(parsePrettyLine('time="x" level=info msg="[node1] Instance placement scriptlet set member target" member=node2'), undefined);
});
