// Runtime-wide ("thread-local", in go.starlark.net's terms) state: dialect options, the
// print hook and the stack of active calls. The stack is not unwound by try/finally in
// every call (that would tax the hot path); instead whoever catches a Starlark error
// (catchError, or the host between runs) restores it with unwindTo.

import { callDepth, callStack, setCallOptions, unwindTo } from "./call";
import { StarlarkError } from "./values";

export { callStack, unwindTo };

export interface RuntimeOptions {
  /** Allow recursive calls (FileOptions.Recursion); else "function f called recursively". */
  recursion: boolean;
  /** Maximum depth of nested Starlark calls before "call stack depth exceeded". QuickJS
   *  in WebAssembly recurses on the host's native stack, which Node limits to about
   *  1 MB: measured there, ~1000 plain recursive calls fit, but only ~800 when every
   *  level also goes through a builtin (sorted(key=...)), so the default keeps a margin.
   *  A host with a bigger stack (a Worker with resourceLimits.stackSizeMb) may raise it. */
  maxCallDepth: number;
}

// No depth limit by default: go.starlark.net (so Incus) has none, and the host catches the
// exhaustion of its own stack (sandbox/session.ts) and reports it as the tool's limit.
// (call.ts keeps its own copy of both, which its hot paths read as module variables.)
export const options: RuntimeOptions = { recursion: false, maxCallDepth: Infinity };

export function setOptions(o: Partial<RuntimeOptions>): void {
  if (o.recursion !== undefined) options.recursion = !!o.recursion;
  if (o.maxCallDepth !== undefined) options.maxCallDepth = o.maxCallDepth;
  setCallOptions(options.recursion, options.maxCallDepth);
}

// The stack of active calls lives in call.ts (callStack, unwindTo, callDepth).

let printHook: (msg: string) => void = () => {};

/** Thread.Print: receives each line print() produces (a byte string, no newline). */
export function setPrint(fn: (msg: string) => void): void {
  printHook = fn;
}

export function print(msg: string): void {
  printHook(msg);
}

/** Forget all active calls (before a new top-level run). */
export function reset(): void {
  unwindTo(0);
}

/** Run fn; on a Starlark error restore the call state and return the message, else
 *  return null (assert.fails in the conformance harness). Other errors propagate. */
export function catchError(fn: () => unknown): string | null {
  const depth = callDepth();
  try {
    fn();
    return null;
  } catch (e) {
    unwindTo(depth);
    if (e instanceof StarlarkError) return e.message;
    throw e;
  }
}

/** Run fn; on any error restore the call state before rethrowing (host entry points). */
export function guarded<T>(fn: () => T): T {
  const depth = callDepth();
  try {
    return fn();
  } catch (e) {
    unwindTo(depth);
    throw e;
  }
}
