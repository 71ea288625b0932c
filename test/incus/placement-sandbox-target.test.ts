// set_target answered in the sandbox (server/src/incus/placement/sandbox-target.ts, the
// sandbox side in placement-tables.sandbox.ts): every result — target, log lines in their
// order among log_info/log_warn/log_error lines, error texts, backtraces, what a time limit
// leaves — must be what the host builtin alone gives (setSandboxTarget(false)), for valid
// calls, calls Incus refuses (a non-candidate, wrong arguments), repeated calls, and over the
// runs of an evacuation that reuses one sandbox. The host builtin's own answers are tested
// against the real Incus by the differential suites.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ApiMember, PlacementCluster } from "../../server/src/incus/placement/cluster";
import { parsePlacementCommand } from "../../server/src/incus/placement/command";
import { simulate } from "../../server/src/incus/placement/simulate";
import { setSandboxTarget } from "../../server/src/incus/placement/sandbox-target";
import { Session } from "../../server/src/starlark/engine";

function cluster(): PlacementCluster {
  const members: ApiMember[] = ["n1", "n2", "n3", "n\u00e94"].map((server_name) => ({ server_name, status: "Online", architecture: "x86_64", groups: ["default"], config: {}, roles: [] }));
  const instances = Array.from({ length: 9 }, (_, i) => ({ name: `i${i}`, location: members[i % 3 === 0 ? 0 : i % 2 ? 1 : 2].server_name, project: "default", config: {} }));
  return {
    serverVersion: "6.0.4", serverConfig: {}, members, groups: [{ name: "default" }],
    projects: [{ name: "default", config: {} }],
    profiles: () => [{ name: "default", config: {}, devices: {} }],
    instances, resources: () => undefined, memberState: () => undefined,
  };
}

const fn = (...body: string[]) => ["def instance_placement(request, candidate_members):", ...body.map((l) => "    " + l)].join("\n") + "\n";

const CASES: Record<string, string> = {
  valid: fn('set_target("n2")'),
  keyword: fn('set_target(member_name="n3")'),
  nonAscii: fn('set_target("n\u00e94")'),
  twice: fn('set_target("n2")', 'set_target("n3")'),
  invalidFirst: fn('log_info("before")', 'set_target("nope")', 'log_info("never")'),
  invalidAfterValid: fn('set_target("n2")', 'log_warn("between")', 'set_target("nope")', 'log_error("after")'),
  invalidThenFail: fn('set_target("n2")', 'set_target("n1" + "x")', 'fail("boom")'),
  wrongType: fn('set_target("n2")', "set_target(1)"),
  none: fn("set_target(None)"),
  missing: fn("set_target()"),
  tooMany: fn('set_target("n1", "n2")'),
  unknownKeyword: fn('set_target(name="n1")'),
  twoKeywords: fn('set_target(member_name="n1", member_name2="n2")'),
  positionalAndKeyword: fn('set_target("n1", member_name="n2")'),
  interleaved: fn(
    'log_info("a", 1, None)',
    "for m in candidate_members:",
    "    set_target(m.server_name)",
    '    log_warn("set ", m.server_name)',
    'set_target(candidate_members[0].server_name)',
    'log_error("c")',
  ),
  interleavedThenError: fn('log_info("a")', 'set_target("n3")', 'log_info("b")', "x = {}[1]"),
  viaVariable: fn("f = set_target", 'f("n1")', 'log_info("done")'),
};

async function both(src: string, argv: string[], opts: { timeoutMs?: number } = {}) {
  const run = async () => JSON.parse(JSON.stringify(await simulate(cluster(), src, parsePlacementCommand(argv), opts)));
  setSandboxTarget(false);
  let host;
  try {
    host = await run();
  } finally {
    setSandboxTarget(true);
  }
  return { host, sandbox: await run() };
}

test("set_target answered in the sandbox: the same target, log lines in the same order, the same errors as the host builtin", async () => {
  for (const [name, src] of Object.entries(CASES)) {
    const { host, sandbox } = await both(src, ["create", "--empty", "x1"]);
    assert.deepEqual(sandbox, host, name);
  }
});

test("the sandbox path is the one taken (no host call for a valid set_target), and the host's for errors", async () => {
  const proto = Session.prototype as unknown as { hostCall(req: string): string };
  const orig = proto.hostCall;
  let calls = 0;
  proto.hostCall = function (this: unknown, req: string) {
    calls++;
    return orig.call(this, req);
  };
  try {
    calls = 0;
    const ok = await simulate(cluster(), CASES.twice, parsePlacementCommand(["create", "--empty", "x1"]));
    assert.equal(ok.placements[0].target, "n3");
    assert.equal(calls, 0);
    calls = 0;
    const bad = await simulate(cluster(), CASES.invalidFirst, parsePlacementCommand(["create", "--empty", "x1"]));
    assert.match(bad.placements[0].error ?? "", /Invalid member name/);
    assert.equal(calls, 2); // log_info("before"), set_target("nope")
  } finally {
    proto.hostCall = orig;
  }
});

test("over an evacuation's runs in one sandbox, and through a time limit, the same results as the host builtin", async () => {
  const evac = fn(
    "best = None",
    "for m in candidate_members:",
    '    if best == None or m.server_name > best:',
    "        best = m.server_name",
    'log_info(request.name, " -> ", best)',
    'if request.name.endswith("4"):',
    '    set_target("nope")',
    "set_target(best)",
    'set_target("nope")',
    'log_info("kept")',
  );
  const e = await both(evac, ["cluster", "evacuate", "n1", "--force"]);
  assert.ok(e.host.placements.length >= 3);
  assert.deepEqual(e.sandbox, e.host);
  const stopped = await both(fn('log_info("a")', 'set_target("n2")', 'log_info("b")', "x = 0", "for i in range(100000000):", "    x += i"), ["create", "--empty", "x1"], { timeoutMs: 300 });
  assert.ok(stopped.host.placements[0].stoppedBy);
  assert.deepEqual(stopped.sandbox.placements[0].logs, stopped.host.placements[0].logs);
  assert.equal(stopped.sandbox.placements[0].logs.length, 3);
});
