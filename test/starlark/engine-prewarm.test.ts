// Session.prewarm makes a session ahead of time; create() takes it and applies the caller's
// limits to it exactly as to a new one. The memory watchdog only walks the heap once the
// WebAssembly memory could hold more than the cap, so a cap still stops heaps of small
// objects (which no single array growth gives away) with the tool's words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "../../server/src/starlark/engine";
import { program } from "./engine-support";

test("a prewarmed session is taken by create() and gets the caller's limits", async () => {
  assert.equal(Session.prewarm(), true);
  assert.equal(Session.prewarm(), false, "a second call while one is pending changes nothing");
  const s = await Session.create({ timeoutMs: 200 });
  try {
    const p = program("def spin():\n    while True:\n        pass\ndef ok():\n    return 'x' * 3\n", { dialect: { while: true } });
    assert.equal(s.init(p).error, undefined);
    assert.equal(s.call("ok").value, "xxx");
    const r = s.call("spin");
    assert.equal(r.error?.message, "stopped by the tool's time budget of 200 ms (not an Incus limit; raise it with --timeout-ms or incus.run.timeoutMs)");
  } finally {
    s.dispose();
  }
  // A prewarm after a run asked for a session would only compete with that run: none is made
  // (the language server prewarms once started, and the first request can come before that).
  assert.equal(Session.prewarm(), false);
  // Nothing left over: the next create makes a fresh session with the default limits.
  const t = await Session.create();
  try {
    assert.equal(t.init(program("x = 1\n")).error, undefined);
  } finally {
    t.dispose();
  }
});

test("many small dicts past the memory cap end with the tool's memory words", async () => {
  const s = await Session.create({ memoryBytes: 48 * 1024 * 1024, timeoutMs: 120_000 });
  try {
    const p = program("def grow():\n    d = {}\n    for i in range(10000000):\n        d[i] = {'k': i, 'v': str(i)}\n    return len(d)\n");
    assert.equal(s.init(p).error, undefined);
    const r = s.call("grow");
    assert.equal(r.error?.message, "stopped by the tool's memory cap of 48 MiB (not an Incus limit; raise it with --memory-mb or incus.run.memoryMb)");
    assert.equal(r.error?.limit, "memory");
    // Where it stops depends on which allocation fails first; any frame it reports is the loop's.
    for (const f of r.error?.backtrace ?? []) assert.equal(f.line, 4);
  } finally {
    s.dispose();
  }
});
