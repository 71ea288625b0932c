// Scenario benchmarks (issue J): the failure matrix of a 100-member cluster and the placement
// diff of a 10,000-instance cluster, on generated snapshots (tools/bench-placement.ts's
// generator, loaded through the snapshot loader as a file would be).
//
//   node out/tools/bench-scenarios.js
//
//   bench: matrix-100-members-ms: X ms     `matrix` (create) on 100 members with 1,000 instances:
//                                          201 scenarios, 100 evacuations of ~10 instances
//   bench: diff-10000-instances-ms: X ms   `diff` on 20 members with 10,000 instances: 20,000
//                                          replays and 2 × 20 evacuations of 500 instances
//   (each also as NAME-cpu-ms: the process's CPU time, steadier than wall clock on a busy machine)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatErrors, loadSnapshot } from "../server/src/incus/snapshot";
import { clusterFromSnapshot } from "../server/src/incus/placement/from-snapshot";
import { parsePlacementCommand } from "../server/src/incus/placement/command";
import { failureMatrix } from "../server/src/incus/scenario/matrix";
import { placementDiff } from "../server/src/incus/scenario/diff";
import { generateSnapshot, SCRIPTLET } from "./bench-placement";

/** The changed policy: gpu members only for instances that ask for them, else the emptiest. */
const NEW_SCRIPTLET = `def instance_placement(request, candidate_members):
    wants_gpu = request.config.get("limits.cpu") == "4"
    best = None
    best_count = 0
    for m in candidate_members:
        if ("gpu" in m.groups) != wants_gpu:
            continue
        n = get_instances_count(location=m.server_name)
        if best == None or n < best_count:
            best = m.server_name
            best_count = n
    if best != None:
        set_target(best)
`;

/** CPU time of this process since `since` (user + system), in ms: on a machine shared with
 *  other work the wall-clock figure mostly measures the others. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

function load(dir: string, name: string, doc: Record<string, unknown>) {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  const loaded = loadSnapshot(file);
  if (loaded.errors) throw new Error(formatErrors(loaded.errors));
  return clusterFromSnapshot(loaded.snapshot);
}

export async function scenarioBenchmarks(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-scenarios-"));
  try {
    const wide = load(dir, "wide.incus-cluster.json", generateSnapshot(100, 1000, 10));
    let start = performance.now();
    let cpu = process.cpuUsage();
    const m = await failureMatrix(wide, SCRIPTLET, parsePlacementCommand(["create", "--empty", "bench-new"]), { commandText: "create --empty bench-new", timeoutMs: 60_000 });
    const matrixMs = performance.now() - start;
    const matrixCpu = cpuMs(cpu);
    if (m.scenarios.length !== 201) throw new Error(`matrix has ${m.scenarios.length} scenarios`);
    const failed = m.scenarios.find((s) => s.outcome !== "ok");
    if (failed) throw new Error(`matrix scenario ${failed.id} failed: ${failed.problem}`);

    const deep = load(dir, "deep.incus-cluster.json", generateSnapshot(20, 10_000, 500));
    start = performance.now();
    cpu = process.cpuUsage();
    const d = await placementDiff(deep, SCRIPTLET, NEW_SCRIPTLET, { timeoutMs: 60_000 });
    const diffMs = performance.now() - start;
    const diffCpu = cpuMs(cpu);
    if (d.replayed !== 10_000 || d.evacuated.length !== 20) throw new Error(`diff replayed ${d.replayed}, evacuated ${d.evacuated.length}`);
    if (d.changes.length === 0) throw new Error("diff found no change between two different policies");
    return [
      `bench: matrix-100-members-ms: ${matrixMs.toFixed(1)} ms`,
      `bench: matrix-100-members-cpu-ms: ${matrixCpu.toFixed(1)} ms`,
      `bench: diff-10000-instances-ms: ${diffMs.toFixed(1)} ms`,
      `bench: diff-10000-instances-cpu-ms: ${diffCpu.toFixed(1)} ms`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  scenarioBenchmarks().then(
    (lines) => lines.forEach((l) => console.log(l)),
    (err) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
