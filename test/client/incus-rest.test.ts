// ETag-guarded writes, Incus's refusals and operations, against a fake Incus on a unix socket.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { unixTarget } from "../../server/src/incus/client/target";
import { IncusRest, isEtagMismatch, OperationCancelled, withProject } from "../../client/src/incus/rest";
import { startFakeIncus, type FakeIncus } from "./fake-incus";

let fake: FakeIncus;
let rest: IncusRest;
before(async () => {
  fake = await startFakeIncus();
  rest = new IncusRest(unixTarget(fake.socketPath), 5000);
});
after(() => fake.close());

test("GET returns the ETag; PUT with it succeeds, with a stale one is refused and changes nothing", async () => {
  const first = await rest.get<{ config: Record<string, string> }>("/1.0/profiles/default");
  assert.equal(first.etag, '"1"');
  await rest.put("/1.0/profiles/default", { config: { "limits.cpu": "4" }, description: "p" }, first.etag);
  assert.equal(fake.profile.config["limits.cpu"], "4");
  // Someone else's change came in between: our stale ETag must not overwrite theirs.
  await assert.rejects(rest.put("/1.0/profiles/default", { config: { "limits.cpu": "8" }, description: "p" }, first.etag), (e: unknown) => {
    assert.ok(isEtagMismatch(e));
    assert.match((e as Error).message, /ETag doesn't match/);
    return true;
  });
  assert.equal(fake.profile.config["limits.cpu"], "4");
});

test("Incus's refusal is reported in its own words", async () => {
  const { etag } = await rest.get("/1.0/profiles/default");
  await assert.rejects(rest.put("/1.0/profiles/default", { config: { "limits.cpu": "lots" } }, etag), /Invalid value for config key "limits.cpu": Invalid CPU limit/);
  await assert.rejects(rest.get("/1.0/nothing"), /GET \/1\.0\/nothing: not found/);
});

test("operations are followed to the end; failures carry Incus's error; cancellation stops following", async () => {
  const started = await rest.post("/1.0/cluster/members/n1/state", { action: "evacuate" });
  assert.equal(started.type, "async");
  assert.equal(started.operation, "/1.0/operations/op1");
  const op = await rest.waitOperation(started.operation!);
  assert.equal(op.status, "Success");
  await assert.rejects(rest.waitOperation("/1.0/operations/op2"), /Failed to migrate instance c1: boom/);
  await assert.rejects(rest.waitOperation("/1.0/operations/op3", () => true), OperationCancelled);
});

test("project-scoped paths", () => {
  assert.equal(withProject("/1.0/instances/c1", "default"), "/1.0/instances/c1");
  assert.equal(withProject("/1.0/instances/c1?target=n2", "dev"), "/1.0/instances/c1?target=n2&project=dev");
});
