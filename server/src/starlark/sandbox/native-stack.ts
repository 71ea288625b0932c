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
import { spawnSync } from "node:child_process";
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

/** Runs this process again with an OS stack limit of `bytes` (raised by /bin/sh when
 *  `raise`) and a V8 stack to match; undefined when that stack is not worth it. */
function relaunch(bytes: number, raise: boolean): ReturnType<typeof spawnSync> | undefined {
  const kb = largeStackKb(bytes);
  if (kb === undefined) return undefined;
  const argv = [process.execPath, ...process.execArgv, `--stack-size=${kb}`, ...process.argv.slice(1)];
  // `ulimit -s` (KiB) raises the soft limit for the exec'd node, whose kernel-made main
  // stack may then grow that far; the arguments pass through "$@", untouched by the shell.
  const [cmd, args] = raise
    ? ["/bin/sh", ["-c", `ulimit -s ${Math.ceil(bytes / 1024)} 2>/dev/null || exit ${ULIMIT_FAILED}; exec "$@"`, "sh", ...argv]]
    : [argv[0], argv.slice(1)];
  return spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, [MARK]: String(kb) } });
}

/** Relaunches this Node process with a large V8 stack (same arguments, stdio inherited)
 *  and returns its exit code; undefined when this process should just go on (already
 *  relaunched, a --stack-size given, or no larger stack available). */
export function relaunchWithLargeStack(): number | undefined {
  if (process.env[MARK] !== undefined) return undefined;
  if (process.execArgv.some((a) => a.startsWith("--stack-size"))) return undefined;
  const limits = stackLimits();
  if (limits === undefined) return undefined;
  const plan = relaunchStackBytes(limits);
  let r = relaunch(plan.bytes, plan.raise);
  // The shell could not raise the limit after all: relaunch with the limit there is.
  if (r !== undefined && plan.raise && r.status === ULIMIT_FAILED) r = relaunch(limits.soft, false);
  if (r === undefined) return undefined;
  if (r.error) return undefined; // could not spawn: run here with the default stack
  if (r.signal) return 128 + (signalNumber(r.signal) ?? 1);
  return r.status ?? 1;
}

function signalNumber(sig: NodeJS.Signals): number | undefined {
  const n = (require("node:os") as typeof import("node:os")).constants.signals[sig];
  return typeof n === "number" ? n : undefined;
}
