// `npm run bench`: times main() of bench/cpu.star in our sandbox and in go.starlark.net
// (Debian's copy, through tools/go-oracle, built into a temp folder on first use), each with
// one warm-up call then the mean of N calls. Prints lines `bench: NAME: VALUE UNIT`.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { compile, formatDiagnostic, Session } from "../server/src/starlark/engine";
import { incusDialect } from "../server/src/starlark/resolve";

const ROOT = path.resolve(__dirname, "../..");
const FILE = path.join(ROOT, "bench/cpu.star");
const CALLS = Number(process.env.BENCH_CALLS ?? 5);

async function sandboxMsPerCall(): Promise<{ ms: number; value: string }> {
  const src = readFileSync(FILE, "utf8");
  const r = compile("cpu.star", src, { dialect: incusDialect("7.0"), predeclared: [] });
  if (!r.program) throw new Error(r.diagnostics.map((d) => formatDiagnostic("cpu.star", d)).join("\n"));
  const s = await Session.create({ timeoutMs: 120_000, memoryBytes: 1024 * 1024 * 1024 });
  try {
    const init = s.init(r.program, {});
    if (init.error) throw new Error(`top level failed: ${init.error.message}`);
    const warm = s.call("main");
    if (warm.error) throw new Error(`main() failed: ${warm.error.message}`);
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) {
      const res = s.call("main");
      if (res.error) throw new Error(`main() failed: ${res.error.message}`);
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6 / CALLS;
    return { ms, value: JSON.stringify(warm.value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) };
  } finally {
    s.dispose();
  }
}

function goMsPerCall(): { ms?: number; why?: string } {
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

async function main(): Promise<void> {
  const sb = await sandboxMsPerCall();
  console.log(`bench: sandbox-ms-per-call: ${sb.ms.toFixed(1)} ms`);
  const go = goMsPerCall();
  if (go.ms === undefined) {
    console.log(`go.starlark.net runner unavailable, no ratio: ${go.why}`);
    return;
  }
  console.log(`bench: go-ms-per-call: ${go.ms.toFixed(1)} ms`);
  console.log(`bench: sandbox-vs-go: ${(sb.ms / go.ms).toFixed(2)} x`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
