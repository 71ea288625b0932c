// Helpers for the runtime core's unit tests: build values tersely and assert on
// StarlarkError messages (which must equal go.starlark.net's, verified against its output).
import assert from "node:assert/strict";
import { StarlarkError, type Value } from "../../server/src/starlark/runtime/values";

/** Asserts that f throws a StarlarkError with exactly this message. */
export function throwsMsg(f: () => unknown, message: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof StarlarkError, `not a StarlarkError: ${String(e)}`);
    assert.equal((e as StarlarkError).message, message);
    return true;
  });
}

export type { Value };
