// The simulator keeps candidate members interned in the sandbox and answers
// get_instances_count there (server/src/incus/placement/sandbox-tables.ts): runs must still
// get fresh values (a scriptlet's mutations do not leak into the next placement), counts
// must follow instances as an evacuation moves them, and every other use of
// get_instances_count (positional, project, pending, errors) must answer as the host builtin.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ApiMember, PlacementCluster } from "../../server/src/incus/placement/cluster";
import { parsePlacementCommand } from "../../server/src/incus/placement/command";
import { simulate } from "../../server/src/incus/placement/simulate";

function cluster(instancesOn: Record<string, number>): PlacementCluster {
  const members: ApiMember[] = Object.keys(instancesOn).map((name) => ({
    server_name: name, status: "Online", architecture: "x86_64", groups: ["default"], config: { k: "v" }, roles: [],
  }));
  const instances = Object.entries(instancesOn).flatMap(([loc, n]) =>
    Array.from({ length: n }, (_, i) => ({ name: `${loc}-i${i}`, location: loc, project: i % 2 ? "p1" : "default" })),
  );
  return {
    serverVersion: "6.0.4",
    serverConfig: {},
    members,
    groups: [{ name: "default" }],
    projects: [{ name: "default", config: {} }, { name: "p1", config: {} }],
    profiles: () => [{ name: "default", config: {}, devices: {} }],
    instances,
    resources: () => undefined,
    memberState: () => undefined,
  };
}

const fn = (...body: string[]) => ["def instance_placement(request, candidate_members):", ...body.map((l) => "    " + l)].join("\n") + "\n";

test("evacuation: counts follow the moved instances; mutated candidates do not leak into the next run", async () => {
  const c = cluster({ a: 4, b: 1, c: 2 });
  const src = fn(
    'log_info(",".join(["%s=%d:%s" % (m.server_name, get_instances_count(location=m.server_name), m.config.get("mine", "-")) for m in candidate_members]))',
    "for m in candidate_members:",
    '    m.config["mine"] = "x"',
    '    m.groups.append("g")',
    "candidate_members.append(None)",
    "set_target(candidate_members[0].server_name)",
  );
  const res = await simulate(c, src, parsePlacementCommand(["cluster", "evacuate", "a", "--force"]));
  assert.deepEqual(res.placements.map((p) => p.error), [null, null, null, null]);
  assert.deepEqual(res.placements.map((p) => p.logs[0].message.replace(/^.*: /, "")), [
    "b=1:-,c=2:-",
    "b=2:-,c=2:-",
    "c=2:-,b=3:-",
    "b=3:-,c=3:-",
  ]);
  assert.deepEqual(res.placements.map((p) => p.target), ["b", "b", "c", "b"]);
  // The cluster itself is untouched.
  assert.equal(c.instances.filter((i) => i.location === "a").length, 4);
  assert.deepEqual(c.members[1].config, { k: "v" });
});

test("get_instances_count: every argument form and error, as the host builtin answers", async () => {
  const c = cluster({ a: 3, b: 2 });
  const calls = [
    "get_instances_count()",
    'get_instances_count("p1")',
    'get_instances_count(project="default")',
    'get_instances_count(location="a")',
    'get_instances_count("", "b")',
    'get_instances_count("p1", "a")',
    'get_instances_count(None, "a")',
    'get_instances_count(location=None)',
    'get_instances_count(location="a", pending=False)',
    'get_instances_count(location="a", project="p1")',
    'get_instances_count(location="a", pending=True)',
    'get_instances_count("default", "a", True)',
    'get_instances_count(location="nosuch")',
    'get_instances_count(project="nosuch")',
    "get_instances_count(1)",
    'get_instances_count(location=1)',
    'get_instances_count(pending="yes")',
    'get_instances_count(where="x")',
    'get_instances_count("a", project="b")',
    'get_instances_count("a", "b", True, 4)',
  ];
  const out: string[] = [];
  for (const call of calls) {
    const src = fn(`log_info(${call})`);
    const res = await simulate(c, src, parsePlacementCommand(["create", "--empty", "x"]));
    const p = res.placements[0];
    out.push(p.error ?? p.logs[0].message.replace(/^.*: /, ""));
    if (call.includes("True") && !p.error) assert.ok(p.notes.some((n) => n.startsWith("get_instances_count(pending=True)")), call);
  }
  assert.deepEqual(out, [
    "5", "2", "3", "3", "2", "1", "3", "5", "3", "1", "3", "2",
    "Failed to run: Node not found",
    "Failed to run: Project not found",
    "Failed to run: get_instances_count: for parameter project: got int, want string",
    'Failed to run: get_instances_count: for parameter "location": got int, want string',
    'Failed to run: get_instances_count: for parameter "pending": got string, want bool',
    'Failed to run: get_instances_count: unexpected keyword argument "where"',
    'Failed to run: get_instances_count: got multiple values for keyword argument "project"',
    "Failed to run: get_instances_count: got 4 arguments, want at most 3",
  ]);
});

test("a scriptlet run again in a later simulation (its program resumed in the reused session) answers from that simulation's cluster", async () => {
  // The top level computes a global once; each simulation's builtins (host and in-sandbox)
  // must be that simulation's: its members, counts and log lines.
  const src = [
    "PREFIX = \"-\".join([\"n\", str(len([1, 2, 3]))])",
    fn(
      'log_info("%s %s" % (PREFIX, ",".join(["%s=%d" % (m.server_name, get_instances_count(location=m.server_name)) for m in candidate_members])))',
      "n = get_instances(location=candidate_members[-1].server_name)",
      'log_warn("last has %d" % len(n))',
      "set_target(candidate_members[-1].server_name)",
    ),
  ].join("\n");
  const create = parsePlacementCommand(["create", "--empty", "x"]);
  const first = await simulate(cluster({ a: 1, b: 2 }), src, create);
  const second = await simulate(cluster({ c: 5, d: 3, e: 4 }), src, create);
  const again = await simulate(cluster({ a: 1, b: 2 }), src, create);
  const logs = (r: typeof first) => r.placements[0].logs.map((l) => `${l.level}: ${l.message.replace(/^.*?: /, "")}`);
  assert.deepEqual([first.placements[0].target, second.placements[0].target, again.placements[0].target], ["b", "c", "b"]);
  const set = "info: Instance placement scriptlet set member target";
  assert.deepEqual(logs(first), ["info: n-3 a=1,b=2", "warn: last has 2", set]);
  assert.deepEqual(logs(second), ["info: n-3 d=3,e=4,c=5", "warn: last has 5", set]);
  assert.deepEqual(logs(again), logs(first));
});
