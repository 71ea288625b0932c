// get_instances and get_cluster_member_state answered in the sandbox from answers the host
// gave in earlier runs (server/src/incus/placement/builtin-memo.ts): every result — logs,
// notes (the project-order note once per run, where the host puts it), errors, targets —
// must be what the host alone gives, while an evacuation moves instances between runs, the
// candidates change, the scriptlet mutates what it got, and one simulator runs on several
// clusters in turn.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ApiMember, PlacementCluster } from "../../server/src/incus/placement/cluster";
import { parsePlacementCommand } from "../../server/src/incus/placement/command";
import { PlacementSimulator } from "../../server/src/incus/placement/simulator";
import { setBuiltinMemo } from "../../server/src/incus/placement/builtin-memo";

function cluster(n: number, perMember: number, projectIds: boolean): PlacementCluster {
  const members: ApiMember[] = Array.from({ length: n }, (_, i) => ({
    server_name: `m${i}`, status: "Online", architecture: i === n - 1 ? "aarch64" : "x86_64", groups: ["default"], config: {}, roles: [],
  }));
  const instances = members.flatMap((m, j) =>
    Array.from({ length: j === 0 ? perMember * 2 : perMember }, (_, i) => ({
      name: `${m.server_name}-i${i}`, location: m.server_name, project: i % 3 ? "default" : "p1", architecture: i % 5 === 4 ? "aarch64" : "x86_64",
      config: { "limits.cpu": String(1 + (i % 3)) },
    })),
  );
  const states = new Map(members.map((m, i) => [m.server_name, { sysinfo: { processes: 100 + i, load_averages: [0.1, 0.2, 0.3] } }]));
  return {
    serverVersion: "6.0.4",
    serverConfig: {},
    members,
    groups: [{ name: "default" }],
    projects: projectIds ? [{ name: "default", id: 1, config: {} }, { name: "p1", id: 2, config: {} }] : [{ name: "default", config: {} }, { name: "p1", config: {} }],
    profiles: () => [{ name: "default", config: {}, devices: {} }],
    instances,
    resources: () => undefined,
    memberState: (name: string) => (name === "m2" ? undefined : states.get(name)),
  };
}

const SRC = `def instance_placement(request, candidate_members):
    best = None
    best_n = 0
    for m in candidate_members:
        insts = get_instances(location=m.server_name)
        tenants = get_instances(None, m.server_name)
        st = get_cluster_member_state(m.server_name)
        n = len(insts) + len(get_instances(location=m.server_name, project="p1"))
        log_info(m.server_name, " ", n, " ", [i.name + "@" + i.location for i in insts][-2:], " ", len(tenants), " ", str(st))
        if len(insts) > 1:
            insts[0].config["limits.cpu"] = "99"
            insts.append(None)
        if len(request.name) % 2 == 0:
            st.sysinfo.load_averages.append(9.0)
        if best == None or n < best_n:
            best = m
            best_n = n
    log_info(str(len(get_instances())), " ", str(len(get_instances(project="p1"))), " ", str(get_cluster_member_state(candidate_members[0].server_name)))
    if request.name.endswith("7"):
        log_warn(str(get_instances(project=1)))
    set_target(best.server_name)
`;

const OPS = [
  ["cluster", "evacuate", "m0", "--force"],
  ["create", "--empty", "n1"],
  ["create", "--empty", "n2", "--target", "m3"],
  ["cluster", "evacuate", "m1", "--force"],
  ["create", "--empty", "n3"],
];

async function results(memo: boolean): Promise<string> {
  setBuiltinMemo(memo);
  try {
    const out: unknown[] = [];
    const sim = await PlacementSimulator.open(SRC, "6.0.4");
    try {
      for (const c of [cluster(6, 9, false), cluster(5, 8, true)]) {
        for (const op of [...OPS, ...OPS]) out.push(await sim.simulate(c, parsePlacementCommand(op), { timeoutMs: 60_000 }));
      }
    } finally {
      sim.dispose();
    }
    return JSON.stringify(out, null, 1);
  } finally {
    setBuiltinMemo(true);
  }
}

test("memoised builtin answers give exactly the host's results", async () => {
  const without = await results(false);
  const withMemo = await results(true);
  assert.equal(withMemo, without);
  // The scenario covers what matters: evacuations that place instances, the order note,
  // the no-data note, a failing call.
  assert.match(without, /Incus orders instances by project id/);
  assert.match(without, /the snapshot has no data for this member/);
  assert.match(without, /"chosenBy": "scriptlet"/);
  assert.match(without, /got int, want string|for parameter project/);
});

test("a member's state answered from the memo only while that member may be asked for", async () => {
  const c = cluster(3, 0, true);
  c.members[2].architecture = "aarch64";
  c.instances = ["x86_64", "x86_64", "x86_64", "aarch64"].map((architecture, i) => ({ name: `i${i}`, location: "m0", project: "default", architecture }));
  const src = `def instance_placement(request, candidate_members):
    log_info(str(get_cluster_member_state("m1")))
    set_target(candidate_members[0].server_name)
`;
  const run = async (memo: boolean) => {
    setBuiltinMemo(memo);
    const sim = await PlacementSimulator.open(src, "6.0.4");
    try {
      return JSON.stringify(await sim.simulate(c, parsePlacementCommand(["cluster", "evacuate", "m0", "--force"]), { timeoutMs: 60_000 }));
    } finally {
      sim.dispose();
      setBuiltinMemo(true);
    }
  };
  const without = await run(false);
  assert.equal(await run(true), without);
  // The aarch64 instance's only candidate is m2: asking for m1 is refused there.
  assert.match(without, /Invalid member name/);
});
