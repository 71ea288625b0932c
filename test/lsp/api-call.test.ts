// REST calls the server makes for the client (incus/apiCall): ETag-guarded writes, Incus's
// refusals in its own words, operations followed to the end, cancellation asked of Incus,
// and the /1.0/events follower. Against a fake Incus on a unix socket (loopback, no daemon).
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { IncusClient } from "../../server/src/incus/client/http";
import { unixTarget } from "../../server/src/incus/client/target";
import { EventFollower, type IncusEvent } from "../../server/src/lsp/cluster/event-follower";
import { callAndWait, type Cancellation } from "../../server/src/lsp/cluster/operations";
import { startFakeIncus, type FakeIncus } from "../support/fake-incus";

let fake: FakeIncus;
let client: IncusClient;
const never: Cancellation = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
const cancelled: Cancellation = { isCancellationRequested: true, onCancellationRequested: () => ({ dispose: () => undefined }) };
const log: string[] = [];
before(async () => {
  fake = await startFakeIncus();
  client = new IncusClient(unixTarget(fake.socketPath), { timeoutMs: 5000 });
});
after(async () => {
  client.close();
  await fake.close();
});

test("GET returns the ETag; PUT with it succeeds, with a stale one is refused and changes nothing", async () => {
  const first = await callAndWait(client, { method: "GET", path: "/1.0/profiles/default" }, never, (l) => log.push(l));
  assert.ok(first.ok);
  assert.equal(first.etag, '"1"');
  const put = await callAndWait(client, { method: "PUT", path: "/1.0/profiles/default", body: { config: { "limits.cpu": "4" }, description: "p" }, etag: first.etag }, never, (l) => log.push(l));
  assert.ok(put.ok);
  assert.equal(fake.profile.config["limits.cpu"], "4");
  // Someone else's change came in between: our stale ETag must not overwrite theirs.
  const stale = await callAndWait(client, { method: "PUT", path: "/1.0/profiles/default", body: { config: { "limits.cpu": "8" }, description: "p" }, etag: first.etag }, never, (l) => log.push(l));
  assert.ok(!stale.ok);
  assert.equal(stale.etagMismatch, true);
  assert.match(stale.error, /ETag doesn't match/);
  assert.equal(fake.profile.config["limits.cpu"], "4");
});

test("Incus's refusal is reported in its own words", async () => {
  const bad = await callAndWait(client, { method: "PUT", path: "/1.0/profiles/default", body: { config: { "limits.cpu": "lots" } } }, never, () => undefined);
  assert.ok(!bad.ok);
  assert.match(bad.error, /Invalid value for config key "limits.cpu": Invalid CPU limit/);
  assert.equal(bad.etagMismatch, false);
  const missing = await callAndWait(client, { method: "GET", path: "/1.0/nothing" }, never, () => undefined);
  assert.ok(!missing.ok);
  assert.match(missing.error, /GET \/1\.0\/nothing failed: 404 not found/);
});

test("operations are followed to the end; a failure carries Incus's error", async () => {
  const done = await callAndWait(client, { method: "POST", path: "/1.0/cluster/members/n1/state", body: { action: "evacuate" }, wait: true }, never, () => undefined);
  assert.ok(done.ok);
  assert.equal(done.operation, "/1.0/operations/op1");
  assert.equal((done.metadata as { status: string }).status, "Success");
  // Without wait, the operation is handed back at once.
  const started = await callAndWait(client, { method: "POST", path: "/1.0/cluster/members/n1/state", body: { action: "evacuate" } }, never, () => undefined);
  assert.ok(started.ok);
  assert.equal(started.type, "async");
});

test("a cancelled request asks Incus to cancel; when Incus cannot, the answer says it goes on", async () => {
  fake.requests.length = 0;
  const answer = await callAndWait(client, { method: "POST", path: "/1.0/long", wait: true }, cancelled, () => undefined);
  assert.ok(!answer.ok);
  assert.equal(answer.cancelled, true);
  assert.match(answer.error, /Incus cannot cancel Long \(.*This operation can't be cancelled\); it goes on on the server/);
  assert.ok(fake.requests.includes("DELETE /1.0/operations/op3"));
});

test("the events follower reports lifecycle events and reconnects after a drop", async () => {
  const events: IncusEvent[] = [];
  const follower = new EventFollower(unixTarget(fake.socketPath), { onEvent: (e) => events.push(e), log: () => undefined, retryMs: 50 });
  follower.start();
  try {
    const waitFor = async (cond: () => boolean) => {
      const end = Date.now() + 5000;
      while (!cond()) {
        if (Date.now() > end) throw new Error("timed out");
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitFor(() => fake.eventConnections === 1);
    fake.emit({ type: "lifecycle", metadata: { action: "instance-started", source: "/1.0/instances/c1" } });
    await waitFor(() => events.length === 1);
    assert.equal(events[0].metadata?.action, "instance-started");
    fake.dropEvents();
    await waitFor(() => fake.eventConnections === 2);
    fake.emit({ type: "lifecycle", metadata: { action: "instance-stopped" } });
    await waitFor(() => events.length === 2);
  } finally {
    follower.stop();
  }
});
