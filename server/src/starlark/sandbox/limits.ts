// Resource limits of a sandbox session and the messages a run ends with when it hits one.

export interface Limits {
  /** Wall-clock budget of each run (top level or call), in ms. */
  timeoutMs: number;
  /** Cap on the QuickJS heap, in bytes (values, strings, compiled code, the runtime). */
  memoryBytes: number;
  /** Cap on the JS stack, in bytes (bounds recursion depth). */
  maxStackBytes: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  timeoutMs: 5000,
  memoryBytes: 64 * 1024 * 1024,
  maxStackBytes: 1024 * 1024,
});

function size(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

export function timeoutMessage(l: Limits): string {
  // go.starlark.net's wording for a cancelled thread, with our reason.
  return `Starlark computation cancelled: timeout after ${l.timeoutMs}ms`;
}

export function memoryMessage(l: Limits): string {
  return `Starlark computation cancelled: memory limit of ${size(l.memoryBytes)} exceeded`;
}

export function stackMessage(l: Limits): string {
  return `Starlark computation cancelled: stack limit of ${size(l.maxStackBytes)} exceeded (recursion too deep)`;
}
