// Against the real three-member test cluster (tools/incus-cluster/start.sh): a capture over the
// unix socket reproduces what the incus CLI shows, ETag/If-Match is honoured, and HTTPS errors
// (untrusted client, wrong pinned certificate) are reported clearly. Skips locally when the
// cluster is down; fails under CI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { captureSnapshot, IncusClient, isIncusClientError, unixTarget, type ConnectionTarget } from "../../server/src/incus/client";
import * as api from "../../server/src/incus/snapshot/api";
import { buildModel } from "../../server/src/incus/snapshot";
import { incus, memberDir, must, requireCluster } from "../support/incus-cluster";

const socket = () => path.join(memberDir(1), "unix.socket");

test("live: a capture over the unix socket matches `incus cluster list` and `incus list`", async (t) => {
  if (!requireCluster(t)) return;
  const client = new IncusClient(unixTarget(socket()));
  try {
    const { snapshot, document } = await captureSnapshot(client);
    const cliMembers = JSON.parse(must(await incus(["cluster", "list", "--format", "json"]))) as { server_name: string; status: string; url: string }[];
    const cliInstances = JSON.parse(must(await incus(["list", "--all-projects", "--format", "json"]))) as { name: string; project: string; location: string }[];

    assert.equal(snapshot.members.length, 3);
    assert.deepEqual(
      snapshot.members.map((m) => [m.server_name, m.status, m.url]).sort(),
      cliMembers.map((m) => [m.server_name, m.status, m.url]).sort(),
    );
    const model = buildModel(snapshot);
    assert.deepEqual(
      snapshot.instances.map((i) => `${i.project}/${i.name}@${i.location}`).sort(),
      cliInstances.map((i) => `${i.project}/${i.name}@${i.location}`).sort(),
    );
    for (const i of cliInstances) assert.equal(model.instance(i.project, i.name)?.location, i.location);

    // Every member's resources, state and member-specific pool view were captured.
    for (const m of ["node1", "node2", "node3"]) {
      assert.ok((model.resources(m)?.cpu.total ?? 0) > 0, `resources of ${m}`);
      assert.ok((model.memberState(m)?.sysinfo.total_ram ?? 0) > 0, `state of ${m}`);
      assert.match(model.memberPool(m, "local")?.config.source ?? "", new RegExp(`/m${m.slice(4)}/`), `pool source of ${m}`);
    }
    assert.equal(model.pool("local")?.kind, "local");
    assert.deepEqual((document.capture as { errors: unknown[] }).errors, []);
  } finally {
    client.close();
  }
});

test("live: PUT with a stale ETag is refused with 412; with the current one it succeeds", async (t) => {
  if (!requireCluster(t)) return;
  const client = new IncusClient(unixTarget(socket()));
  try {
    const { value, etag } = await client.getWithEtag("/1.0/profiles/default", api.profile);
    assert.ok(etag, "Incus sends an ETag for a profile");
    const body = { description: value.description, config: value.config, devices: value.devices };
    await assert.rejects(client.put("/1.0/profiles/default", body, `"${"0".repeat(64)}"`), (e: unknown) => {
      assert.ok(isIncusClientError(e, "http"), String(e));
      assert.equal(e.status, 412);
      assert.match(e.message, /PUT \/1\.0\/profiles\/default failed: 412/);
      return true;
    });
    // Writing back what we read, under its ETag, is accepted and changes nothing.
    await client.put("/1.0/profiles/default", body, etag);
    const after = await client.getWithEtag("/1.0/profiles/default", api.profile);
    assert.equal(after.etag, etag);
  } finally {
    client.close();
  }
});

/** node1's HTTPS address of the cluster under test (INCUS_TEST_NET, default 127.0.0.). */
const NODE1_URL = `https://${process.env.INCUS_TEST_NET || "127.0.0."}1:${process.env.INCUS_TEST_PORT || "8443"}`;

function httpsTarget(pinnedFile: string): ConnectionTarget {
  return {
    kind: "https",
    url: NODE1_URL,
    remote: "test",
    tls: { pinnedServerCert: readFileSync(pinnedFile, "utf8"), pinnedServerCertPath: pinnedFile },
    label: `remote "test" (${NODE1_URL})`,
  };
}

test("live: over HTTPS with the pinned cluster certificate, an untrusted client gets a clear 403", async (t) => {
  if (!requireCluster(t)) return;
  const client = new IncusClient(httpsTarget(path.join(memberDir(1), "cluster.crt")));
  try {
    // GET /1.0 is open to untrusted clients: proves TLS verification against the pin passed.
    const server = await client.get("/1.0", z.looseObject({ auth: z.string() }));
    assert.equal(server.auth, "untrusted");
    await assert.rejects(client.get("/1.0/cluster/members", z.unknown()), (e: unknown) => {
      assert.ok(isIncusClientError(e, "forbidden"), String(e));
      assert.match(e.message, /remote "test" .*refused: 403 .*trust/);
      return true;
    });
  } finally {
    client.close();
  }
});

test("live: a pinned certificate that is not the server's is a TLS error naming the pin", async (t) => {
  if (!requireCluster(t)) return;
  // node1's own server.crt is a valid certificate, but not the cluster certificate served on 8443.
  const wrong = path.join(memberDir(1), "server.crt");
  const client = new IncusClient(httpsTarget(wrong));
  try {
    await assert.rejects(client.get("/1.0", z.unknown()), (e: unknown) => {
      assert.ok(isIncusClientError(e, "tls"), String(e));
      assert.ok(e.message.includes(`does not match the one pinned in ${wrong}`), e.message);
      return true;
    });
  } finally {
    client.close();
  }
});
