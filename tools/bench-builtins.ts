// The builtin-heavy placement benchmark (issue M2): a scriptlet that asks Incus, for each of
// 1,000 candidate members, get_cluster_member_state, get_instances_count and get_instances,
// run by our simulator and — the same scriptlet, the same data — by go.starlark.net with host
// functions equivalent to Incus's (tools/go-oracle/builtins_bench.go), side by side.
//
//   node out/tools/bench-builtins.js
//
//   bench: builtins-ms-per-call: X ms      our simulator: one `incus create` placement, loaded
//   bench: builtins-go-ms-per-call: X ms   go.starlark.net, same scriptlet and values
//   bench: builtins-vs-go: X x             the ratio (goal <= 1.5)
//
// Both are measured in alternating rounds (a warm-up call, then the mean of a few calls) and
// the best round of each is kept, so that load from other processes skews the ratio less.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HostBytes, HostDict, HostFloat, HostObject, HostRef, HostSet, HostTuple, type HostValue } from "../server/src/starlark/engine";
import { formatErrors, loadSnapshot } from "../server/src/incus/snapshot";
import { clusterFromSnapshot } from "../server/src/incus/placement/from-snapshot";
import { parsePlacementCommand, type CreateOperation } from "../server/src/incus/placement/command";
import { candidateMembers } from "../server/src/incus/placement/candidates";
import { createRequest } from "../server/src/incus/placement/request";
import { PlacementSimulator } from "../server/src/incus/placement/simulator";
import { toHostValue } from "../server/src/incus/scriptlet/host-values";
import { generateSnapshot } from "./bench-placement";

const ROOT = path.resolve(__dirname, "../..");
const GO_SOURCE = path.join(ROOT, "tools/go-oracle/builtins_bench.go");
const MEMBERS = 1000;
const INSTANCES = 10_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CALLS = Number(process.env.BENCH_CALLS ?? 3);

/** The scriptlet: a score per candidate from its state, its count and its instances' limits. */
export const BUILTINS_SCRIPTLET = `def instance_placement(request, candidate_members):
    best = None
    best_score = 0
    for m in candidate_members:
        state = get_cluster_member_state(m.server_name)
        count = get_instances_count(location=m.server_name)
        cpus = 0
        for inst in get_instances(location=m.server_name):
            cpus += int(inst.config.get("limits.cpu", "1"))
        free_gib = state.sysinfo.free_ram // (1024 * 1024 * 1024)
        score = count * 100 + cpus - free_gib
        if best == None or score < best_score:
            best = m.server_name
            best_score = score
    if best != None:
        set_target(best)
`;

/** A host value as builtins_bench.go's typed JSON tree. */
function typed(v: HostValue): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(typed);
  if (v instanceof HostFloat) return { f: v.value };
  if (v instanceof HostDict) return { d: v.entries.map(([k, x]) => [k, typed(x)]) };
  if (v instanceof HostObject) return { o: v.typeName, f: v.fields.map(([k, x]) => [k, typed(x)]) };
  if (v instanceof HostTuple || v instanceof HostSet) return v.items.map(typed);
  if (v instanceof HostBytes || v instanceof HostRef) throw new Error("not in the benchmark's data");
  throw new Error(`not a host value: ${String(v)}`);
}

/** Builds builtins_bench.go (once, into a temp folder, GOPATH mode over Debian's sources). */
function goBinary(): string {
  const dir = path.join(os.tmpdir(), "incus-scriptlet-go-oracle");
  const bin = path.join(dir, "builtins-bench");
  let fresh = false;
  try {
    fresh = statSync(bin).mtimeMs >= statSync(GO_SOURCE).mtimeMs;
  } catch {
    fresh = false;
  }
  if (fresh) return bin;
  mkdirSync(dir, { recursive: true });
  const build = mkdtempSync(path.join(os.tmpdir(), "builtins-bench-build-"));
  try {
    mkdirSync(path.join(build, "src/builtinsbench"), { recursive: true });
    const main = path.join(build, "src/builtinsbench/main.go");
    copyFileSync(GO_SOURCE, main);
    execFileSync("go", ["build", "-o", bin, main], {
      cwd: path.dirname(main),
      env: { ...process.env, GO111MODULE: "off", GOPATH: `${build}:/usr/share/gocode`, GOCACHE: path.join(dir, "cache") },
      stdio: ["ignore", "ignore", "pipe"],
    });
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
  return bin;
}

function goRound(bin: string, data: string, script: string): { ms?: number; why?: string } {
  try {
    const out = execFileSync(bin, ["-data", data, "-n", String(CALLS), script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });
    const res = JSON.parse(out) as { ms_per_call?: number; error?: string };
    if (res.error) return { why: `go.starlark.net failed: ${res.error}` };
    return { ms: res.ms_per_call };
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    return { why: String(err.stderr || err.message).trim().split("\n").slice(-3).join(" / ") };
  }
}

export async function builtinsBenchmarks(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-builtins-"));
  try {
    const file = path.join(dir, "builtins.incus-cluster.json");
    writeFileSync(file, JSON.stringify(generateSnapshot(MEMBERS, INSTANCES, INSTANCES / MEMBERS, true)));
    const loaded = loadSnapshot(file);
    if (loaded.errors) throw new Error(`generated snapshot does not load:\n${formatErrors(loaded.errors)}`);
    const cluster = clusterFromSnapshot(loaded.snapshot);
    const version = cluster.serverVersion;
    const op = parsePlacementCommand(["create", "--empty", "bench-new"]) as CreateOperation;

    // The same values our builtins hand over, for the Go side.
    const candidates = candidateMembers(cluster, {}).candidates;
    if (candidates.length !== MEMBERS) throw new Error(`${candidates.length} candidates`);
    const data = {
      request: typed(toHostValue(createRequest(cluster, op, "bench-new").request, "InstancePlacement", version)),
      candidates: candidates.map((m) => typed(toHostValue(m, "ClusterMember", version))),
      projects: cluster.projects.map((p) => p.name),
      states: Object.fromEntries(cluster.members.map((m) => [m.server_name, typed(toHostValue(cluster.memberState(m.server_name) ?? {}, "ClusterMemberState", version))])),
      instances: cluster.instances.map((i) => ({
        project: i.project ?? "default",
        location: i.location ?? "",
        value: typed(toHostValue({ ...i, status: "", status_code: 0 }, "Instance", version)),
      })),
    };
    const dataFile = path.join(dir, "builtins-data.json");
    writeFileSync(dataFile, JSON.stringify(data));
    const script = path.join(dir, "builtins.placement.star");
    writeFileSync(script, BUILTINS_SCRIPTLET);

    const sim = await PlacementSimulator.open(BUILTINS_SCRIPTLET, version);
    let ours = Infinity;
    let go = Infinity;
    let goWhy: string | undefined;
    let bin: string | undefined;
    try {
      bin = goBinary();
    } catch (e) {
      goWhy = `cannot build tools/go-oracle/builtins_bench.go: ${String((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split("\n").slice(-3).join(" / ")}`;
    }
    try {
      const place = async () => {
        const res = await sim.simulate(cluster, op, { timeoutMs: 600_000 });
        const p = res.placements[0];
        if (p.error || p.stoppedBy || p.chosenBy !== "scriptlet") throw new Error(`placement went wrong: ${p.error ?? p.stoppedBy ?? p.chosenBy}`);
      };
      await place(); // warm-up
      for (let round = 0; round < ROUNDS; round++) {
        const start = process.hrtime.bigint();
        for (let i = 0; i < CALLS; i++) await place();
        ours = Math.min(ours, Number(process.hrtime.bigint() - start) / 1e6 / CALLS);
        if (goWhy === undefined && bin) {
          const g = goRound(bin, dataFile, script);
          if (g.ms === undefined) goWhy = g.why ?? "no timing";
          else go = Math.min(go, g.ms);
        }
      }
    } finally {
      sim.dispose();
    }
    const lines = [`bench: builtins-ms-per-call: ${ours.toFixed(1)} ms`];
    if (goWhy !== undefined) {
      lines.push(`go.starlark.net builtins runner unavailable, no ratio: ${goWhy}`);
      return lines;
    }
    lines.push(`bench: builtins-go-ms-per-call: ${go.toFixed(1)} ms`, `bench: builtins-vs-go: ${(ours / go).toFixed(2)} x`);
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  builtinsBenchmarks().then(
    (lines) => lines.forEach((l) => console.log(l)),
    (err) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
