import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { debounce } from "../../client/src/util/debounce";
import { formatBytes, formatPercent } from "../../server/src/lsp/cluster/tree/format";
import { describeEvent, parseEvent } from "../../server/src/lsp/cluster/event-follower";

test("debounce runs once after a burst, with the last arguments", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const calls: number[] = [];
    const d = debounce((n: number) => calls.push(n), 100);
    d(1);
    d(2);
    mock.timers.tick(50);
    d(3);
    assert.equal(d.pending, true);
    mock.timers.tick(99);
    assert.deepEqual(calls, []);
    mock.timers.tick(1);
    assert.deepEqual(calls, [3]);
    d(4);
    d.cancel();
    mock.timers.tick(200);
    assert.deepEqual(calls, [3]);
    d(5);
    d.flush();
    assert.deepEqual(calls, [3, 5]);
    assert.equal(d.pending, false);
  } finally {
    mock.timers.reset();
  }
});

test("byte and percent formatting", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(1536), "1.5 KiB");
  assert.equal(formatBytes(549755813888), "512 GiB");
  assert.equal(formatPercent(1, 4), "25%");
  assert.equal(formatPercent(1, 0), "-");
});

test("Incus events are parsed and described", () => {
  const e = parseEvent(JSON.stringify({ type: "lifecycle", location: "node2", metadata: { action: "instance-created", source: "/1.0/instances/c1" } }));
  assert.ok(e);
  assert.equal(describeEvent(e), "instance-created /1.0/instances/c1 on node2");
  assert.equal(parseEvent("not json"), undefined);
  assert.equal(parseEvent("{}"), undefined);
});
