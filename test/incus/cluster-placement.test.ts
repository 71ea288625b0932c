// Regression tests of what docs/incus-observed.md records about Incus 6.0.4's placement
// scriptlet, run against the real test cluster (tools/incus-cluster/start.sh). These are the
// oracle facts a placement simulator must reproduce; if one fails after an Incus upgrade,
// update docs/incus-observed.md together with the test.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  requireCluster, clusterAvailable, incus, must, setScriptlet, captureLogs, cleanupInstances,
  instanceLocation, PLACEMENT_KEY, Captured, IncusResult,
} from "../support/incus-cluster";

const fn = (...body: string[]) => ["def instance_placement(request, candidate_members):", ...body.map((l) => "    " + l)].join("\n") + "\n";

/** A scriptlet logging reason, name, project and candidate names, then optionally set_target. */
const LOGGER = (target?: string) => fn(
  'log_info(request.reason, "|", request.name, "|", request.project, "|", ",".join([c.server_name for c in candidate_members]))',
  ...(target ? [`set_target(${JSON.stringify(target)})`] : []),
);

interface Seen { reason: string; name: string; project: string; candidates: string[]; member: string }
function seen(logs: Array<{ message: string; member: string }>): Seen[] {
  return logs.filter((l) => l.message.split("|").length === 4).map((l) => {
    const [reason, name, project, cands] = l.message.split("|");
    return { reason, name, project, candidates: cands ? cands.split(",").sort() : [], member: l.member };
  });
}

let ok = false;
before(async () => {
  if (clusterAvailable()) { requireCluster(); await cleanupInstances(); ok = true; }
});
beforeEach(async () => {
  if (ok) await cleanupInstances();
});
after(async () => {
  if (ok) await cleanupInstances();
});

test("setting a bad scriptlet: exact `incus config set` errors", async (t) => {
  if (!requireCluster(t)) return;
  const cases: Array<[string, string]> = [
    [fn("x = = 1"), "instance_placement:2:9: got '=', want primary expression"],
    [fn("undefined_fn()"), "instance_placement:2:5: undefined: undefined_fn"],
    [fn("s = {1, 2}"), "instance_placement:2:12: got ',', want ':'"],
    [fn("while True:", "    pass"), "instance_placement:2:5: this Starlark dialect does not support while loops"],
    ["if True:\n    pass\n" + fn("pass"), "instance_placement:1:1: if statement not within a function"],
    ["x = 1\nx = 2\n" + fn("pass"), "instance_placement:2:1: cannot reassign global x declared at instance_placement:1:1"],
    ['load("x.star", "y")\n' + fn("pass"), "load not implemented by this application"],
    ['log_info("top")\n' + fn("pass"), "internal error: predeclared variable log_info is uninitialized"],
    ["x = 1/0\n" + fn("pass"), "floating-point division by zero"],
    ["def placement(request, candidate_members):\n    pass\n", 'the function "instance_placement" is required but has not been found in the scriptlet'],
    ["def instance_placement(req, members):\n    pass\n", 'the required function "instance_placement" defines arguments ["members" "req"] (expected ["candidate_members" "request"])'],
    ["def instance_placement(request):\n    pass\n", 'the required function "instance_placement" defines arguments ["request"] (expected ["request" "candidate_members"])'],
    ["instance_placement = 5\n", '"instance_placement" should define the scriptlet’s required function of the same name (found a value of type int instead)'],
  ];
  must(await setScriptlet(fn("pass")));
  for (const [src, reason] of cases) {
    const r = await setScriptlet(src);
    assert.equal(r.code, 1, src);
    assert.equal(r.stderr.trim(), `Error: cannot set '${PLACEMENT_KEY}' to '${src}': ${reason}`);
  }
  // the previous scriptlet stays in force; top-level universe builtins and swapped parameters are fine
  assert.equal(must(await incus(["config", "get", PLACEMENT_KEY])), fn("pass") + "\n");
  must(await setScriptlet("n = len([1, 2])\n" + fn("pass")));
  must(await setScriptlet("def instance_placement(candidate_members, request):\n    pass\n"));
});

test("placement-time errors: exact `incus create` errors", async (t) => {
  if (!requireCluster(t)) return;
  const cases: Array<[string, string]> = [
    [fn('set_target("nonexistent")'), "Failed to run: Invalid member name: nonexistent"],
    [fn("x = 1/0"), "Failed to run: floating-point division by zero"],
    [fn('fail("boom")'), "Failed to run: fail: boom"],
    [fn("candidate_members[0].nope"), 'Failed to run: Invalid field "nope"'],
    [fn('request["name"]'), "Failed to run: unhandled index operation InstancePlacement[string]"],
    ["def f(n):\n    return f(n)\n" + fn("f(1)"), "Failed to run: function f called recursively"],
    [fn('return "node1"'), 'Failed with unexpected return value: "node1"'],
    [fn("return 5"), "Failed with unexpected return value: 5"],
  ];
  let i = 0;
  for (const [src, detail] of cases) {
    must(await setScriptlet(src));
    const name = `err${i++}`;
    const r = await incus(["create", "--empty", name]);
    assert.equal(r.code, 1, src);
    assert.equal(r.stdout.trim(), `Creating ${name}`);
    assert.equal(r.stderr.trim(), `Error: Failed instance placement scriptlet: ${detail}`);
    assert.equal(await instanceLocation(name), undefined);
  }
});

test("log lines: str() of each argument concatenated, emission order restored, warn/error once", async (t) => {
  if (!requireCluster(t)) return;
  must(await setScriptlet(fn(
    'log_info(None, " ", "s", " ", ["s", 1, None, True], " ", {"k": (1,)}, " ", 1.5, " ", b"by")',
    "log_info()",
    'log_info("a", sep="x")',
    'log_warn("w")',
    'log_error("e")',
    "for i in range(30):",
    '    log_info("n", i)',
    'set_target("node3")',
    'set_target("node2")',
  )));
  const got = await captureLogs(() => incus(["create", "--empty", "logs1"]));
  must(got.value);
  assert.equal(await instanceLocation("logs1"), "node2");
  assert.deepEqual(got.logs.map((l) => `${l.level}:${l.message}`), [
    'info:None s ["s", 1, None, True] {"k": (1,)} 1.5 b"by"',
    "info:",
    "info:a",
    "warn:w",
    "error:e",
    ...Array.from({ length: 30 }, (_, i) => `info:n${i}`),
  ]);
  assert.ok(got.logs.every((l) => l.member === "node1" && l.kind === "Instance placement"));
  assert.deepEqual(got.targets, ["node3", "node2"]);
});

test("values: str(request), dir() quoting, get_instance_resources()", async (t) => {
  if (!requireCluster(t)) return;
  must(await setScriptlet(fn(
    "log_info(str(request))",
    "log_info(dir(candidate_members[0]))",
    "log_info(get_instance_resources())",
  )));
  const got = await captureLogs(() => incus(["create", "--empty", "val1", "-c", "limits.cpu=2", "-c", "limits.memory=1GiB", "-d", "root,size=5GiB"]));
  must(got.value);
  const [req, dirm, res] = got.logs.map((l) => l.message);
  assert.equal(req,
    '{"architecture": "", "config": {"limits.cpu": "2", "limits.memory": "1GiB"}, "devices": {"root": {"path": "/", "pool": "local", "size": "5GiB", "type": "disk"}}, ' +
    '"ephemeral": False, "profiles": ["default"], "restore": "", "stateful": False, "description": "", "name": "val1", ' +
    '"source": {"type": "none", "certificate": "", "alias": "", "fingerprint": "", "properties": {}, "server": "", "secret": "", "protocol": "", "base-image": "", "mode": "", "operation": "", "secrets": {}, "source": "", "live": False, "instance_only": False, "refresh": False, "refresh_exclude_older": False, "project": "", "allow_inconsistent": False}, ' +
    '"instance_type": "", "type": "container", "start": False, "reason": "new", "project": "default"}');
  assert.equal(dirm, '["\\"architecture\\"", "\\"config\\"", "\\"database\\"", "\\"description\\"", "\\"failure_domain\\"", "\\"groups\\"", "\\"message\\"", "\\"roles\\"", "\\"server_name\\"", "\\"status\\"", "\\"url\\""]');
  assert.equal(res, '{"cpu_cores": 2, "memory_size": 1073741824, "root_disk_size": 5368709120}');
});

test("reasons and candidates: new, --target, evacuation, restore, move", async (t) => {
  if (!requireCluster(t)) return;
  must(await setScriptlet(LOGGER()));
  const created = await captureLogs(async () => {
    must(await incus(["create", "--empty", "r1"]));
    must(await incus(["create", "--empty", "r2", "--target", "node1"]));
    must(await incus(["create", "--empty", "r3", "--target", "node1"]));
  });
  assert.deepEqual(seen(created.logs), [
    { reason: "new", name: "r1", project: "default", candidates: ["node1", "node2", "node3"], member: "node1" },
    { reason: "new", name: "r2", project: "default", candidates: ["node1"], member: "node1" },
    { reason: "new", name: "r3", project: "default", candidates: ["node1"], member: "node1" },
  ]);
  // (r1 goes to the first candidate; with equal counts their order is not fixed)
  const onNode1: string[] = [];
  for (const n of ["r1", "r2", "r3"]) if ((await instanceLocation(n)) === "node1") onNode1.push(n);

  // --target MEMBER with a scriptlet choosing another member
  must(await setScriptlet(LOGGER("node3")));
  const r = await incus(["create", "--empty", "r4", "--target", "node2"]);
  assert.equal(r.stderr.trim(), "Error: Failed instance placement scriptlet: Failed to run: Invalid member name: node3");

  // evacuation: runs on the evacuated member, once per instance, candidates = the others
  must(await setScriptlet(LOGGER()));
  let got: Captured<IncusResult> = await captureLogs(() => incus(["cluster", "evacuate", "node1", "--force"]));
  must(got.value);
  assert.deepEqual(seen(got.logs).map((s) => [s.reason, s.name, s.candidates.join(","), s.member]).sort(),
    onNode1.map((n) => ["evacuation", n, "node2,node3", "node1"]));
  // a new instance while node1 is evacuated
  got = await captureLogs(() => incus(["create", "--empty", "r5"]));
  must(got.value);
  assert.deepEqual(seen(got.logs)[0].candidates, ["node2", "node3"]);
  const ev = await incus(["create", "--empty", "r6", "--target", "node1"]);
  assert.equal(ev.stderr.trim(), "Error: Cluster member is evacuated");

  // restore: reason "relocation", candidates = [origin], run where the instance is now
  const where = new Map<string, string>();
  for (const n of onNode1) where.set(n, (await instanceLocation(n))!);
  got = await captureLogs(() => incus(["cluster", "restore", "node1", "--force"]));
  must(got.value);
  assert.deepEqual(seen(got.logs).map((s) => [s.reason, s.name, s.candidates.join(","), s.member]).sort(),
    onNode1.map((n) => ["relocation", n, "node1", where.get(n)]));
  for (const n of onNode1) assert.equal(await instanceLocation(n), "node1");

  // move: reason "relocation", candidates = [target], run on the instance's member
  got = await captureLogs(() => incus(["move", "r2", "--target", "node3"]));
  must(got.value);
  assert.deepEqual(seen(got.logs), [{ reason: "relocation", name: "r2", project: "default", candidates: ["node3"], member: "node1" }]);
  assert.equal(await instanceLocation("r2"), "node3");
  must(await setScriptlet(LOGGER("node2")));
  const mv = await incus(["move", "r2", "--target", "node1"]);
  assert.equal(mv.stderr.trim(), "Error: Migration API failure: Failed instance placement scriptlet: Failed to run: Invalid member name: node2");

  // a failing evacuation (node3 is never a candidate when evacuating node3) leaves it ONLINE
  must(await setScriptlet(LOGGER("node3")));
  const evf = await incus(["cluster", "evacuate", "node3", "--force"]);
  assert.match(evf.stderr.trim(), /^Error: Failed to evacuate instances: Failed instance placement scriptlet for instance "r\d" in project "default": Failed to run: Invalid member name: node3$/);
  const st = JSON.parse(must(await incus(["query", "/1.0/cluster/members/node3"]))) as { status: string };
  assert.equal(st.status, "Online");
});

test("cluster groups, scheduler.instance and restricted projects shape the candidates", async (t) => {
  if (!requireCluster(t)) return;
  must(await incus(["cluster", "group", "create", "gA"]));
  must(await incus(["cluster", "group", "add", "node2", "gA"]));
  must(await incus(["cluster", "group", "add", "node3", "gA"]));
  must(await setScriptlet(LOGGER()));
  const cands = async (args: string[]) => {
    const got = await captureLogs(() => incus(["create", "--empty", ...args]));
    must(got.value, args.join(" "));
    return seen(got.logs).map((s) => s.candidates.join(","));
  };
  assert.deepEqual(await cands(["g1", "--target", "@gA"]), ["node2,node3"]);
  const nog = await incus(["create", "--empty", "g2", "--target", "@nosuch"]);
  assert.equal(nog.stderr.trim(), 'Error: Cluster group "nosuch" doesn\'t exist');

  must(await incus(["cluster", "set", "node1", "scheduler.instance=manual"]));
  assert.deepEqual(await cands(["m1"]), ["node2,node3"]);
  assert.deepEqual(await cands(["m2", "--target", "node1"]), ["node1"]);
  must(await incus(["cluster", "unset", "node1", "scheduler.instance"]));

  must(await incus(["cluster", "set", "node2", "scheduler.instance=group"]));
  assert.deepEqual(await cands(["s1"]), ["node1,node3"]);
  assert.deepEqual(await cands(["s2", "--target", "@gA"]), ["node2,node3"]);
  assert.deepEqual(await cands(["s3", "--target", "@default"]), ["node1,node2,node3"]); // all three are in default
  must(await incus(["cluster", "unset", "node2", "scheduler.instance"]));

  must(await incus(["project", "create", "p1", "-c", "features.profiles=true", "-c", "restricted=true", "-c", "restricted.cluster.groups=gA"]));
  must(await incus(["profile", "device", "add", "default", "root", "disk", "path=/", "pool=local", "--project", "p1"]));
  const got = await captureLogs(() => incus(["create", "--empty", "pc1", "--project", "p1"]));
  must(got.value);
  assert.deepEqual(seen(got.logs).map((s) => [s.project, s.candidates.join(",")]), [["p1", "node2,node3"]]);
  const r1 = await incus(["create", "--empty", "pc2", "--project", "p1", "--target", "node1"]);
  assert.equal(r1.stderr.trim(), 'Error: Project isn\'t allowed to use this cluster member: "node1"');
  const r2 = await incus(["create", "--empty", "pc3", "--project", "p1", "--target", "@default"]);
  assert.equal(r2.stderr.trim(), 'Error: Project isn\'t allowed to use this cluster group: "default"');
  const r3 = await incus(["project", "create", "p2", "-c", "features.profiles=false", "-c", "restricted=true"]);
  assert.equal(r3.stderr.trim(), "Error: Projects without their own profiles cannot be restricted");
});

test("instance names are validated before the scriptlet runs; duplicates after", async (t) => {
  if (!requireCluster(t)) return;
  must(await setScriptlet(LOGGER()));
  const bad = await captureLogs(() => incus(["create", "--empty", "bad_name"]));
  assert.equal(bad.value.stderr.trim(), "Error: Invalid instance name: Name can only contain alphanumeric and hyphen characters");
  assert.deepEqual(bad.logs, []);
  must(await incus(["create", "--empty", "dup"]));
  const dup = await captureLogs(() => incus(["create", "--empty", "dup"]));
  assert.match(dup.value.stderr, /UNIQUE constraint failed: instances.project_id, instances.name/);
  assert.equal(seen(dup.logs).length, 1);
});

test("evacuation gives the scriptlet 5 s, then cancels it", async (t) => {
  if (!requireCluster(t)) return;
  must(await incus(["create", "--empty", "slow1", "--target", "node2"]));
  must(await setScriptlet(fn(
    'if request.reason == "evacuation":',
    "    n = 0",
    "    for i in range(300000000):",
    "        n += 1",
  )));
  const t0 = Date.now();
  const r = await incus(["cluster", "evacuate", "node2", "--force"]);
  const ms = Date.now() - t0;
  assert.equal(r.stderr.trim(), 'Error: Failed to evacuate instances: Failed instance placement scriptlet for instance "slow1" in project "default": ' +
    "Failed to run: Starlark computation cancelled: Request finished");
  assert.ok(ms >= 4500 && ms < 30_000, `took ${ms} ms`);
  assert.equal(await instanceLocation("slow1"), "node2");
});
