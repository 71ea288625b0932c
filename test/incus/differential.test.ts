// Differential tests: the placement simulator against the real Incus test cluster
// (tools/incus-cluster/start.sh; see docs/incus-observed.md and test/support/incus-cluster.ts).
//
// Per case of test/incus/differential/cases.ts:
//   1. clean the cluster, run the case's setup, set instances.placement.scriptlet;
//   2. capture a snapshot with OUR `incus-scriptlet snapshot --socket` (node1's unix socket);
//   3. predict with OUR `incus-scriptlet run FILE --cluster SNAPSHOT --json -- COMMAND`;
//   4. run COMMAND for real while `incus monitor` listens on every member (captureLogs);
//   5. compare: the member the instance landed on (`target`, or any of `tied_with` when Incus
//      chose by instance count), the error text (`Error: ` and the move path's
//      `Migration API failure: ` stripped) with our `incus_message`/`error`, and every
//      "Instance placement scriptlet..." log line, as a multiset (the monitor's order is not
//      reliable), with our `logs`.
// Cases that `incus config set` refuses compare the server's reason with the first error of
// our `check --format json` (message, and line:column for compile errors).
//
// Known differences are `todo` cases (they run and report, but do not fail the suite).
// Under CI (env CI set) a cluster that is not running fails every case (requireCluster).
//
// Duration, measured on the test machine (3-member cluster, the machine shared with other
// engineers' builds and test runs), `time node --test out/test/incus/differential.test.js`:
// 112 cases in 3 min 9 s and 3 min 48 s (two runs, 21:31 and 21:36 UTC on 2026-11-25), plus
// any wait for the cluster lock while other cluster tests run. About 2-3 s per placement case
// (cleanup, setup, snapshot, our run, the real command with monitors), 0.2-0.4 s per refused
// scriptlet; cases marked `quiet` wait up to ~5 s for creation operations to expire.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  captureLogs, cleanupInstances, clusterAvailable, incus, instanceLocation, memberDir, must, PLACEMENT_KEY,
  requireCluster, setScriptlet, type IncusResult, type LoggingEvent,
} from "./../support/incus-cluster";
import { CASES, type DiffCase } from "./differential/cases";

const ROOT = path.resolve(__dirname, "../../..");
const CLI = path.join(ROOT, "bin/incus-scriptlet.js");
const SOCKET = path.join(memberDir(1), "unix.socket");

interface OurPlacement {
  instance: string;
  project: string;
  reason: string;
  candidates: string[];
  target: string | null;
  logs: { level: string; message: string; context?: Record<string, string> }[];
  error: string | null;
  incus_message?: string;
  chosen_by: string;
  tied_with?: string[];
  notes?: string[];
}

interface CheckDiagnostic {
  range: { start: { line: number; character: number } };
  severity: string;
  message: string;
  code: string;
}

/**
 * Runs our CLI (the built one, as a user would). Other engineers rebuild out/ while tests run;
 * a CLI that crashed with a JavaScript error (a half-written out/) is run once more.
 */
async function cli(args: string[]): Promise<IncusResult> {
  const r = await cliOnce(args);
  const crashed = (r.code !== 0 && r.code !== 1) ||
    /Cannot read properties|is not a (function|constructor)|is not an object|is not defined|Unexpected end of JSON|Cannot find module|expected string, got a mapping/.test(r.stderr);
  if (!crashed) return r;
  await new Promise((res) => setTimeout(res, 3000));
  return cliOnce(args);
}

function cliOnce(args: string[]): Promise<IncusResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (e) => (stderr += String(e)));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The error text of a failed incus command: after `Error: `, without path wrappers. */
export function incusErrorText(stderr: string): string {
  const i = stderr.indexOf("Error: ");
  let text = (i >= 0 ? stderr.slice(i + "Error: ".length) : stderr).trim();
  for (const wrapper of ["Migration API failure: "]) if (text.startsWith(wrapper)) text = text.slice(wrapper.length);
  return text;
}

const LEVEL: Record<string, string> = { info: "info", warning: "warn", warn: "warn", error: "error" };

function logLine(level: string, message: string, context?: Record<string, string>): string {
  const ctx = context && Object.keys(context).length
    ? " " + Object.keys(context).sort().map((k) => `${k}=${context[k]}`).join(" ")
    : "";
  return `${LEVEL[level] ?? level} ${message}${ctx}`;
}

/** Every placement-scriptlet log event (log_* lines and Incus's own set_target lines), sorted. */
function realLogs(events: LoggingEvent[]): string[] {
  return events
    .filter((e) => (e.metadata?.message ?? "").startsWith("Instance placement scriptlet"))
    .map((e) => logLine(e.metadata.level, e.metadata.message, e.metadata.context))
    .sort();
}

function ourLogs(placements: OurPlacement[]): string[] {
  return placements.flatMap((p) => p.logs.map((l) => logLine(l.level, l.message, l.context))).sort();
}

/** What differs between multisets a and b, for a readable failure. */
function multisetDiff(ours: string[], real: string[]): string[] {
  const count = new Map<string, number>();
  for (const x of real) count.set(x, (count.get(x) ?? 0) + 1);
  const extra: string[] = [];
  for (const x of ours) {
    const n = count.get(x) ?? 0;
    if (n > 0) count.set(x, n - 1);
    else extra.push(x);
  }
  const missing = [...count].flatMap(([x, n]) => Array<string>(n).fill(x));
  const out: string[] = [];
  for (let i = 0; i < Math.max(extra.length, missing.length); i++) {
    const [a, b] = [extra[i], missing[i]];
    // Long lines: show where a pair first differs.
    let from = 0;
    if (a !== undefined && b !== undefined) {
      while (from < a.length && a[from] === b[from]) from++;
      from = Math.max(0, from - 120);
    }
    const clip = (s: string) => (from > 0 ? "…" : "") + s.slice(from, from + 400) + (s.length > from + 400 ? `… (${s.length} chars)` : "");
    if (a !== undefined) out.push(`  only ours:  ${clip(a)}`);
    if (b !== undefined) out.push(`  only Incus: ${clip(b)}`);
  }
  return out;
}

let version = "";
let work = "";
let ok = false;

before(async () => {
  if (!clusterAvailable()) return;
  requireCluster();
  work = mkdtempSync(path.join(os.tmpdir(), "differential-"));
  version = (JSON.parse(must(await incus(["query", "/1.0"]))) as { environment: { server_version: string } }).environment.server_version;
  ok = true;
});

after(async () => {
  if (ok) await cleanupInstances();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function refusedCase(c: DiffCase): Promise<string[]> {
  const diffs: string[] = [];
  const file = path.join(work, `${c.id}.placement.star`);
  writeFileSync(file, c.scriptlet);
  const [real, check, run] = await Promise.all([
    setScriptlet(c.scriptlet),
    cli(["check", file, "--kind", "placement", "--incus-version", version, "--format", "json"]),
    // (on the bundled sample cluster: a compile error does not depend on the cluster)
    cli(["run", file, "--incus-version", version, "--json", "--", "create", "--empty", "x"]),
  ]);
  const prefix = `Error: cannot set '${PLACEMENT_KEY}' to '${c.scriptlet}': `;
  const stderr = real.stderr.trim();
  let reason: string | null = null;
  if (real.code === 0) diffs.push("Incus accepted the scriptlet");
  else if (!stderr.startsWith(prefix)) diffs.push(`unexpected refusal text: ${stderr}`);
  else reason = stderr.slice(prefix.length);
  // check: the first error's message (an explanation check may append after " — " is not
  // Incus's text); run: Incus's `instance_placement:LINE:COL: msg` for a compile error.
  const diags = JSON.parse(check.stdout || "[]") as CheckDiagnostic[];
  const first = diags.find((d) => d.severity === "error");
  const checkMessage = first ? first.message.replace(/ — [\s\S]*$/, "") : null;
  const runError = run.code <= 1 ? (JSON.parse(run.stdout) as { placements: OurPlacement[] }).placements[0]?.error ?? null : `run failed: ${run.stderr}`;
  const compileError = runError && /^instance_placement:\d+:\d+: /.test(runError) ? runError : null;
  const ours = compileError ?? checkMessage;
  if (ours !== reason) diffs.push(`refusal differs:\n  ours:  ${ours}\n  Incus: ${reason}`);
  if (compileError && checkMessage !== compileError.replace(/^instance_placement:\d+:\d+: /, "")) {
    diffs.push(`check and run disagree:\n  check: ${checkMessage}\n  run:   ${compileError}`);
  }
  if (real.code === 0) await setScriptlet(null);
  return diffs;
}

/** Waits until the cluster database holds no instance-creation operation (type 8). */
async function noCreateOperations(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await incus(["admin", "sql", "global", "SELECT count(*) FROM operations WHERE type = 8", "-f", "csv"]);
    if (must(r, "counting operations").trim() === "0") return;
    if (Date.now() > deadline) throw new Error(`instance-creation operations still pending after ${timeoutMs}ms`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

async function placementCase(c: DiffCase): Promise<{ diffs: string[]; realFailed: boolean }> {
  const diffs: string[] = [];
  for (const step of c.setup ?? []) must(await incus(step), `setup: incus ${step.join(" ")}`);
  must(await setScriptlet(c.scriptlet), "setting the scriptlet");
  const file = path.join(work, `${c.id}.placement.star`);
  const snap = path.join(work, `${c.id}.json`);
  writeFileSync(file, c.scriptlet);
  const s = await cli(["snapshot", "--socket", SOCKET, "-o", snap]);
  assert.equal(s.code, 0, `our snapshot failed: ${s.stderr}`);

  if (c.quiet) await noCreateOperations();
  const [run, real] = await Promise.all([
    cli(["run", file, "--cluster", snap, "--json", "--", ...c.command]),
    captureLogs(() => incus(c.command)),
  ]);
  assert.ok(run.code === 0 || run.code === 1, `our run failed (exit ${run.code}): ${run.stderr}`);
  const placements = (JSON.parse(run.stdout) as { placements: OurPlacement[] }).placements;

  // error text
  const realFailed = real.value.code !== 0;
  const realError = realFailed ? incusErrorText(real.value.stderr) : null;
  const failed = placements.find((p) => p.error);
  const ourError = failed ? failed.incus_message ?? failed.error : null;
  if (ourError !== realError) diffs.push(`error differs:\n  ours:  ${ourError}\n  Incus: ${realError}`);

  // where the instances landed
  if (!realFailed) {
    for (const p of placements) {
      const landed = await instanceLocation(p.instance, p.project);
      const accepted = p.chosen_by === "default" ? [p.target, ...(p.tied_with ?? [])] : [p.target];
      if (!accepted.includes(landed ?? null)) {
        diffs.push(`${p.project}/${p.instance} landed on ${landed}; ours: ${accepted.join(" or ")} (chosen_by ${p.chosen_by})`);
      }
    }
  }

  // the member's state after `cluster evacuate/restore`
  const member = (JSON.parse(run.stdout) as { member?: { name: string; status_after: string } }).member;
  if (member) {
    const r = await incus(["query", `/1.0/cluster/members/${encodeURIComponent(member.name)}`]);
    const status = r.code === 0 ? (JSON.parse(r.stdout) as { status: string }).status : null;
    if (status !== member.status_after) diffs.push(`member ${member.name} is ${status}; ours: ${member.status_after}`);
  }

  // log lines
  const logDiff = multisetDiff(ourLogs(placements), realLogs(real.events));
  if (logDiff.length) diffs.push("log lines differ:", ...logDiff);
  return { diffs, realFailed };
}

async function runCase(c: DiffCase): Promise<void> {
  let diffs: string[];
  if (c.expect === "refused") {
    diffs = await refusedCase(c);
  } else {
    await cleanupInstances();
    try {
      const r = await placementCase(c);
      diffs = r.diffs;
      if (r.realFailed !== (c.expect === "error")) diffs.push(`the case expects "${c.expect}" but the real command ${r.realFailed ? "failed" : "succeeded"}`);
    } finally {
      await cleanupInstances();
      for (const step of c.teardown ?? []) await incus(step);
    }
  }
  if (diffs.length) assert.fail(`${c.id}: simulator and Incus ${version} differ\n${diffs.join("\n")}`);
}

// DIFF_CASES=id1,id2 runs only those cases (while working on the simulator).
const only = process.env.DIFF_CASES ? new Set(process.env.DIFF_CASES.split(",")) : undefined;
const selected = CASES.filter((c) => !only || only.has(c.id));
const areas = [...new Set(selected.map((c) => c.area))];

test("the case table", () => {
  assert.ok(CASES.length >= 40, `${CASES.length} cases`);
  assert.equal(new Set(CASES.map((c) => c.id)).size, CASES.length, "case ids are unique");
  for (const c of CASES) if (c.expect !== "refused") assert.ok(c.command.length > 0, `${c.id} has a command`);
});

for (const area of areas) {
  describe(area, () => {
    for (const c of selected.filter((x) => x.area === area)) {
      test(`${c.title} [${c.id}]`, { todo: c.todo }, async (t) => {
        if (!requireCluster(t)) return;
        await runCase(c);
      });
    }
  });
}
