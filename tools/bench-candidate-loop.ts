// The per-candidate cost of the compiled code in the evacuation benchmark's loop
// (bench-placement.ts SCRIPTLET), one operation at a time: one placement on the generated
// 1,000-member cluster whose scriptlet repeats its loop over the 999 candidates REPS times,
// once per variant of the loop body. The differences between variants are what each
// operation costs per iteration (the candidates cross into the sandbox once per run, so
// the boundary's share is negligible here).
//
//   node out/tools/bench-candidate-loop.js
//
// Lines printed (ns per iteration, CPU time of the process):
//   bench: candidate-loop-ns: X ns               the whole loop body, as the evacuation runs it
//   bench: candidate-loop-empty-ns: X ns         `pass` (the for loop alone)
//   bench: candidate-loop-attr-ns: X ns          `x = m.server_name`
//   bench: candidate-loop-kwcall-ns: X ns        `n = get_instances_count(location=s)`
//   bench: candidate-loop-compare-ns: X ns       `if best == None or n < best_count:` (best is set: both
//                                                comparisons run; the branch is never taken)
import { clusterFromSnapshot } from "../server/src/incus/placement/from-snapshot";
import { parsePlacementCommand } from "../server/src/incus/placement/command";
import { simulate } from "../server/src/incus/placement/simulate";
import { generateSnapshot } from "./bench-placement";
import { formatErrors, parseSnapshotText } from "../server/src/incus/snapshot";

const REPS = Number(process.env.BENCH_LOOP_REPS ?? 200);

const BODIES: Record<string, string> = {
  "candidate-loop": `n = get_instances_count(location=m.server_name)
            if best == None or n < best_count:
                best = m.server_name
                best_count = n`,
  "candidate-loop-empty": "pass",
  "candidate-loop-attr": "x = m.server_name",
  "candidate-loop-kwcall": `n = get_instances_count(location=s)`,
  "candidate-loop-compare": `if best == None or n < best_count:
                best_count = n
                best = "x"`,
};

function scriptlet(body: string): string {
  return `def instance_placement(request, candidate_members):
    s = candidate_members[0].server_name
    best = None
    best_count = 0
    n = -1
    for r in range(${REPS}):
        best = None if r == 0 else "x"
        for m in candidate_members:
            ${body}
    set_target(candidate_members[0].server_name)
`;
}

export async function candidateLoopBenchmarks(): Promise<string[]> {
  const loaded = parseSnapshotText(JSON.stringify(generateSnapshot(1000, 10_000, 10)), "loop.incus-cluster.json");
  if (loaded.errors) throw new Error(formatErrors(loaded.errors));
  const cluster = clusterFromSnapshot(loaded.snapshot);
  const create = parsePlacementCommand(["create", "--empty", "bench-new"]);
  const iterations = REPS * (cluster.members.length);
  const lines: string[] = [];
  for (const [name, body] of Object.entries(BODIES)) {
    const src = scriptlet(body);
    let best = Infinity;
    for (let round = 0; round < 2; round++) {
      const cpu = process.cpuUsage();
      const res = await simulate(cluster, src, create, { timeoutMs: 600_000 });
      const u = process.cpuUsage(cpu);
      const p = res.placements[0];
      if (p.error || p.chosenBy !== "scriptlet") throw new Error(`${name}: ${p.error ?? p.chosenBy}`);
      best = Math.min(best, ((u.user + u.system) * 1000) / iterations);
    }
    lines.push(`bench: ${name}-ns: ${best.toFixed(0)} ns`);
  }
  return lines;
}

if (require.main === module) {
  candidateLoopBenchmarks().then(
    (lines) => {
      for (const l of lines) console.log(l);
    },
    (err) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
