// QuickJS runs as WebAssembly and recurses on the host's native stack: a Starlark call chain
// or a nested value goes about 1,000 levels deep under Node's default V8 stack (~1 MB),
// where go.starlark.net (its stack grows to 1 GB) goes far deeper. A command-line process
// can have most of its main thread's stack (the OS limit, 8 MB by default on Linux) by
// running under `node --stack-size`, which V8 reads only at start-up: so the CLI entry
// relaunches itself once with it (~6,000 levels at 8 MB). Beyond that the run ends with
// the tool's own stack message (session.ts), never a crash.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const MARK = "INCUS_SCRIPTLET_STACK_KB";

/** The soft limit of the main thread's stack in bytes (Infinity = unlimited), or
 *  undefined where it cannot be read (not Linux). */
function stackLimit(): number | undefined {
  try {
    const m = /^Max stack size\s+(\S+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    if (!m) return undefined;
    return m[1] === "unlimited" ? Infinity : Number(m[1]);
  } catch {
    return undefined;
  }
}

/** The V8 stack size (KiB) this process could use: 85 % of the OS limit (native code
 *  between V8's checks needs the rest), at most 256 MiB; undefined when not worth it. */
export function largeStackKb(): number | undefined {
  const limit = stackLimit();
  if (limit === undefined) return undefined;
  const kb = Math.floor((Math.min(limit, 256 * 1024 * 1024) / 1024) * 0.85);
  return kb >= 2048 ? kb : undefined;
}

/** Relaunches this Node process with a large V8 stack (same arguments, stdio inherited)
 *  and returns its exit code; undefined when this process should just go on (already
 *  relaunched, a --stack-size given, or no larger stack available). */
export function relaunchWithLargeStack(): number | undefined {
  if (process.env[MARK] !== undefined) return undefined;
  if (process.execArgv.some((a) => a.startsWith("--stack-size"))) return undefined;
  const kb = largeStackKb();
  if (kb === undefined) return undefined;
  const r = spawnSync(process.execPath, [...process.execArgv, `--stack-size=${kb}`, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, [MARK]: String(kb) },
  });
  if (r.error) return undefined; // could not spawn: run here with the default stack
  if (r.signal) return 128 + (signalNumber(r.signal) ?? 1);
  return r.status ?? 1;
}

function signalNumber(sig: NodeJS.Signals): number | undefined {
  const n = (require("node:os") as typeof import("node:os")).constants.signals[sig];
  return typeof n === "number" ? n : undefined;
}
