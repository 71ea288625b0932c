// Resource limits of a sandbox session, and how a run ends when one is reached.
//
// Incus itself puts no time, memory or depth limit on a placement scriptlet run for
// `create`/`move` (only evacuation and rebalancing give it 5 s, and cancel it with
// go.starlark.net's "Starlark computation cancelled: <reason>": that is `cancel` below, an
// Incus outcome). The other limits are the tool's own (an editor cannot wait forever):
// they are reported in the tool's words and apart from Incus's outcome (EvalFailure.limit),
// and the defaults are generous enough that every scriptlet Incus finishes finishes here.

export interface Limits {
  /** The tool's wall-clock budget of each run (top level or call), in ms; Infinity = none. */
  timeoutMs: number;
  /** The tool's cap on the sandbox's memory (QuickJS heap and the growth of its
   *  WebAssembly memory during a run), in bytes. */
  memoryBytes: number;
  /** QuickJS's own check of its C stack, in bytes (0 = off; see QUICKJS_STACK_BYTES). */
  maxStackBytes: number;
  /** Incus's own cancellation of the run (the evacuation path's 5 s context): after
   *  `afterMs` the run fails with "Starlark computation cancelled: <reason>", as
   *  go.starlark.net's Thread.Cancel words it. Not a tool limit. */
  cancel?: { afterMs: number; reason: string };
}

/** The WebAssembly memory of quickjs-emscripten cannot grow past 4 GiB; QuickJS itself
 *  needs headroom for its own bookkeeping. */
const WASM_HEADROOM = 256 * 1024 * 1024;
const WASM_MAX = 4 * 1024 * 1024 * 1024;

/** QuickJS recurses on two stacks: WebAssembly frames on the host's native stack (V8's,
 *  which throws a RangeError when it runs out) and the C "shadow" stack in the module's
 *  linear memory, fixed at 5,333,088 bytes by the quickjs-emscripten build (its
 *  __stack_pointer's start). Under Node's default stack the native one runs out first;
 *  under the CLI's 1 GB stack (native-stack.ts) the shadow stack would, and overflowing it
 *  traps ("memory access out of bounds") and leaves the WebAssembly module unusable for
 *  every later session. QuickJS's own check on the shadow stack, 4 MiB below where the
 *  session starts, ends such a run with the tool's stack message instead. */
const QUICKJS_STACK_BYTES = 4 * 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  timeoutMs: Infinity,
  // list(range(8000000)) takes ~130 MiB in QuickJS; Go's heap has no cap of its own.
  memoryBytes: 2048 * 1024 * 1024,
  maxStackBytes: QUICKJS_STACK_BYTES,
});

/** Limits from the engine options the CLI and the editor expose (`--memory-mb`,
 *  `--timeout-ms`, incus.run.memoryMb / incus.run.timeoutMs); 0 or absent = default. */
export function limitsFromOptions(o: { memoryMb?: number; timeoutMs?: number }): Partial<Limits> {
  const l: Partial<Limits> = {};
  if (o.memoryMb !== undefined && o.memoryMb > 0) l.memoryBytes = Math.min(o.memoryMb * 1024 * 1024, WASM_MAX - WASM_HEADROOM);
  if (o.timeoutMs !== undefined && o.timeoutMs > 0) l.timeoutMs = o.timeoutMs;
  return l;
}

function size(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

export function timeoutMessage(l: Limits): string {
  return `stopped by the tool's time budget of ${l.timeoutMs} ms (not an Incus limit; raise it with --timeout-ms or incus.run.timeoutMs)`;
}

export function memoryMessage(l: Limits): string {
  return `stopped by the tool's memory cap of ${size(l.memoryBytes)} (not an Incus limit; raise it with --memory-mb or incus.run.memoryMb)`;
}

export function stackMessage(): string {
  return "stopped: the call chain or value is nested deeper than the tool's sandbox can follow (not an Incus limit)";
}

/** go.starlark.net's Thread.Cancel error. */
export function cancelledMessage(reason: string): string {
  return `Starlark computation cancelled: ${reason}`;
}
