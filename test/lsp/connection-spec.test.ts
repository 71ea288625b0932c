import { test } from "node:test";
import assert from "node:assert/strict";
import { connectionKey, connectionLabel, formatConnectionSetting, isLive, parseConnectionSetting, specOfKey } from "../../server/src/lsp/cluster/connection-spec";

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
  assert.equal(connectionLabel({ kind: "snapshot", path: "/x/prod.incus-cluster.yaml" }), "prod (snapshot)");
  // A snapshot and the remote it was captured from read differently.
  assert.notEqual(connectionLabel({ kind: "snapshot", path: "/x/prod.incus-cluster.yaml" }), connectionLabel({ kind: "remote", name: "prod" }));
  assert.equal(connectionLabel({ kind: "sample" }), "Sample cluster");
  assert.equal(connectionKey({ kind: "snapshot", path: "/a/./b.yaml" }), "file:/a/b.yaml");
  assert.equal(isLive({ kind: "remote", name: "local" }), true);
  assert.equal(isLive({ kind: "sample" }), false);
});

test("a connection key names its connection again", () => {
  for (const spec of [{ kind: "sample" }, { kind: "remote", name: "prod" }, { kind: "snapshot", path: "/x/a.incus-cluster.yaml" }] as const) {
    assert.deepEqual(specOfKey(connectionKey(spec)), spec);
  }
  assert.throws(() => specOfKey("nothing"), /not a connection key/);
});
