// Placement simulator benchmarks on a large generated cluster: 1,000 members and 100,000
// instances, written as a JSON snapshot to a temp file.
//
//   node out/tools/bench-placement.js        (alone)
//   placementBenchmarks()                    (from tools/bench.ts: `npm run bench`)
//
// Lines returned / printed:
//   bench: snapshot-load-ms: X ms            loadSnapshot + clusterFromSnapshot of the file
//   bench: placement-1000-members: X ms      one `incus create` placement, once loaded, of a
//                                            scriptlet calling get_instances_count(location=)
//                                            for each of the 1,000 candidates (goal <= 100 ms)
//   bench: evacuate-1000-instances: X ms     `incus cluster evacuate` of a member holding
//                                            1,000 instances, same scriptlet (goal <= 500 ms)
//   bench: evacuate-10000-instances-5-members: X ms   the same on 5 members, one holding
//                                            10,000 instances (goal <= 5,000 ms)
//   bench: evacuate-1000-instances-boundary-cpu-ms: X ms   the 1,000-instance evacuation with a
//                                            scriptlet that only calls set_target(first candidate):
//                                            what the runs cost outside the scriptlet's own loop
//   (the evacuations also as NAME-cpu-ms: the process's CPU time, steadier than wall clock
//   on a busy machine)
//   bench: evacuate-1000-instances-sandbox-ms: X ms   of evacuate-1000-instances, the time
//                                            QuickJS spent running (the scriptlet's runs and
//                                            the glue around them, Session.busyMs); the rest
//                                            is the host's. Also for the boundary-only run.
// The load and placement timings are the best of BENCH_PLACEMENT_ROUNDS (default 3) runs
// (placement after a warm-up), so that load from other processes skews them less; the
// evacuation is timed once.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatErrors, loadSnapshot } from "../server/src/incus/snapshot";
import { clusterFromSnapshot } from "../server/src/incus/placement/from-snapshot";
import { parsePlacementCommand } from "../server/src/incus/placement/command";
import { simulate } from "../server/src/incus/placement/simulate";
import { Session } from "../server/src/starlark/engine";

export const MEMBERS = 1000;
export const INSTANCES = 100_000;
/** Instances on the member that is evacuated. */
export const EVACUATED_INSTANCES = 1000;
/** Instances on the crowded member of the 5-member cluster (evacuate-10000-instances-5-members). */
export const CROWDED_INSTANCES = 10_000;
const ROUNDS = Number(process.env.BENCH_PLACEMENT_ROUNDS ?? 3);

/** The scriptlet: picks the candidate with the fewest instances, asking Incus per candidate. */
export const SCRIPTLET = `def instance_placement(request, candidate_members):
    best = None
    best_count = 0
    for m in candidate_members:
        n = get_instances_count(location=m.server_name)
        if best == None or n < best_count:
            best = m.server_name
            best_count = n
    if best != None:
        set_target(best)
`;

/** The boundary-only scriptlet: no loop, one set_target per run. */
export const BOUNDARY_SCRIPTLET = `def instance_placement(request, candidate_members):
    set_target(candidate_members[0].server_name)
`;

/** A snapshot document (the hand-written form: omitted fields take their defaults). With
 *  `memberState`, each member's GET /1.0/cluster/members/M/state too. */
export function generateSnapshot(members = MEMBERS, instances = INSTANCES, onFirst = EVACUATED_INSTANCES, memberState = false): Record<string, unknown> {
  const names = Array.from({ length: members }, (_, i) => `m${String(i).padStart(4, "0")}`);
  const memberDocs = names.map((server_name, i) => ({
    server_name,
    url: `https://10.0.${Math.floor(i / 250)}.${(i % 250) + 1}:8443`,
    failure_domain: `rack${i % 20}`,
    groups: i % 10 === 0 ? ["default", "gpu"] : ["default"],
  }));
  const instanceDocs: Record<string, unknown>[] = [];
  for (let i = 0; i < instances; i++) {
    // The first member holds `onFirst` instances; the rest are spread over the other members.
    const location = i < onFirst ? names[0] : names[1 + ((i - onFirst) % (members - 1))];
    instanceDocs.push({
      name: `i${i}`,
      location,
      project: i % 7 === 0 ? "tenant" : "default",
      config: { "limits.cpu": String(1 + (i % 4)), "limits.memory": `${1 + (i % 8)}GiB` },
    });
  }
  const doc: Record<string, unknown> = {
    members: memberDocs,
    groups: [{ name: "gpu", description: "members with GPUs" }],
    projects: [{ name: "tenant", config: { "features.profiles": "false" } }],
    instances: instanceDocs,
  };
  if (memberState) {
    const GiB = 1024 ** 3;
    doc.member_state = Object.fromEntries(names.map((name, i) => [name, {
      sysinfo: {
        uptime: 86400 + i, load_averages: [0.5 + (i % 7) / 10, 0.4, 0.3], processes: 300 + i,
        total_ram: 256 * GiB, free_ram: (32 + (i % 97)) * GiB, shared_ram: GiB, buffered_ram: 2 * GiB,
        total_swap: 8 * GiB, free_swap: 8 * GiB, logical_cpus: 64,
      },
      storage_pools: { local: { space: { used: (i % 50) * 10 * GiB, total: 2000 * GiB }, inodes: { used: 1000 + i, total: 1_000_000 } } },
    }]));
  }
  return doc;
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function fmt(x: number): string {
  return x.toFixed(1);
}

export async function placementBenchmarks(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-placement-"));
  const file = path.join(dir, "large.incus-cluster.json");
  try {
    writeFileSync(file, JSON.stringify(generateSnapshot()));

    // loading: file to simulator view
    let load = Infinity;
    let cluster: ReturnType<typeof clusterFromSnapshot> | undefined;
    for (let r = 0; r < ROUNDS; r++) {
      const start = process.hrtime.bigint();
      const loaded = loadSnapshot(file);
      if (loaded.errors) throw new Error(`generated snapshot does not load:\n${formatErrors(loaded.errors)}`);
      cluster = clusterFromSnapshot(loaded.snapshot);
      load = Math.min(load, ms(start));
    }
    if (!cluster) throw new Error("no rounds");
    if (cluster.members.length !== MEMBERS || cluster.instances.length !== INSTANCES) {
      throw new Error(`generated snapshot has ${cluster.members.length} members and ${cluster.instances.length} instances`);
    }

    // one placement
    const create = parsePlacementCommand(["create", "--empty", "bench-new"]);
    const place = async () => {
      const start = process.hrtime.bigint();
      const res = await simulate(cluster!, SCRIPTLET, create, { timeoutMs: 60_000 });
      const t = ms(start);
      const p = res.placements[0];
      if (p.error || p.chosenBy !== "scriptlet" || p.candidates.length !== MEMBERS) {
        throw new Error(`placement went wrong: ${JSON.stringify({ error: p.error, chosenBy: p.chosenBy, candidates: p.candidates.length })}`);
      }
      return t;
    };
    await place(); // warm-up
    let placement = Infinity;
    for (let r = 0; r < ROUNDS; r++) placement = Math.min(placement, await place());

    // evacuation of the first member
    const evacuate = parsePlacementCommand(["cluster", "evacuate", cluster.members[0].server_name, "--force"]);
    let evacCpu = 0;
    let evacSandbox = 0;
    const evac = async (src = SCRIPTLET) => {
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const busy = Session.busyMs();
      const res = await simulate(cluster!, src, evacuate, { timeoutMs: 60_000 });
      const t = ms(start);
      const u = process.cpuUsage(cpu);
      evacCpu = (u.user + u.system) / 1000;
      evacSandbox = Session.busyMs() - busy;
      const failed = res.placements.find((p) => p.error);
      if (failed) throw new Error(`evacuation failed: ${failed.error}`);
      if (res.placements.length !== EVACUATED_INSTANCES) throw new Error(`evacuation placed ${res.placements.length} instances`);
      return t;
    };
    // One run: it is long enough not to need a warm-up (1,000 placements), and too long to repeat.
    const evacuation = await evac();
    const evacCpuFull = evacCpu;
    const evacSandboxFull = evacSandbox;
    await evac(BOUNDARY_SCRIPTLET);
    const boundaryCpu = evacCpu;
    const boundarySandbox = evacSandbox;

    // A small cluster with a crowded member: 10,000 placements over 4 candidates.
    const smallFile = path.join(dir, "crowded.incus-cluster.json");
    writeFileSync(smallFile, JSON.stringify(generateSnapshot(5, CROWDED_INSTANCES + 2000, CROWDED_INSTANCES)));
    const crowdedLoaded = loadSnapshot(smallFile);
    if (crowdedLoaded.errors) throw new Error(formatErrors(crowdedLoaded.errors));
    const crowded = clusterFromSnapshot(crowdedLoaded.snapshot);
    const crowdedStart = process.hrtime.bigint();
    const crowdedCpuStart = process.cpuUsage();
    const crowdedRes = await simulate(crowded, SCRIPTLET, parsePlacementCommand(["cluster", "evacuate", crowded.members[0].server_name, "--force"]), { timeoutMs: 60_000 });
    const crowdedMs = ms(crowdedStart);
    const cu = process.cpuUsage(crowdedCpuStart);
    const crowdedCpu = (cu.user + cu.system) / 1000;
    if (crowdedRes.placements.length !== CROWDED_INSTANCES || crowdedRes.placements.some((p) => p.error || p.chosenBy !== "scriptlet")) {
      throw new Error(`crowded evacuation went wrong: ${crowdedRes.placements.length} placements`);
    }

    return [
      `bench: snapshot-load-ms: ${fmt(load)} ms`,
      `bench: placement-1000-members: ${fmt(placement)} ms`,
      `bench: evacuate-1000-instances: ${fmt(evacuation)} ms`,
      `bench: evacuate-1000-instances-cpu-ms: ${fmt(evacCpuFull)} ms`,
      `bench: evacuate-1000-instances-sandbox-ms: ${fmt(evacSandboxFull)} ms`,
      `bench: evacuate-1000-instances-boundary-cpu-ms: ${fmt(boundaryCpu)} ms`,
      `bench: evacuate-1000-instances-boundary-sandbox-ms: ${fmt(boundarySandbox)} ms`,
      `bench: evacuate-10000-instances-5-members: ${fmt(crowdedMs)} ms`,
      `bench: evacuate-10000-instances-5-members-cpu-ms: ${fmt(crowdedCpu)} ms`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  placementBenchmarks().then(
    (lines) => {
      for (const l of lines) console.log(l);
    },
    (err) => {
      console.error(err instanceof Error ? err.stack ?? err.message : String(err));
      process.exit(1);
    },
  );
}
