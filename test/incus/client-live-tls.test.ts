// Against the real test cluster over HTTPS, the way a user's remote works: a temporary
// $INCUS_CONF with config.yml, client.crt/client.key and servercerts/REMOTE.crt. The client
// certificate is trusted for the duration of the test and removed afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { captureSnapshot, IncusClient, remoteTarget } from "../../server/src/incus/client";
import { incus, memberDir, must, requireCluster } from "../support/incus-cluster";

test("live: capture over HTTPS through a remote of the client config, with a pinned certificate", async (t) => {
  if (!requireCluster(t)) return;
  if (spawnSync("openssl", ["version"]).status !== 0) {
    if (process.env.CI) throw new Error("openssl is needed to make a client certificate");
    t.skip("openssl not installed");
    return;
  }
  const conf = mkdtempSync(path.join(os.tmpdir(), "incus-conf-"));
  t.after(() => rmSync(conf, { recursive: true, force: true }));
  const gen = spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp384r1", "-nodes", "-days", "1", "-subj", "/CN=incus-scriptlet-test",
      "-keyout", path.join(conf, "client.key"), "-out", path.join(conf, "client.crt")],
    { encoding: "utf8" },
  );
  assert.equal(gen.status, 0, gen.stderr);
  mkdirSync(path.join(conf, "servercerts"));
  copyFileSync(path.join(memberDir(1), "cluster.crt"), path.join(conf, "servercerts", "lab.crt"));
  // node2 of the cluster under test (INCUS_TEST_NET, default 127.0.0.).
  const node2 = `${process.env.INCUS_TEST_NET || "127.0.0."}2:${process.env.INCUS_TEST_PORT || "8443"}`;
  writeFileSync(path.join(conf, "config.yml"), `default-remote: lab\nremotes:\n  lab:\n    addr: https://${node2}\n    protocol: incus\n`);

  const fingerprint = new X509Certificate(readFileSync(path.join(conf, "client.crt"))).fingerprint256.replace(/:/g, "").toLowerCase();
  must(await incus(["config", "trust", "add-certificate", path.join(conf, "client.crt"), "--name", "incus-scriptlet-test"]), "trusting the test certificate");
  t.after(async () => {
    await incus(["config", "trust", "remove", fingerprint]);
  });

  const target = remoteTarget(undefined, { INCUS_CONF: conf });
  assert.equal(target.kind, "https");
  const client = new IncusClient(target);
  try {
    const { snapshot, document } = await captureSnapshot(client);
    assert.deepEqual(snapshot.members.map((m) => m.server_name).sort(), ["node1", "node2", "node3"]);
    assert.equal(snapshot.server.auth, "trusted");
    assert.equal(String((document.capture as { source: string }).source), `remote "lab" (https://${node2})`);
  } finally {
    client.close();
  }
});
