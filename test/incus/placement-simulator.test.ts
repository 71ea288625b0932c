// The reuse paths of the placement simulator must give what a fresh simulate() gives:
// PlacementSimulator (one loaded scriptlet for many operations), withdrawInstance (the cluster
// without one instance, edited in place and put back), the evacuation's candidate sets kept
// in step (EvacuationCandidates), and the instances / member states handed to the sandbox by
// reference after their first run (SharedRefs) — a run's mutations must not leak into the next.
import { test } from "node:test";
import assert from "node:assert/strict";
import { candidateMembers } from "../../server/src/incus/placement/candidates";
import type { ApiInstance, ApiMember, PlacementCluster } from "../../server/src/incus/placement/cluster";
import { parsePlacementCommand } from "../../server/src/incus/placement/command";
import { EvacuationCandidates } from "../../server/src/incus/placement/evacuation-candidates";
import { deriveInstanceIndex, InstanceIndex, instanceIndex, relocateInstance, withdrawInstance } from "../../server/src/incus/placement/instance-index";
import { simulate } from "../../server/src/incus/placement/simulate";
import { emptyPlacement, fillCandidates, lazyPlacement } from "../../server/src/incus/placement/steps";
import { PlacementSimulator } from "../../server/src/incus/placement/simulator";
import { MemberRefs } from "../../server/src/incus/placement/sandbox-tables";
import { Session, type HostRef, type HostValue } from "../../server/src/starlark/engine";

function cluster(instancesOn: Record<string, number>, states = false): PlacementCluster {
  const members: ApiMember[] = Object.keys(instancesOn).map((name, i) => ({
    server_name: name, status: "Online", architecture: i === 2 ? "aarch64" : "x86_64", groups: i % 2 ? ["default", "blue"] : ["default"], config: {}, roles: [],
  }));
  const instances: ApiInstance[] = Object.entries(instancesOn).flatMap(([loc, n]) =>
    Array.from({ length: n }, (_, i) => ({
      name: `${loc}-i${i}`, location: loc, project: i % 3 ? "p1" : "default",
      architecture: i % 4 === 3 ? "aarch64" : "x86_64",
      config: { "limits.cpu": String(1 + (i % 3)), ...(i % 5 === 4 ? { "volatile.cluster.group": "blue" } : {}) },
    })),
  );
  const state = new Map(members.map((m, i) => [m.server_name, { sysinfo: { load_averages: [i, 0.5, 0.25], free_ram: 1000 * i }, storage_pools: {} }]));
  return {
    serverVersion: "6.0.4",
    serverConfig: {},
    members,
    groups: [{ name: "default" }, { name: "blue" }],
    projects: [{ name: "default", config: {} }, { name: "p1", config: {} }],
    profiles: () => [{ name: "default", config: {}, devices: {} }],
    instances,
    resources: () => undefined,
    memberState: (m) => (states ? state.get(m) : undefined),
  };
}

const fn = (...body: string[]) => ["def instance_placement(request, candidate_members):", ...body.map((l) => "    " + l)].join("\n") + "\n";

/** Logs what the builtins return, mutates it, and picks by counts. */
const NOSY = fn(
  "best = None",
  "for m in candidate_members:",
  "    insts = get_instances(location=m.server_name)",
  '    log_info(m.server_name, ":", ",".join([i.name + "/" + i.location + "/" + str(len(i.config)) for i in insts]))',
  "    for i in insts:",
  '        i.config["seen"] = "yes"',
  "    s = get_cluster_member_state(m.server_name)",
  '    log_info(m.server_name, " load ", str(s.sysinfo.load_averages))',
  "    s.sysinfo.load_averages.append(9)",
  "    if best == None or get_instances_count(location=m.server_name) < get_instances_count(location=best):",
  "        best = m.server_name",
  'if request.name.endswith("3"):',
  '    fail("boom " + request.name)',
  "if best != None:",
  "    set_target(best)",
);

test("PlacementSimulator: many operations on one loaded scriptlet give what simulate() gives each time", async () => {
  const c = cluster({ a: 6, b: 2, c: 3, d: 1 }, true);
  const commands = [
    "create --empty x1", "cluster evacuate a --force", "create --empty x3", "create --empty x4 --target c",
    "cluster evacuate b --force", "move a-i1 --target d", "create --empty x5",
  ].map((s) => parsePlacementCommand(s.split(" ")));
  const sim = await PlacementSimulator.open(NOSY, "6.0.4");
  try {
    for (const op of commands) {
      const fresh = await simulate(c, NOSY, op);
      const reused = await sim.simulate(c, op);
      assert.deepEqual(reused, fresh, JSON.stringify(op));
      // And again: what the previous run interned or mutated changes nothing.
      assert.deepEqual(await sim.simulate(c, op), fresh, JSON.stringify(op));
    }
  } finally {
    sim.dispose();
  }
  const evac = await simulate(c, NOSY, parsePlacementCommand(["cluster", "evacuate", "a", "--force"]));
  // Each run sees fresh values: no "seen" key, three load averages.
  const logs = evac.placements.flatMap((p) => p.logs.map((l) => l.message));
  assert.ok(logs.some((l) => l.includes(" load [")), logs.join("\n"));
  assert.ok(logs.every((l) => !l.includes(" load ") || /load \[[^,\]]+, [^,\]]+, [^,\]]+\]$/.test(l)), logs.join("\n"));
  assert.ok(logs.filter((l) => l.includes("/")).every((l) => !/\/[3-9](,|$)/.test(l)), logs.join("\n"));
  // The evacuation moves instances: get_instances shows each where it is now.
  const placed = evac.placements.filter((p) => p.target);
  assert.ok(placed.length > 1);
  const seenMoved = evac.placements.some((later, j) => placed.some((p) => evac.placements.indexOf(p) < j && later.logs.some((l) => l.message.includes(`${p.instance}/${p.target}/`))));
  assert.ok(seenMoved, JSON.stringify(evac.placements.map((p) => p.logs)));
});

test("get_instances_count in the sandbox after evacuations one after another on one session: each member's count at that placement", async () => {
  // The sandbox's count tables follow each evacuation's own index (sandbox-tables.ts sends
  // only what changed since the state two evacuations share): every count a run sees must
  // be the placement's own candidate count (computed on the host).
  const c = cluster({ a: 5, b: 3, c: 4, d: 1, e: 2 });
  const src = fn(
    "for m in candidate_members:",
    '    log_info(m.server_name, "=", str(get_instances_count(location=m.server_name)))',
    'log_info("all=", str(get_instances_count()), " p1=", str(get_instances_count(project="p1")))',
  );
  const sim = await PlacementSimulator.open(src, "6.0.4");
  try {
    const commands = ["cluster evacuate a --force", "cluster evacuate c --force", "create --empty x1", "cluster evacuate a --force", "cluster evacuate b --force", "cluster evacuate a --force"];
    for (const cmd of commands) {
      const res = await sim.simulate(c, parsePlacementCommand(cmd.split(" ")));
      const runs = res.placements.filter((p) => p.logs.length > 0);
      assert.ok(runs.length > 0, cmd);
      for (const p of runs) {
        const seen = Object.fromEntries(p.logs.slice(0, -1).map((l) => l.message.replace(/^[^:]*: /, "").split("=")).map(([m, n]) => [m, Number(n)]));
        assert.deepEqual(seen, p.counts, `${cmd}: ${p.instance}`);
        const p1 = c.instances.filter((i) => i.project === "p1").length;
        assert.match(p.logs.at(-1)!.message, new RegExp(`all=${c.instances.length} p1=${p1}$`), `${cmd}: ${p.instance}`);
      }
    }
  } finally {
    sim.dispose();
  }
});

test("a derived instance index (lists copied when first used) answers as an index built from its instances, move after move", () => {
  const c = cluster({ a: 7, b: 3, c: 2, d: 0 });
  instanceIndex(c);
  const replaced = new Map<ApiInstance, ApiInstance>();
  const instances = c.instances.map((i) => {
    if (i.location !== "a") return i;
    const copy = { ...i };
    replaced.set(i, copy);
    return copy;
  });
  const working = { ...c, instances };
  deriveInstanceIndex(c, instances, replaced);
  const idx = instanceIndex(working);
  const keys = ["", "default", "p1", "nosuch"].flatMap((p) => ["", "a", "b", "c", "d", "e"].map((l) => [p, l] as const));
  const check = (when: string) => {
    const fresh = new InstanceIndex(instances);
    for (const [p, l] of keys) {
      // (The same instances; a moved one is last in its new lists, as relocate puts it.)
      const names = (l: readonly ApiInstance[]) => l.map((i) => i.name).sort();
      assert.deepEqual(names(idx.find(p, l)), names(fresh.find(p, l)), `${when}: find(${p}, ${l})`);
      assert.ok(idx.find(p, l).every((i) => instances.includes(i)), "the working cluster's own instances");
      assert.equal(idx.count(p, l), fresh.count(p, l));
      assert.equal(idx.countOf(`${p}\u0000${l}`), fresh.count(p, l), `${when}: countOf(${p}, ${l})`);
    }
    for (const l of ["", "a", "b", "d", "e"]) assert.equal(idx.countOnMember(l), fresh.countOnMember(l), `${when}: countOnMember(${l})`);
    assert.deepEqual(new Map(idx.counts().filter(([, n]) => n > 0)), new Map(fresh.counts().filter(([, n]) => n > 0)), when);
  };
  // Counts first (nothing copied yet), then moves, then every list read.
  assert.equal(idx.countOnMember("a"), 7);
  assert.equal(idx.countOf("p1\u0000b"), 2);
  for (const to of ["d", "e", "b", "d"]) {
    relocateInstance(working, instances.find((i) => i.location === "a")!, to);
    assert.equal(idx.countOnMember(to), new InstanceIndex(instances).countOnMember(to));
  }
  check("after 4 moves");
  relocateInstance(working, instances.find((i) => i.location === "a")!, "c");
  check("after 5 moves");
  // The base is untouched, and holds the originals.
  assert.equal(instanceIndex(c).countOnMember("a"), 7);
  assert.ok(instanceIndex(c).find("", "a").every((i) => replaced.has(i)));
});

test("withdrawInstance: the cluster without the instance, then exactly as before (order, index, counts)", () => {
  const c = cluster({ a: 5, b: 3 });
  const idx = instanceIndex(c);
  const before = { all: c.instances.map((i) => i.name), a: idx.find("", "a").map((i) => i.name), p1a: idx.find("p1", "a").map((i) => i.name), n: idx.count("", "") };
  const victim = c.instances[2];
  const putBack = withdrawInstance(c, victim);
  assert.equal(c.instances.includes(victim), false);
  assert.equal(idx.count("", ""), before.n - 1);
  assert.equal(idx.find(victim.project!, "").includes(victim), false);
  assert.equal(idx.find("", "a").includes(victim), false);
  assert.equal(instanceIndex(c), idx, "the same index, kept in step");
  putBack();
  assert.deepEqual(c.instances.map((i) => i.name), before.all);
  assert.deepEqual(idx.find("", "a").map((i) => i.name), before.a);
  assert.deepEqual(idx.find("p1", "a").map((i) => i.name), before.p1a);
  assert.equal(idx.count("", ""), before.n);
});

test("EvacuationCandidates: after each move, the same order and counts as candidateMembers recomputed", () => {
  const c = cluster({ a: 9, b: 2, c: 2, d: 2, e: 0, f: 1 });
  const working: PlacementCluster = { ...c, members: c.members.map((m) => (m.server_name === "a" ? { ...m, status: "Evacuated" } : m)), instances: c.instances.map((i) => ({ ...i })) };
  const sets = new EvacuationCandidates(working);
  const queries = [
    { key: "x86_64\u0000", q: { architectures: ["x86_64"] } },
    { key: "aarch64\u0000blue", q: { architectures: ["aarch64"], prefilter: (m: ApiMember) => ((m.groups ?? []).includes("blue") ? undefined : "not blue") } },
  ];
  const moves = ["e", "e", "f", "b", "e", "d", "f", "c", "e"];
  for (const to of moves) {
    for (const { key, q } of queries) {
      const kept = sets.get(key, q);
      const fresh = candidateMembers(working, q);
      assert.deepEqual(kept.candidates.map((m) => m.server_name), fresh.candidates.map((m) => m.server_name), `${key} before moving to ${to}`);
      assert.deepEqual(kept.excluded, fresh.excluded);
      for (const m of fresh.candidates) assert.equal(kept.counts.get(m.server_name), fresh.counts.get(m.server_name));
      assert.deepEqual(kept.lists!(), { names: fresh.candidates.map((m) => m.server_name), counts: fresh.candidates.map((m) => fresh.counts.get(m.server_name) ?? 0) });
    }
    const inst = working.instances.find((i) => i.location === "a")!;
    sets.moved("a", to);
    relocateInstance(working, inst, to);
  }
});

test("EvacuationCandidates: long runs of ties (the chosen member moves past many of its equals)", () => {
  // 60 members, counts 0..2 in a scrambled API order: each move shifts the chosen member past
  // a run of ties, found by a binary search; checked against candidateMembers after each move.
  const on: Record<string, number> = { src: 100 };
  for (let i = 0; i < 60; i++) on[`m${String((i * 37) % 60).padStart(2, "0")}`] = (i * 7) % 3;
  const c = cluster(on);
  const working: PlacementCluster = { ...c, members: c.members.map((m) => (m.server_name === "src" ? { ...m, status: "Evacuated" } : m)), instances: c.instances.map((i) => ({ ...i })) };
  const sets = new EvacuationCandidates(working);
  const q = { architectures: ["x86_64", "aarch64"] };
  // Each step's lists, made again afterwards in any order (candidate-history.ts replays the
  // moves from its checkpoints): the same as made at the time.
  const listsAt: { lists: () => { names: string[]; counts: number[] }; want: { names: string[]; counts: number[] } }[] = [];
  for (let step = 0; step < 100; step++) {
    const kept = sets.get("k", q);
    const fresh = candidateMembers(working, q);
    assert.deepEqual(kept.candidates.map((m) => m.server_name), fresh.candidates.map((m) => m.server_name), `step ${step}`);
    assert.deepEqual(kept.lists!(), { names: fresh.candidates.map((m) => m.server_name), counts: fresh.candidates.map((m) => fresh.counts.get(m.server_name) ?? 0) }, `step ${step}`);
    listsAt.push({ lists: kept.lists!, want: kept.lists!() });
    // The first candidate (Incus's default), or one further along now and then.
    const to = kept.candidates[step % 7 === 6 ? Math.min(5, kept.candidates.length - 1) : 0].server_name;
    if (kept.edit) {
      // The edit turns the last list into this one.
      const b = kept.edit.base.slice();
      for (let i = 0; i < kept.edit.moves.length; i += 2) {
        const [x] = b.splice(kept.edit.moves[i], 1);
        b.splice(kept.edit.moves[i + 1], 0, x);
      }
      assert.deepEqual(b, kept.candidates, `edit at step ${step}`);
    } else assert.equal(step, 0, "an edit after the first list");
    const inst = working.instances.find((i) => i.location === "src")!;
    sets.moved("src", to);
    relocateInstance(working, inst, to);
  }
  for (const i of [99, 0, 50, 31, 32, 33, 64, 98, 1, 97, 65, 63]) assert.deepEqual(listsAt[i].lists(), listsAt[i].want, `lists of step ${i}`);
  for (const { lists, want } of listsAt) assert.deepEqual(lists(), want);
});

test("evacuation placements: counts (made when read) are the candidates' counts at that placement, and behave as a record", async () => {
  const c = cluster({ a: 6, b: 2, c: 1, d: 1, e: 0, f: 3 });
  const res = await simulate(c, fn("pass"), parsePlacementCommand(["cluster", "evacuate", "a", "--force"]));
  const placed = res.placements.filter((p) => p.chosenBy === "default");
  assert.ok(placed.length >= 3);
  // Replay the evacuation by hand: before each placement, the counts candidateMembers gives.
  const working: PlacementCluster = { ...c, members: c.members.map((m) => (m.server_name === "a" ? { ...m, status: "Evacuated" } : m)), instances: c.instances.map((i) => ({ ...i })) };
  for (const p of res.placements) {
    const inst = working.instances.find((i) => i.name === p.instance)!;
    const arch = inst.architecture;
    const group = inst.config?.["volatile.cluster.group"] ?? "";
    const fresh = candidateMembers(working, { architectures: arch ? [arch] : undefined, prefilter: (m) => (group && !(m.groups ?? []).includes(group) ? "x" : undefined) });
    const want = Object.fromEntries(fresh.candidates.map((m) => [m.server_name, fresh.counts.get(m.server_name) ?? 0]));
    assert.deepEqual(Object.keys(p.counts), p.candidates, p.instance);
    assert.deepEqual(p.counts, want, p.instance);
    assert.deepEqual(JSON.parse(JSON.stringify(p)).counts, want);
    assert.deepEqual({ ...p }.counts, want);
    if (p.target) relocateInstance(working, inst, p.target);
  }
  // The candidates read, sorted in place, then the counts: the counts are still each member's.
  const again = await simulate(c, fn("pass"), parsePlacementCommand(["cluster", "evacuate", "a", "--force"]));
  for (const [i, q] of again.placements.entries()) {
    const want = { ...res.placements[i].counts };
    q.candidates.reverse();
    assert.deepEqual(q.counts, want);
    assert.deepEqual(q.candidates, res.placements[i].candidates.slice().reverse());
  }
  // Still a plain, writable property.
  const p = res.placements[0];
  p.counts[p.candidates[0]] = 99;
  assert.equal(p.counts[p.candidates[0]], 99);
  p.counts = { x: 1 };
  assert.deepEqual(p.counts, { x: 1 });
  assert.deepEqual(Object.keys(res.placements[1]), Object.keys(p));
});

test("lazyPlacement: the same keys, JSON and values as emptyPlacement, lists made on first read or given plainly once read", () => {
  const a = emptyPlacement("i", "default", "evacuation");
  const b = lazyPlacement("i", "default", "evacuation");
  assert.deepEqual(Object.keys(b), Object.keys(a));
  assert.equal(JSON.stringify(b), JSON.stringify(a));
  const members = [{ server_name: "x" }, { server_name: "y" }] as ApiMember[];
  let made = 0;
  const set = { candidates: members, excluded: [], counts: new Map([["x", 1], ["y", 2]]), lists: () => (made++, { names: ["x", "y"], counts: [1, 2] }) };
  // Given lists before any read: made once, when read.
  const c = lazyPlacement("i", "default", "evacuation");
  fillCandidates(c, set);
  assert.equal(made, 0);
  assert.deepEqual({ ...c }, { ...a, candidates: ["x", "y"], counts: { x: 1, y: 2 } });
  assert.equal(made, 1);
  assert.equal(c.candidates, c.candidates, "the same array each read");
  // Read (or assigned) before the lists come: the lists are given as plain values.
  const d = lazyPlacement("i", "default", "evacuation");
  assert.deepEqual(d.candidates, []);
  fillCandidates(d, set);
  assert.deepEqual(d.candidates, ["x", "y"]);
  assert.deepEqual(d.counts, { x: 1, y: 2 });
  assert.deepEqual(Object.keys(d), Object.keys(a));
});

test("shared instance values: a field changed through one access is the field every later access and str() see, and only in this run", async () => {
  const c = cluster({ a: 2, b: 1 });
  const src = fn(
    "for m in candidate_members:",
    "    for i in get_instances(location=m.server_name):",
    "        c = i.config",
    '        c["seen"] = "yes"',
    '        log_info(str("seen" in i.config), " ", str("seen" in str(i)), " ", str(len(i.profiles)), " ", str(i.config == c))',
    '        i.profiles.append("p")',
    '        log_info(str(len(i.profiles)), " ", str(i.profiles), " ", str(len(i.config)))',
  );
  const sim = await PlacementSimulator.open(src, "6.0.4");
  try {
    const op = parsePlacementCommand(["create", "--empty", "x1"]);
    const runs = [];
    for (let n = 0; n < 3; n++) runs.push((await sim.simulate(c, op)).placements[0].logs.map((l) => l.message.replace(/^[^:]*: /, "")));
    assert.deepEqual(runs[1], runs[0]);
    assert.deepEqual(runs[2], runs[0]);
    assert.equal(runs[0].length, 6);
    assert.deepEqual(runs[0].slice(0, 2), ["True True 0 True", '1 ["p"] 2']);
  } finally {
    sim.dispose();
  }
});

test("MemberRefs.list: a list with one member moved (either way), reordered, shortened or new gives each member's own reference", async () => {
  const session = await Session.create();
  try {
    const members: ApiMember[] = Array.from({ length: 30 }, (_, i) => ({ server_name: `m${i}`, status: "Online", config: {}, roles: [] }));
    const refs = new MemberRefs(session);
    const handles = (list: HostValue[]) => list.map((r) => (r as HostRef).handle);
    const want = (list: ApiMember[]) => handles(new MemberRefs(session).list(list, "6.0.4"));
    const move = (a: ApiMember[], from: number, to: number) => {
      const b = a.slice();
      const [x] = b.splice(from, 1);
      b.splice(to, 0, x);
      return b;
    };
    let cur = members.slice();
    const lists = [cur];
    for (const [f, t] of [[0, 29], [29, 0], [3, 17], [17, 3], [5, 5], [0, 1], [28, 29]]) lists.push((cur = move(cur, f, t)));
    lists.push([...cur].reverse(), cur.slice(1), cur.slice(0, 10), move(move(cur, 0, 9), 20, 2), members.slice(0, 29).concat([{ server_name: "new", status: "Online" }]));
    for (const l of lists) assert.deepEqual(handles(refs.list(l, "6.0.4")), want(l));
    assert.equal(new Set(want(members)).size, 30);
    // Lists given with their edit (CandidateSet.edit): the last references rearranged; an
    // edit whose base is not the last list is ignored.
    const edited = new MemberRefs(session);
    let prev = members.slice();
    edited.list(prev, "6.0.4");
    for (const [f, t] of [[0, 29], [3, 17], [17, 3], [0, 0]]) {
      const next = move(prev, f, t);
      assert.deepEqual(handles(edited.list(next, "6.0.4", { base: prev, moves: f === t ? [] : [f, t] })), want(next));
      prev = next;
    }
    const other = move(prev, 1, 2);
    assert.deepEqual(handles(edited.list(other, "6.0.4", { base: members, moves: [0, 29] })), want(other));
  } finally {
    session.dispose();
  }
});
