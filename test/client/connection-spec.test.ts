import { test } from "node:test";
import assert from "node:assert/strict";
import { connectionKey, connectionLabel, formatConnectionSetting, isLive, parseConnectionSetting } from "../../client/src/clusters/connection-spec";

test("the setting names the sample, a snapshot file, or a remote", () => {
  assert.deepEqual(parseConnectionSetting(undefined), { kind: "sample" });
  assert.deepEqual(parseConnectionSetting(" sample "), { kind: "sample" });
  assert.deepEqual(parseConnectionSetting("remote:prod"), { kind: "remote", name: "prod" });
  assert.deepEqual(parseConnectionSetting("snap/a.incus-cluster.yaml", "/ws"), { kind: "snapshot", path: "/ws/snap/a.incus-cluster.yaml" });
  assert.deepEqual(parseConnectionSetting("/abs/b.incus-cluster.json", "/ws"), { kind: "snapshot", path: "/abs/b.incus-cluster.json" });
  assert.throws(() => parseConnectionSetting("remote:"), /names no remote/);
});

test("formatting round-trips and keeps workspace paths relative", () => {
  for (const v of ["sample", "remote:local", "snap/a.incus-cluster.yaml", "/elsewhere/x.incus-cluster.yaml"]) {
    assert.equal(formatConnectionSetting(parseConnectionSetting(v, "/ws"), "/ws"), v);
  }
  assert.equal(formatConnectionSetting({ kind: "snapshot", path: "/other/x.yaml" }, "/ws"), "/other/x.yaml");
});

test("labels, keys and liveness", () => {
  assert.equal(connectionLabel({ kind: "snapshot", path: "/x/prod.incus-cluster.yaml" }), "prod");
  assert.equal(connectionLabel({ kind: "sample" }), "Sample cluster");
  assert.equal(connectionKey({ kind: "snapshot", path: "/a/./b.yaml" }), "file:/a/b.yaml");
  assert.equal(isLive({ kind: "remote", name: "local" }), true);
  assert.equal(isLive({ kind: "sample" }), false);
});
