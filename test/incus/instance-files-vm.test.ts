// What a stopped virtual machine answers to the file API, which cannot run here (no VMs): a fake
// server on a loopback socket plays Incus 6.0.4's answer. In internal/server/instance/drivers/
// driver_qemu.go (v6.0.4) FileSFTPConn refuses with "Instance is not running" and
// cmd/incusd/instance_file.go returns it as an InternalError (500); HEAD carries no body, so the
// store asks GET for the reason. The running-container paths are tested live
// (test/lsp/instance-files-live.test.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { IncusClient } from "../../server/src/incus/client/http";
import { InstanceFileError, InstanceFileStore, parseModified } from "../../server/src/incus/client/files";
import { unixTarget } from "../../server/src/incus/client/target";
import { startFakeIncus } from "./fake-server";

test("a stopped VM's files: the user is told to start it, with Incus's words", async () => {
  const seen: string[] = [];
  const fake = await startFakeIncus((req, res) => {
    seen.push(req.method!);
    res.writeHead(500, { "Content-Type": "application/json" });
    res.end(req.method === "HEAD" ? undefined : JSON.stringify({ type: "error", error_code: 500, error: "Instance is not running", metadata: null }));
  });
  const client = new IncusClient(unixTarget(fake.socketPath));
  try {
    const store = new InstanceFileStore(client);
    for (const op of [() => store.stat({ project: "default", instance: "vm1", path: "/etc/hosts" }), () => store.write({ project: "default", instance: "vm1", path: "/etc/hosts" }, Buffer.from("x"), { create: true, overwrite: true })]) {
      await assert.rejects(op(), (e: unknown) => {
        assert.ok(e instanceof InstanceFileError);
        assert.equal(e.problem, "not-running");
        assert.match(e.message, /^vm1 is not running: .* needs it started \(Incus: Instance is not running\)$/);
        return true;
      });
    }
    assert.deepEqual(seen.slice(0, 2), ["HEAD", "GET"]);
  } finally {
    client.close();
    await fake.close();
  }
});

test("X-Incus-Modified (Go's time.Time.String) parses to epoch milliseconds", () => {
  assert.equal(parseModified("2026-12-06 23:47:49 +0000 UTC"), Date.UTC(2026, 11, 6, 23, 47, 49));
  assert.equal(parseModified("2026-12-06 23:47:49.5 +0100 CET"), Date.UTC(2026, 11, 6, 22, 47, 49, 500));
  assert.equal(parseModified("garbage"), 0);
});
