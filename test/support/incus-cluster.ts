// Helpers for tests that run against the real three-member Incus test cluster started by
// tools/incus-cluster/start.sh (members node1..node3, INCUS_DIR=$INCUS_TEST_DIR/m1..m3,
// default /tmp/incus-test). See tools/incus-cluster/env.sh and docs/incus-observed.md.
//
//   import { requireCluster, incus, setScriptlet, captureLogs, cleanupInstances } from "../support/incus-cluster";
//   test("...", async (t) => { if (!requireCluster(t)) return; ... });
//
// Under CI (process.env.CI set) a missing cluster is a test FAILURE; locally the test skips.
// This module has no side effects at load time (node --test also loads it as a file).
import { spawn, spawnSync, ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import * as http from "node:http";

export const INCUS_TEST_DIR = process.env.INCUS_TEST_DIR || "/tmp/incus-test";
export const MEMBER_COUNT = Number(process.env.INCUS_TEST_MEMBERS || "3");
export const MEMBERS: string[] = Array.from({ length: MEMBER_COUNT }, (_, i) => `node${i + 1}`);
export const PLACEMENT_KEY = "instances.placement.scriptlet";

/** A member: "node2", 2, or undefined (= node1). */
export type Member = string | number | undefined;

export function memberIndex(member: Member): number {
  if (member === undefined) return 1;
  if (typeof member === "number") return member;
  const m = /^node(\d+)$/.exec(member);
  if (!m) throw new Error(`unknown test cluster member ${JSON.stringify(member)} (expected node1..node${MEMBER_COUNT})`);
  return Number(m[1]);
}

/** INCUS_DIR of a member. */
export function memberDir(member?: Member): string {
  return path.join(INCUS_TEST_DIR, `m${memberIndex(member)}`);
}

/** Environment for the incus CLI talking to `member` over its unix socket. */
export function incusEnv(member?: Member): NodeJS.ProcessEnv {
  return {
    ...process.env,
    INCUS_DIR: memberDir(member),
    INCUS_CONF: process.env.INCUS_CONF || path.join(INCUS_TEST_DIR, "client"),
    INCUS_SOCKET: "",
    LANG: "C.UTF-8",
  };
}

function incusBinary(): string | undefined {
  for (const dir of (process.env.PATH || "/usr/bin:/bin").split(":")) {
    const p = path.join(dir || ".", "incus");
    if (existsSync(p)) return p;
  }
  return undefined;
}

let availability: { ok: boolean; why: string } | undefined;

/** Why the cluster is not usable, or undefined when every member's daemon answers. Cached. */
export function clusterProblem(): string | undefined {
  if (!availability) {
    let why = "";
    if (!incusBinary()) why = "the incus client is not installed";
    for (let i = 1; !why && i <= MEMBER_COUNT; i++) {
      const sock = path.join(memberDir(i), "unix.socket");
      if (!existsSync(sock)) { why = `no daemon socket ${sock}`; break; }
      const r = spawnSync("incus", ["query", "/1.0"], { env: incusEnv(i), encoding: "utf8", timeout: 10_000 });
      if (r.status !== 0) why = `node${i} does not answer on ${sock}: ${(r.stderr || String(r.error || "")).trim()}`;
    }
    availability = { ok: !why, why };
  }
  return availability.ok ? undefined : availability.why;
}

/** True when every member's daemon socket responds. */
export function clusterAvailable(): boolean {
  return clusterProblem() === undefined;
}

/**
 * Call at the start of a test that needs the cluster. Returns true when it is available.
 * Otherwise: under CI throws (the test fails with a clear message); locally skips the test
 * and returns false.
 */
export function requireCluster(t?: { skip: (msg?: string) => void }): boolean {
  const why = clusterProblem();
  if (why === undefined) { lockCluster(); return true; }
  const msg = `Incus test cluster not running (${why}); start it with: sudo bash tools/incus-cluster/start.sh`;
  if (process.env.CI) throw new Error(`${msg} [CI is set, so this is a failure, not a skip]`);
  t?.skip(msg);
  return false;
}

let lockHeld = false;

/**
 * The placement scriptlet and the instances are cluster-wide state, and node --test runs test
 * files in parallel processes: the first requireCluster() of a process takes an exclusive lock
 * ($INCUS_TEST_DIR/test.lock, a directory holding the owner's pid) until the process exits, so
 * cluster test files run one after another. A lock whose owner is dead is taken over.
 * setScriptlet(), captureLogs() and cleanupInstances() take it too; plain incus() does not.
 * Shell scripts can take the same lock: mkdir $INCUS_TEST_DIR/test.lock && echo $$ > .../pid,
 * and export INCUS_TEST_LOCKED=1 to the node processes they run under it.
 */
export function lockCluster(timeoutMs = Number(process.env.INCUS_TEST_LOCK_TIMEOUT_MS || 30 * 60_000)): void {
  if (lockHeld || process.env.INCUS_TEST_LOCKED) return; // INCUS_TEST_LOCKED: a parent holds it
  if (!existsSync(INCUS_TEST_DIR)) return; // no cluster: the incus calls will say so
  const dir = path.join(INCUS_TEST_DIR, "test.lock");
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(path.join(dir, "pid"), String(process.pid));
      lockHeld = true;
      process.on("exit", () => { try { rmSync(dir, { recursive: true, force: true }); } catch { /* gone */ } });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let owner = NaN;
    try { owner = Number(readFileSync(path.join(dir, "pid"), "utf8")); } catch { /* being written */ }
    let dead = false;
    if (owner > 0) { try { process.kill(owner, 0); } catch { dead = true; } }
    else { try { dead = Date.now() - statSync(dir).mtimeMs > 5_000; } catch { /* just released */ } }
    if (dead) { rmSync(dir, { recursive: true, force: true }); continue; }
    if (Date.now() > deadline) throw new Error(`Incus test cluster still locked by pid ${owner} (${dir}) after ${timeoutMs}ms`);
    Atomics.wait(pause, 0, 0, 100);
  }
}

export interface IncusResult { code: number; stdout: string; stderr: string }

export interface IncusOptions {
  member?: Member;
  input?: string;
  timeoutMs?: number;
}

/** Run the real `incus` CLI against a member (default node1). Never throws on a non-zero exit. */
export function incus(args: string[], opts: IncusOptions = {}): Promise<IncusResult> {
  return new Promise((resolve) => {
    const child = spawn("incus", args, {
      env: incusEnv(opts.member), stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[incus ${args.join(" ")} timed out after ${opts.timeoutMs ?? 120_000}ms]`;
      child.kill("SIGKILL");
    }, opts.timeoutMs ?? 120_000);
    child.on("error", (e) => { stderr += String(e); });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    if (child.stdin) {
      child.stdin.on("error", () => { /* the CLI exited without reading its input */ });
      child.stdin.end(opts.input);
    }
  });
}

/** Synchronous variant of incus(). */
export function incusSync(args: string[], opts: IncusOptions = {}): IncusResult {
  const r = spawnSync("incus", args, {
    env: incusEnv(opts.member), input: opts.input ?? "", encoding: "utf8", timeout: opts.timeoutMs ?? 120_000,
  });
  return { code: r.status ?? 1, stdout: r.stdout ?? "", stderr: (r.stderr ?? "") + (r.error ? String(r.error) : "") };
}

/** Throws with the CLI's stderr when the command failed; returns stdout. */
export function must(r: IncusResult, what = "incus"): string {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * Set (or with null/"" unset) the server-wide instances.placement.scriptlet. Returns the CLI
 * result: a compile/validation error is a non-zero code with `Error: ...` on stderr.
 */
export function setScriptlet(src: string | null, key = PLACEMENT_KEY): Promise<IncusResult> {
  lockCluster();
  if (src === null || src === "") return incus(["config", "unset", key]);
  return incus(["config", "set", `${key}=${src}`]);
}

/** A log_info/log_warn/log_error line of a scriptlet, as seen on `incus monitor --type=logging`. */
export interface ScriptletLog {
  level: "info" | "warn" | "error";
  /** the text after "<Kind> scriptlet: " — the str() of the arguments, concatenated */
  message: string;
  /** which scriptlet, e.g. "Instance placement" */
  kind: string;
  /** the member whose daemon ran the scriptlet */
  member: string;
  timestamp: string;
}

/** One raw logging event from `incus monitor --type=logging --format=json`. */
export interface LoggingEvent {
  location: string;
  timestamp: string;
  type: string;
  metadata: { level: string; message: string; context: Record<string, string> };
}

export interface Captured<T> {
  value: T;
  /** scriptlet log lines in the order the scriptlet emitted them (sorted by timestamp) */
  logs: ScriptletLog[];
  /** members passed to set_target successfully ("... scriptlet set member target" member=X) */
  targets: string[];
  /** every logging event seen while fn ran (all levels, all members), sorted by timestamp */
  events: LoggingEvent[];
}

const LEVELS: Record<string, ScriptletLog["level"]> = { info: "info", warning: "warn", warn: "warn", error: "error" };
const SCRIPTLET_LINE = /^(.*?) scriptlet: ([\s\S]*)$/;

/** Parse monitor events into scriptlet log lines (exported for tests of the parser). */
export function scriptletLogs(events: LoggingEvent[]): ScriptletLog[] {
  const out: ScriptletLog[] = [];
  for (const e of events) {
    const m = SCRIPTLET_LINE.exec(e.metadata?.message ?? "");
    const level = LEVELS[e.metadata?.level];
    if (!m || !level || /[:]/.test(m[1])) continue;
    out.push({ level, message: m[2], kind: m[1], member: e.location, timestamp: e.timestamp });
  }
  return out;
}

/**
 * Parse one line of `incus monitor --type=logging --pretty` output, e.g.
 *   time="2026-11-25T20:22:51Z" level=info msg="[node1] Instance placement scriptlet: hello"
 * into {level, member, message}; undefined if it is not a scriptlet log line.
 */
export function parsePrettyLine(line: string): ScriptletLog | undefined {
  const m = /^time="([^"]*)" level=(\w+) msg="((?:[^"\\]|\\.)*)"/.exec(line);
  if (!m) return undefined;
  const msg = JSON.parse(`"${m[3]}"`) as string;
  const mm = /^\[([^\]]*)\] (.*?) scriptlet: ([\s\S]*)$/.exec(msg);
  const level = LEVELS[m[2]];
  if (!mm || !level) return undefined;
  return { level, message: mm[3], kind: mm[2], member: mm[1], timestamp: m[1] };
}

interface Monitor { member: number; child: ChildProcess; events: LoggingEvent[]; buf: string }

function startMonitor(member: number): Monitor {
  // JSON, not --pretty: the daemon delivers log events out of order (each in its own goroutine),
  // and only the JSON form carries nanosecond timestamps to restore the scriptlet's order.
  const child = spawn("incus", ["monitor", "--type=logging", "--format=json"], {
    env: incusEnv(member), stdio: ["ignore", "pipe", "pipe"],
  });
  const mon: Monitor = { member, child, events: [], buf: "" };
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    mon.buf += d;
    let nl: number;
    while ((nl = mon.buf.indexOf("\n")) >= 0) {
      const line = mon.buf.slice(0, nl).trim();
      mon.buf = mon.buf.slice(nl + 1);
      if (!line) continue;
      try { mon.events.push(JSON.parse(line) as LoggingEvent); } catch { /* not JSON: ignore */ }
    }
  });
  child.stderr!.resume();
  return mon;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET on a member's unix socket, straight over HTTP (much cheaper than spawning the CLI). */
function getUnix(member: number, urlPath: string): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request({ socketPath: path.join(memberDir(member), "unix.socket"), path: urlPath, method: "GET" }, (res) => {
      res.resume();
      res.on("end", () => resolve());
      res.on("error", () => resolve());
    });
    req.on("error", () => resolve());
    req.end();
  });
}

/** Send a request whose debug log line proves the monitor sees everything logged before it. */
async function syncMonitor(mon: Monitor, timeoutMs: number): Promise<void> {
  const marker = randomUUID();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (mon.child.exitCode !== null) throw new Error(`incus monitor on node${mon.member} exited (${mon.child.exitCode})`);
    await getUnix(mon.member, `/1.0?capture-marker=${marker}`);
    const until = Date.now() + 300;
    while (Date.now() < until) {
      if (mon.events.some((e) => e.metadata?.context?.url?.includes(marker))) return;
      await sleep(5);
    }
  }
  throw new Error(`incus monitor on node${mon.member} did not see its marker within ${timeoutMs}ms`);
}

/**
 * Monitors kept open across several captures (saves starting three `incus monitor` processes
 * per capture):  const cap = await LogCapture.open(); const a = await cap.run(fn); ...; cap.close();
 */
export class LogCapture {
  private constructor(private readonly mons: Monitor[]) {}

  static async open(opts: { members?: Member[] } = {}): Promise<LogCapture> {
    lockCluster();
    const mons = (opts.members ?? MEMBERS).map(memberIndex).map(startMonitor);
    const cap = new LogCapture(mons);
    try {
      await Promise.all(mons.map((m) => syncMonitor(m, 15_000)));
    } catch (e) {
      cap.close();
      throw e;
    }
    return cap;
  }

  /** Run fn; return its value and the logging events it caused (see Captured). */
  async run<T>(fn: () => Promise<T> | T, opts: { settleMs?: number } = {}): Promise<Captured<T>> {
    const start = this.mons.map((m) => m.events.length);
    const value = await fn();
    await Promise.all(this.mons.map((m) => syncMonitor(m, 15_000)));
    await sleep(opts.settleMs ?? 150); // stragglers delivered out of order
    // Warning and error events are forwarded to every member (info stays local), so the same
    // event can reach several monitors: keep one copy.
    const seen = new Set<string>();
    const events = this.mons
      .flatMap((m, i) => m.events.slice(start[i]))
      .filter((e) => e.type === "logging")
      .filter((e) => {
        const k = JSON.stringify([e.location, e.timestamp, e.metadata?.level, e.metadata?.message]);
        return seen.has(k) ? false : (seen.add(k), true);
      })
      .sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    const targets = events
      .filter((e) => / scriptlet set member target$/.test(e.metadata?.message ?? ""))
      .map((e) => e.metadata.context.member);
    return { value, logs: scriptletLogs(events), targets, events };
  }

  close(): void {
    for (const m of this.mons) m.child.kill("SIGTERM");
  }
}

/**
 * Run fn while `incus monitor --type=logging` listens on every member (info events are
 * member-local: a monitor on node1 does not see node2's log_info; warnings and errors reach all).
 * Returns fn's value and the scriptlet log lines it caused, in emission order.
 */
export async function captureLogs<T>(fn: () => Promise<T> | T, opts: { members?: Member[]; settleMs?: number } = {}): Promise<Captured<T>> {
  const cap = await LogCapture.open(opts);
  try {
    return await cap.run(fn, opts);
  } finally {
    cap.close();
  }
}

export interface InstanceInfo { name: string; location: string; project: string; status: string }

/** Instances in all projects (name, location, project, status). */
export async function listInstances(): Promise<InstanceInfo[]> {
  const r = await incus(["query", "/1.0/instances?recursion=1&all-projects=true"]);
  const list = JSON.parse(must(r, "listing instances")) as Array<Record<string, string>>;
  return list.map((i) => ({ name: i.name, location: i.location, project: i.project, status: i.status }));
}

/** Location of one instance, or undefined when it does not exist. */
export async function instanceLocation(name: string, project = "default"): Promise<string | undefined> {
  const r = await incus(["query", `/1.0/instances/${encodeURIComponent(name)}?project=${encodeURIComponent(project)}`]);
  if (r.code !== 0) return undefined;
  return (JSON.parse(r.stdout) as { location: string }).location;
}

/**
 * Put the cluster back to a clean state: unset the placement scriptlet, restore evacuated
 * members, delete every instance in every project (force), and delete projects other than
 * default and cluster groups other than default; members go back to scheduler.instance=all.
 */
export async function cleanupInstances(opts: { keepScriptlet?: boolean } = {}): Promise<void> {
  lockCluster();
  if (!opts.keepScriptlet) await setScriptlet(null);
  const members = JSON.parse(must(await incus(["query", "/1.0/cluster/members?recursion=1"]), "listing members")) as
    Array<{ server_name: string; status: string; config: Record<string, string> }>;
  for (const m of members) {
    if (/evacuat/i.test(m.status)) await incus(["cluster", "restore", m.server_name, "--force"]);
    if (m.config?.["scheduler.instance"]) await incus(["cluster", "unset", m.server_name, "scheduler.instance"]);
  }
  for (const i of await listInstances()) {
    must(await incus(["delete", "--force", i.name, "--project", i.project]), `deleting ${i.project}/${i.name}`);
  }
  await removeOrphanInstanceVolumes();
  const projects = JSON.parse(must(await incus(["query", "/1.0/projects?recursion=1"]))) as Array<{ name: string }>;
  for (const p of projects) {
    if (p.name === "default") continue;
    for (const prof of JSON.parse(must(await incus(["query", `/1.0/profiles?project=${p.name}`]))) as string[]) {
      const name = prof.split("/").pop()!;
      if (name !== "default") await incus(["profile", "delete", name, "--project", p.name]);
    }
    const r = await incus(["project", "delete", p.name]);
    if (r.code !== 0) await incus(["project", "delete", p.name, "--force"], { input: "yes\n" });
  }
  const groups = JSON.parse(must(await incus(["query", "/1.0/cluster/groups?recursion=1"]))) as Array<{ name: string; members: string[] }>;
  for (const g of groups) {
    if (g.name === "default") continue;
    for (const m of g.members ?? []) {
      // a member must stay in at least one group: put it back into default first
      await incus(["cluster", "group", "assign", m, "default"]);
    }
    await incus(["cluster", "group", "delete", g.name]);
  }
}

/**
 * With no instance left, any container/VM volume record is an orphan (seen after a test was
 * interrupted in the middle of a migration): `incus create` of that name on that member then
 * fails with `UNIQUE constraint failed: index 'storage_volumes_unique_...'`, and the storage API
 * refuses to delete instance volumes. Remove the record and the `dir` pool's directory.
 */
async function removeOrphanInstanceVolumes(): Promise<void> {
  if ((await listInstances()).length > 0) return;
  const q = "SELECT v.id, v.name, v.type, n.name, p.name, sp.name FROM storage_volumes v " +
    "JOIN nodes n ON n.id = v.node_id JOIN projects p ON p.id = v.project_id " +
    "JOIN storage_pools sp ON sp.id = v.storage_pool_id WHERE v.type IN (0, 3)";
  const r = await incus(["admin", "sql", "global", q, "--format", "json"]);
  if (r.code !== 0) return;
  const rows = (JSON.parse(r.stdout) as { rows: Array<[number, string, number, string, string, string]> | null }).rows ?? [];
  for (const [id, name, type, node, project, pool] of rows) {
    must(await incus(["admin", "sql", "global", `DELETE FROM storage_volumes WHERE id = ${Number(id)}`]), "deleting an orphan volume record");
    const dirName = (project === "default" ? "" : `${project}_`) + name;
    const sub = type === 0 ? "containers" : "virtual-machines";
    if (/^node\d+$/.test(node) && /^[A-Za-z0-9_.-]+$/.test(dirName) && /^[A-Za-z0-9_.-]+$/.test(pool)) {
      rmSync(path.join(memberDir(node), "storage-pools", pool, sub, dirName), { recursive: true, force: true });
    }
  }
}
