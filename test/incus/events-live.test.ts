// The events stream (server/src/incus/client/events.ts, over `ws`) on the real cluster: a
// lifecycle subscription on node1's unix socket sees an instance being created and deleted.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { streamEvents, type IncusEvent } from "../../server/src/incus/client/events";
import { unixTarget } from "../../server/src/incus/client/target";
import { incus, lockCluster, memberDir, must, requireCluster } from "../support/incus-cluster";

test("lifecycle events of the real cluster arrive, validated", { timeout: 60_000 }, async (t) => {
  if (!requireCluster(t)) return;
  lockCluster();
  const events: IncusEvent[] = [];
  const errors: string[] = [];
  let opened!: () => void;
  const open = new Promise<void>((r) => (opened = r));
  const stream = streamEvents(unixTarget(path.join(memberDir(1), "unix.socket")), {
    types: ["lifecycle"],
    onOpen: () => opened(),
    onEvent: (e) => events.push(e),
    onError: (e) => errors.push(e.message),
  });
  try {
    await open;
    must(await incus(["create", "--empty", "ev-c1", "-q"]));
    must(await incus(["delete", "ev-c1", "--force"]));
    const deadline = Date.now() + 10_000;
    while (!events.some((e) => e.metadata?.action === "instance-deleted") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const actions = events.filter((e) => e.metadata?.source === "/1.0/instances/ev-c1").map((e) => e.metadata?.action);
    assert.ok(actions.includes("instance-created"), JSON.stringify(actions));
    assert.ok(actions.includes("instance-deleted"), JSON.stringify(actions));
    assert.deepEqual(errors, []);
  } finally {
    stream.close();
    await incus(["delete", "ev-c1", "--force"]);
  }
});
