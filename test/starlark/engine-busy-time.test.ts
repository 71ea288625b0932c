// Session.busyMs: the time QuickJS spent running code, less the host functions it called.
// The placement benchmarks read it to split an evacuation between host and sandbox, so the
// split must move with the sandbox's work and leave a host function's time out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "../../server/src/starlark/engine";
import { withSession } from "./engine-support";

/** Keeps the thread busy for `ms` (a host function's own work, not the sandbox's). */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

test("busyMs grows with the sandbox's own work", async () => {
  await withSession("def work(n):\n    s = 0\n    for i in range(n):\n        s += i * i\n    return s\n", (s, init) => {
    assert.equal(init.error, undefined);
    const before = Session.busyMs();
    const t0 = performance.now();
    assert.equal(s.call("work", [300_000]).value, 8999955000050000);
    const wall = performance.now() - t0;
    const busy = Session.busyMs() - before;
    assert.ok(busy > 0, "a run that computes is time in the sandbox");
    assert.ok(busy <= wall + 1, `no more than the call took (${busy.toFixed(1)} of ${wall.toFixed(1)} ms)`);
  });
});

test("busyMs leaves out the host functions a run calls", async () => {
  const host = { slow: () => (spin(600), null) };
  await withSession("def run():\n    slow()\n    return 1\n", (s, init) => {
    assert.equal(init.error, undefined);
    const before = Session.busyMs();
    const t0 = performance.now();
    assert.equal(s.call("run").value, 1);
    const wall = performance.now() - t0;
    const busy = Session.busyMs() - before;
    assert.ok(wall >= 600, "the host function ran inside the call");
    // What is left is the run's own few operations and the crossing (a millisecond or so; the
    // margin is for a loaded machine): counting the host function's time would put it above.
    assert.ok(busy < 300, `the host function's 600 ms are not the sandbox's (${busy.toFixed(1)} ms counted)`);
  }, { host });
});
