// `npm run bench`: times main() of bench/cpu.star in our sandbox and in go.starlark.net
// (Debian's copy, through tools/go-oracle, built into a temp folder on first use). Both are
// measured in alternating rounds (a warm-up call, then the mean of a few calls) and the
// best round of each is kept, so that load from other processes skews the ratio less.
// Prints lines `bench: NAME: VALUE UNIT`.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { compile, formatDiagnostic, Session } from "../server/src/starlark/engine";
import { incusDialect } from "../server/src/starlark/resolve";

const ROOT = path.resolve(__dirname, "../..");
const FILE = path.join(ROOT, "bench/cpu.star");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CALLS = Number(process.env.BENCH_CALLS ?? 3);

async function sandboxRound(session: Session): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) {
    const res = session.call("main");
    if (res.error) throw new Error(`main() failed: ${res.error.message}`);
  }
  return Number(process.hrtime.bigint() - start) / 1e6 / CALLS;
}

async function newSession(): Promise<Session> {
  const src = readFileSync(FILE, "utf8");
  const r = compile("cpu.star", src, { dialect: incusDialect("7.0"), predeclared: [] });
  if (!r.program) throw new Error(r.diagnostics.map((d) => formatDiagnostic("cpu.star", d)).join("\n"));
  const s = await Session.create({ timeoutMs: 120_000, memoryBytes: 1024 * 1024 * 1024 });
  const init = s.init(r.program, {});
  if (init.error) throw new Error(`top level failed: ${init.error.message}`);
  const warm = s.call("main");
  if (warm.error) throw new Error(`main() failed: ${warm.error.message}`);
  return s;
}

/** One round of go.starlark.net, or why it cannot run. */
function goRound(): { ms?: number; why?: string } {
  try {
    const out = execFileSync(path.join(ROOT, "tools/go-oracle/run.sh"), ["-mode", "bench", "-call", "main", "-n", String(CALLS), FILE], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 600_000,
    });
    const res = JSON.parse(out) as { ms_per_call?: number; error?: string };
    if (res.error) return { why: `go.starlark.net failed: ${res.error}` };
    return { ms: res.ms_per_call };
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    return { why: (err.stderr || err.message).trim().split("\n").slice(-3).join(" / ") };
  }
}

/** The cost of a sandbox from nothing to its first run, in a fresh Node process (so that
 *  nothing is loaded or warm): the engine's modules, the QuickJS WebAssembly module, a
 *  runtime with the Starlark runtime bundle, the placement extension, then init and a
 *  call of a one-line program. Node's own start is not counted. Wall and CPU time (the
 *  latter says more when other processes share the machine); the best of a few runs. */
function sandboxStart(): { wallMs: number; cpuMs: number } {
  const engine = path.join(ROOT, "out/server/src/starlark/engine.js");
  const resolve = path.join(ROOT, "out/server/src/starlark/resolve/index.js");
  const child = `
    const t0 = performance.now(), c0 = process.cpuUsage();
    const { compile, Session } = require(${JSON.stringify(engine)});
    const { incusDialect } = require(${JSON.stringify(resolve)});
    (async () => {
      const s = await Session.create();
      s.loadExtension("placement-tables");
      const r = compile("start.star", "def f():\\n    return 1\\n", { dialect: incusDialect("6.0"), predeclared: [] });
      if (s.init(r.program, {}).error || s.call("f").error) throw new Error("first run failed");
      const c = process.cpuUsage(c0);
      console.log(JSON.stringify({ wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));
    })();`;
  let best = { wallMs: Infinity, cpuMs: Infinity };
  for (let i = 0; i < 3; i++) {
    const out = JSON.parse(execFileSync(process.execPath, ["-e", child], { encoding: "utf8" })) as { wallMs: number; cpuMs: number };
    best = { wallMs: Math.min(best.wallMs, out.wallMs), cpuMs: Math.min(best.cpuMs, out.cpuMs) };
  }
  return best;
}

/** The same CPU-bound call in a session whose heap holds 200,000 small dicts and in one
 *  with an empty heap: the run's watchdog must not cost in proportion to the heap (it used
 *  to walk the whole heap every 100 ms). Best of a few calls each. */
async function bigHeapSlowdown(): Promise<number> {
  const loop = "def main():\n    acc = 0\n    for i in range(300000):\n        acc = (acc * 31 + i) % 1000000007\n    return acc\n";
  const big = 'BIG = [{"name": "m%d" % i, "load": i} for i in range(200000)]\n';
  const best = async (src: string): Promise<number> => {
    const r = compile("heap.star", src, { dialect: incusDialect("7.0"), predeclared: [] });
    if (!r.program) throw new Error(r.diagnostics.map((d) => formatDiagnostic("heap.star", d)).join("\n"));
    const s = await Session.create({ timeoutMs: 120_000 });
    try {
      if (s.init(r.program, {}).error) throw new Error("heap bench: top level failed");
      let ms = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = process.hrtime.bigint();
        if (s.call("main").error) throw new Error("heap bench: main() failed");
        ms = Math.min(ms, Number(process.hrtime.bigint() - start) / 1e6);
      }
      return ms;
    } finally {
      s.dispose();
    }
  };
  const small = await best(loop);
  return (await best(big + loop)) / small;
}

async function main(): Promise<void> {
  console.log(`bench: big-heap-call-slowdown: ${(await bigHeapSlowdown()).toFixed(2)} x`);
  const start = sandboxStart();
  console.log(`bench: sandbox-start-ms: ${start.wallMs.toFixed(0)} ms`);
  console.log(`bench: sandbox-start-cpu-ms: ${start.cpuMs.toFixed(0)} ms`);
  const s = await newSession();
  let sandbox = Infinity;
  let go = Infinity;
  let goWhy: string | undefined;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      sandbox = Math.min(sandbox, await sandboxRound(s));
      if (goWhy === undefined) {
        const g = goRound();
        if (g.ms === undefined) goWhy = g.why ?? "no timing";
        else go = Math.min(go, g.ms);
      }
    }
  } finally {
    s.dispose();
  }
  console.log(`bench: sandbox-ms-per-call: ${sandbox.toFixed(1)} ms`);
  if (goWhy !== undefined) {
    console.log(`go.starlark.net runner unavailable, no ratio: ${goWhy}`);
    return;
  }
  console.log(`bench: go-ms-per-call: ${go.toFixed(1)} ms`);
  console.log(`bench: sandbox-vs-go: ${(sandbox / go).toFixed(2)} x`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
