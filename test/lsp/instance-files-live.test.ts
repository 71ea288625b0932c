// Writing instance files (incus/instanceFile, the incus-files: file system's server half) against
// a real container on the test cluster, over the real language server on stdio: create, read back
// byte for byte (not UTF-8), overwrite keeping the mode, a save over a concurrent change refused
// with the file untouched, mkdir, delete (a non-empty folder only recursively), rename, and the
// refusals a user meets (missing parent, a directory as a file, a file that exists). The container
// lives on node2 while the server talks to node1: Incus forwards the file API to the member.
// A stopped container is written too (Incus mounts its root filesystem); that is checked, not
// assumed. Skips when the cluster or busybox-static is missing; holds the cluster lock.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Requests, type InstanceFileAnswer, type InstanceFileOp } from "../../server/src/lsp/protocol";
import { clusterProblem, incus, lockCluster, memberDir, must, requireCluster } from "../support/incus-cluster";
import { busyboxProblem, ensureBusyboxImage } from "../support/busybox-image";
import { ProtocolClient } from "../support/protocol-client";

const connection = "remote:local";
let c: ProtocolClient;
let conf: string;
const name = `files-${randomUUID().slice(0, 6)}`;

before(async () => {
  if (clusterProblem() || busyboxProblem()) return;
  lockCluster();
  conf = mkdtempSync(path.join(os.tmpdir(), "incus-conf-"));
  c = new ProtocolClient({ settings: () => ({ activeCluster: connection }), env: { ...process.env, INCUS_CONF: conf, INCUS_SOCKET: path.join(memberDir(1), "unix.socket") } });
  await c.initialize();
  const image = await ensureBusyboxImage();
  must(await incus(["init", image, name, "--target", "node2"]), "incus init");
});
after(async () => {
  c?.close();
  if (conf) rmSync(conf, { recursive: true, force: true });
  if (!clusterProblem()) await incus(["delete", "--force", name]);
});

const file = (p: string, op: InstanceFileOp) => c.request(Requests.instanceFile, { connection, project: "default", instance: name, path: p, ...op }) as Promise<InstanceFileAnswer>;
const ok = (a: InstanceFileAnswer) => {
  assert.ok(a.ok, a.ok ? "" : `${a.problem}: ${a.error}`);
  return a;
};
const refused = (a: InstanceFileAnswer, problem: string, text: RegExp) => {
  assert.ok(!a.ok, `expected a refusal, got ${JSON.stringify(a)}`);
  assert.equal(a.problem, problem, a.error);
  assert.match(a.error, text);
};
const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
/** What the CLI reads: the oracle for what the server wrote. */
const pulled = async (p: string) => must(await incus(["exec", name, "--", "cat", p]), `cat ${p}`);

function skip(t: { skip: (m?: string) => void }): boolean {
  if (!requireCluster(t)) return true;
  const problem = busyboxProblem();
  if (problem) {
    t.skip(problem);
    return true;
  }
  return false;
}

test("live files: a stopped container's files are written and read back byte for byte", async (t) => {
  if (skip(t)) return;
  const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 10]);
  ok(await file("/root/blob.bin", { op: "write", data: b64(bytes), create: true, overwrite: false }));
  const back = ok(await file("/root/blob.bin", { op: "read" }));
  assert.deepEqual(Buffer.from(back.data!, "base64"), bytes, "not mangled as UTF-8");
  assert.equal(back.sha256, sha(bytes));
  const status = JSON.parse(must(await incus(["query", `/1.0/instances/${name}`]))) as { status: string };
  assert.equal(status.status, "Stopped");
});

test("live files: create, overwrite keeping the mode, a concurrent change refused, mkdir, delete, rename", async (t) => {
  if (skip(t)) return;
  must(await incus(["start", name]), "incus start");
  // create (mode: Incus's default for a new file), then chmod through the CLI, then overwrite
  const created = ok(await file("/etc/motd", { op: "write", data: b64("first\n"), create: true, overwrite: true }));
  assert.equal(await pulled("/etc/motd"), "first\n");
  must(await incus(["exec", name, "--", "/bin/busybox", "chmod", "0600", "/etc/motd"]));
  const read = ok(await file("/etc/motd", { op: "read" }));
  assert.equal(read.mode, "0600");
  ok(await file("/etc/motd", { op: "write", data: b64("second\n"), create: false, overwrite: true, expectSha256: read.sha256 }));
  assert.equal(await pulled("/etc/motd"), "second\n");
  assert.equal(ok(await file("/etc/motd", { op: "stat" })).mode, "0600", "overwriting keeps the mode");
  assert.ok(created.mtime! > 0);

  // Someone changes the file in the instance after the editor read it: the save is refused.
  const mine = ok(await file("/etc/motd", { op: "read" }));
  must(await incus(["exec", name, "--", "sh", "-c", "echo theirs > /etc/motd"]));
  refused(await file("/etc/motd", { op: "write", data: b64("mine\n"), create: false, overwrite: true, expectSha256: mine.sha256 }), "conflict", /changed in the instance since you opened it \(modified [^)]+\); nothing was written/);
  assert.equal(await pulled("/etc/motd"), "theirs\n", "their change is kept");

  // Deleted in the instance after the editor read it: refused once, with the reason.
  must(await incus(["exec", name, "--", "/bin/busybox", "rm", "/etc/motd"]));
  refused(await file("/etc/motd", { op: "write", data: b64("mine\n"), create: true, overwrite: true, expectSha256: mine.sha256 }), "gone", /was deleted in the instance since you opened it; nothing was written/);
  refused(await file("/etc/motd", { op: "stat" }), "not-found", /no such file/);
  ok(await file("/etc/motd", { op: "write", data: b64("theirs\n"), create: true, overwrite: true }));

  // VS Code's create/overwrite flags
  refused(await file("/etc/motd", { op: "write", data: b64("x"), create: true, overwrite: false }), "exists", /already exists/);
  refused(await file("/etc/absent", { op: "write", data: b64("x"), create: false, overwrite: true }), "not-found", /no such file/);
  refused(await file("/no/such/dir/f", { op: "write", data: b64("x"), create: true, overwrite: true }), "not-found", /no such file or directory \(Incus: Not Found\)/);
  refused(await file("/etc", { op: "write", data: b64("x"), create: true, overwrite: true }), "is-directory", /is a directory/);
  refused(await file("/etc", { op: "read" }), "is-directory", /is a directory/);

  // folders
  ok(await file("/srv", { op: "mkdir" }));
  refused(await file("/srv", { op: "mkdir" }), "exists", /already exists/);
  ok(await file("/srv/a.txt", { op: "write", data: b64("a\n"), create: true, overwrite: false }));
  const listing = ok(await file("/srv", { op: "list" }));
  assert.deepEqual(listing.entries, [{ name: "a.txt", type: "file" }]);
  const etc = ok(await file("/etc", { op: "list" }));
  assert.ok(etc.entries!.some((e) => e.name === "hello.txt" && e.type === "file"), JSON.stringify(etc.entries));
  // rename: no API for it; the bytes move and the old name is gone
  ok(await file("/srv/a.txt", { op: "rename", to: "/srv/b.txt", overwrite: false }));
  assert.equal(await pulled("/srv/b.txt"), "a\n");
  refused(await file("/srv/a.txt", { op: "stat" }), "not-found", /no such file/);
  refused(await file("/srv", { op: "rename", to: "/srv2", overwrite: false }), "refused", /no rename/);
  // Incus refuses a non-empty folder; recursive deletes children first
  refused(await file("/srv", { op: "delete", recursive: false }), "refused", /directory not empty/);
  ok(await file("/srv", { op: "delete", recursive: true }));
  refused(await file("/srv", { op: "stat" }), "not-found", /no such file/);
  refused(await file("/srv", { op: "delete", recursive: true }), "not-found", /no such file/);
  must(await incus(["stop", "--force", name]), "incus stop");
});
