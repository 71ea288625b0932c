// QuickJS runs as WebAssembly and recurses on the host's native stack: a Starlark call chain
// or a nested value goes about 1,000 levels deep under Node's default V8 stack (~1 MB),
// where go.starlark.net (its stack grows to 1 GB) goes far deeper. A command-line process
// can have most of its main thread's stack by running under `node --stack-size`, which V8
// reads only at start-up: so the CLI entry relaunches itself once with it. The OS limit of
// the main thread's stack is 8 MB by default on Linux (~6,000 levels), but only the soft
// limit: where the hard limit allows, the relaunch first raises it to 1 GB, the stack
// go.starlark.net's goroutines may grow to, so that the parser, compiler and sandbox
// follow a program as deep as go.starlark.net does (issue H item 2; the parser's limit
// follows the stack: syntax/stack-budget.ts). The stack is reserved, not used: memory
// is only taken by programs that nest that deep. Beyond it the run ends with the tool's
// own stack message (session.ts), never a crash.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const MARK = "INCUS_SCRIPTLET_STACK_KB";

/** go.starlark.net's goroutine stack limit (runtime/debug.SetMaxStack's default on 64-bit). */
const GO_STACK_BYTES = 1_000_000_000;

/** The soft and hard limits of the main thread's stack in bytes (Infinity = unlimited), or
 *  undefined where they cannot be read (not Linux). */
function stackLimits(): { soft: number; hard: number } | undefined {
  try {
    const m = /^Max stack size\s+(\S+)\s+(\S+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    if (!m) return undefined;
    const bytes = (v: string) => (v === "unlimited" ? Infinity : Number(v));
    return { soft: bytes(m[1]), hard: bytes(m[2]) };
  } catch {
    return undefined;
  }
}

/** The OS stack limit (bytes) the relaunched process gets: the soft limit raised to
 *  GO_STACK_BYTES (plus room for native frames between V8's checks) where the hard limit
 *  allows, and where /bin/sh can raise it; else the soft limit. */
function relaunchStackBytes(l: { soft: number; hard: number }): { bytes: number; raise: boolean } {
  const want = Math.ceil(GO_STACK_BYTES / 0.85);
  if (l.soft >= want) return { bytes: l.soft, raise: false };
  if (l.hard >= want && existsSync("/bin/sh")) return { bytes: want, raise: true };
  return { bytes: l.soft, raise: false };
}

/** The V8 stack size (KiB) a process with an OS stack limit of `bytes` can use: 85 % of it
 *  (native code between V8's checks needs the rest), at most Go's 1 GB; undefined when not
 *  worth it. */
export function largeStackKb(bytes: number): number | undefined {
  const kb = Math.floor((Math.min(bytes, GO_STACK_BYTES / 0.85) / 1024) * 0.85);
  return kb >= 2048 ? kb : undefined;
}

/** The status of the relaunching shell when `ulimit -s` fails (it runs nothing then). */
const ULIMIT_FAILED = 121;

interface Launch {
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** How to run this process again with an OS stack limit of `bytes` (raised by /bin/sh when
 *  `raise`) and a V8 stack to match; undefined when that stack is not worth it. */
function launchWith(bytes: number, raise: boolean): Launch | undefined {
  const kb = largeStackKb(bytes);
  if (kb === undefined) return undefined;
  const argv = [process.execPath, ...process.execArgv, `--stack-size=${kb}`, ...process.argv.slice(1)];
  // `ulimit -s` (KiB) raises the soft limit for the exec'd node, whose kernel-made main
  // stack may then grow that far; the arguments pass through "$@", untouched by the shell.
  const [cmd, args] = raise
    ? ["/bin/sh", ["-c", `ulimit -s ${Math.ceil(bytes / 1024)} 2>/dev/null || exit ${ULIMIT_FAILED}; exec "$@"`, "sh", ...argv]]
    : [argv[0], argv.slice(1)];
  const env: NodeJS.ProcessEnv = { ...process.env, [MARK]: String(kb) };
  // A process forked with an IPC channel (VS Code's language client forks the server even for
  // stdio) hands only stdio on: the relaunched one must not look for the channel's descriptor.
  delete env.NODE_CHANNEL_FD;
  delete env.NODE_CHANNEL_SERIALIZATION_MODE;
  return { cmd, args, env };
}

/** The launches to try, in order: with the limit raised to Go's stack, then (if the shell
 *  could not raise it after all) with the limit there is. Empty when this process should just
 *  go on: already relaunched, a --stack-size given, or no larger stack available. */
function launches(): Launch[] {
  if (process.env[MARK] !== undefined) return [];
  if (process.execArgv.some((a) => a.startsWith("--stack-size"))) return [];
  const limits = stackLimits();
  if (limits === undefined) return [];
  const plan = relaunchStackBytes(limits);
  const first = launchWith(plan.bytes, plan.raise);
  if (first === undefined) return [];
  const fallback = plan.raise ? launchWith(limits.soft, false) : undefined;
  return fallback ? [first, fallback] : [first];
}

/** A command that runs `node ...nodeArgs` (this Node binary) on the large stack in one
 *  process — a shell that raises the limit and execs Node, no waiting parent — for a program
 *  that starts the server itself (the VS Code client), saving the second Node start the
 *  server's own relaunch costs. Arguments appended to `args` reach the Node program. When the
 *  shell cannot raise the limit after all it starts the plain command, and the server then
 *  relaunches itself with the limit there is. Undefined where no larger stack is available
 *  (start the plain command then). */
export function largeStackCommand(nodeArgs: string[]): { command: string; args: string[]; env: Record<string, string> } | undefined {
  const limits = stackLimits();
  if (limits === undefined) return undefined;
  const plan = relaunchStackBytes(limits);
  const kb = largeStackKb(plan.bytes);
  if (kb === undefined) return undefined;
  if (!plan.raise) return { command: process.execPath, args: [`--stack-size=${kb}`, ...nodeArgs], env: { [MARK]: String(kb) } };
  const script = `if ulimit -s ${Math.ceil(plan.bytes / 1024)} 2>/dev/null; then export ${MARK}=${kb}; exec "$0" --stack-size=${kb} "$@"; else exec "$0" "$@"; fi`;
  return { command: "/bin/sh", args: ["-c", script, process.execPath, ...nodeArgs], env: {} };
}

function exitCode(status: number | null, signal: NodeJS.Signals | null): number {
  if (signal) return 128 + (signalNumber(signal) ?? 1);
  return status ?? 1;
}

/** Relaunches this Node process with a large V8 stack (same arguments, stdio inherited),
 *  waits for it and returns its exit code; undefined when this process should just go on
 *  (already relaunched, a --stack-size given, no larger stack available, or no spawn). For
 *  the CLI, which has nothing to do meanwhile. */
export function relaunchWithLargeStack(): number | undefined {
  for (const l of launches()) {
    const r = spawnSync(l.cmd, l.args, { stdio: "inherit", env: l.env });
    if (r.error) return undefined; // could not spawn: run here with the default stack
    if (r.status === ULIMIT_FAILED && l.cmd === "/bin/sh" && !r.signal) continue;
    return exitCode(r.status, r.signal);
  }
  return undefined;
}

/** The same for a long-running server: the relaunched process serves over the inherited
 *  stdio while this one only waits, passes on the signals that end it (a client stopping
 *  its server sends SIGTERM to the process it started: this one), and settles with the
 *  relaunched process's exit code, or with undefined when it could not be spawned (this
 *  process serves then). Undefined when this process should serve itself. */
export function serveWithLargeStack(): Promise<number | undefined> | undefined {
  const todo = launches();
  if (todo.length === 0) return undefined;
  return new Promise<number | undefined>((resolve) => {
    const forward = (sig: NodeJS.Signals) => () => current?.kill(sig);
    const handlers = (["SIGTERM", "SIGINT", "SIGHUP"] as const).map((sig) => [sig, forward(sig)] as const);
    for (const [sig, h] of handlers) process.on(sig, h);
    let current: ChildProcess | undefined;
    const next = (i: number): void => {
      const l = todo[i];
      const child = spawn(l.cmd, l.args, { stdio: "inherit", env: l.env });
      current = child;
      let spawned = false;
      child.once("spawn", () => (spawned = true));
      child.once("error", () => {
        // Could not spawn at all: this process serves, with the stack it has.
        if (!spawned) finish(undefined);
      });
      child.once("exit", (status, signal) => {
        if (status === ULIMIT_FAILED && l.cmd === "/bin/sh" && i + 1 < todo.length) next(i + 1);
        else finish(exitCode(status, signal));
      });
    };
    const finish = (code: number | undefined) => {
      for (const [sig, h] of handlers) process.off(sig, h);
      resolve(code);
    };
    next(0);
  });
}

function signalNumber(sig: NodeJS.Signals): number | undefined {
  const n = (require("node:os") as typeof import("node:os")).constants.signals[sig];
  return typeof n === "number" ? n : undefined;
}
