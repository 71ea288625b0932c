// Runtime-wide ("thread-local", in go.starlark.net's terms) state: dialect options, the
// print hook and the stack of active calls. The stack is not unwound by try/finally in
// every call (that would tax the hot path); instead whoever catches a Starlark error
// (catchError, or the host between runs) restores it with unwindTo.

import { SFunction, StarlarkError, type Value } from "./values";

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
export const options: RuntimeOptions = { recursion: false, maxCallDepth: Infinity };

export function setOptions(o: Partial<RuntimeOptions>): void {
  if (o.recursion !== undefined) options.recursion = !!o.recursion;
  if (o.maxCallDepth !== undefined) options.maxCallDepth = o.maxCallDepth;
}

/** Active Starlark functions (and library callables), outermost first; builtins get no
 *  frame. `depth` is the number of live entries. */
export const frames: Value[] = [];
export const stack = { depth: 0 };

let printHook: (msg: string) => void = () => {};

/** Thread.Print: receives each line print() produces (a byte string, no newline). */
export function setPrint(fn: (msg: string) => void): void {
  printHook = fn;
}

export function print(msg: string): void {
  printHook(msg);
}

/** The callables active now, outermost first (Thread.CallStack, without positions). */
export function callStack(): Value[] {
  return frames.slice(0, stack.depth);
}

/** Pop every frame above `depth`, undoing their recursion marks. */
export function unwindTo(depth: number): void {
  for (let i = stack.depth - 1; i >= depth; i--) {
    const f = frames[i];
    if (f instanceof SFunction) f.desc.code!.active--;
    frames[i] = null;
  }
  stack.depth = depth;
}

/** Forget all active calls (before a new top-level run). */
export function reset(): void {
  unwindTo(0);
}

/** Run fn; on a Starlark error restore the call state and return the message, else
 *  return null (assert.fails in the conformance harness). Other errors propagate. */
export function catchError(fn: () => unknown): string | null {
  const depth = stack.depth;
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
  const depth = stack.depth;
  try {
    return fn();
  } catch (e) {
    unwindTo(depth);
    throw e;
  }
}
