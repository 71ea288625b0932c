// The extension's changing commands against the real test cluster (tools/incus-cluster), driven
// through commands with scripted dialog answers: evacuate/restore with the what-if in the modal,
// and the incus: file system saving with the ETag. Skips when the cluster is down.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { IncusClient } from "../../server/src/incus/client/http";
import { unixTarget } from "../../server/src/incus/client/target";
import { installVscodeMock, type MockState } from "./vscode-mock";
import { useStdioServer } from "./server-channel";
import { resourcePath } from "../../client/src/config-fs/config-resource";
import { ROOT } from "./sample";
import { clusterProblem, incus, memberDir, must, requireCluster } from "../support/incus-cluster";
import { busyboxProblem, ensureBusyboxImage } from "../support/busybox-image";
import { tempDir } from "../support/temp-dir";

const state: MockState = installVscodeMock();
useStdioServer(state);
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const dir = tempDir("incus-ext-live-");
process.env.INCUS_CONF = dir;
process.env.INCUS_SOCKET = path.join(memberDir(1), "unix.socket");

// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require("../../client/src/extension") as typeof import("../../client/src/extension");
const exec = (id: string, ...args: unknown[]) => (state.commands.get(id) as (...a: unknown[]) => Promise<unknown>)(...args);
let api: Awaited<ReturnType<typeof extension.activate>>;

before(async () => {
  if (clusterProblem()) return;
  const context = { subscriptions: [] as unknown[], asAbsolutePath: (p: string) => path.join(ROOT, p), extension: { packageJSON: pkg } };
  api = await extension.activate(context as never);
  await exec("incus.selectCluster", "remote:local");
});
after(() => api?.services.languageClient.stop());

/** The test's own view of the cluster (not the extension's): the server's REST client, direct. */
function rest() {
  const client = new IncusClient(unixTarget(process.env.INCUS_SOCKET!), { timeoutMs: 30_000 });
  const get = async <T>(p: string) => {
    const a = await client.call("GET", p);
    return { metadata: a.metadata as T, etag: a.etag };
  };
  return {
    get,
    put: (p: string, body: unknown, etag?: string) => client.call("PUT", p, body, etag),
    post: (p: string, body: unknown) => client.call("POST", p, body),
    delete: (p: string) => client.call("DELETE", p),
    close: () => client.close(),
  };
}

test("live: evacuate asks first, naming where each instance goes; restore brings the member back", async (t) => {
  if (!requireCluster(t)) return;
  const members = (await exec("incus.internal.treeChildren", ["remote:local", "Members"])) as { label: string; contextValue: string }[];
  const node3 = members.find((m) => m.label === "node3")!;
  assert.equal(node3.contextValue, "member:live:online");
  // Declining the modal changes nothing.
  state.answers.push(undefined);
  assert.equal(await exec("incus.evacuateMember", node3), undefined);
  const modal = state.messages.filter((m) => m.kind === "warning").pop()!;
  assert.match(modal.text, /^Evacuate cluster member node3 on local\?/);
  assert.match(modal.detail ?? "", /No instance runs there\.|Predicted by the simulator/);
  const r = rest();
  const status = async () => (await r.get<{ status: string }>("/1.0/cluster/members/node3")).metadata.status;
  assert.equal(await status(), "Online");
  try {
    state.answers.push("Evacuate");
    assert.equal(await exec("incus.evacuateMember", node3), "done");
    assert.equal(await status(), "Evacuated");
  } finally {
    state.answers.push("Restore");
    const restored = await exec("incus.restoreMember", { remote: "local", member: "node3" });
    assert.equal(restored, "done");
  }
  assert.equal(await status(), "Online");
});

test("live: an incus: config document saves with its ETag; a concurrent change is refused and kept", async (t) => {
  if (!requireCluster(t)) return;
  const r = rest();
  const name = `vscode-fs-${randomUUID().slice(0, 8)}`;
  await r.post("/1.0/profiles", { name, config: {} });
  try {
    const fs = api.services.fileSystem;
    const uri = { scheme: "incus", path: `/local/profiles/default/${name}.profile.incus.yaml`, toString: () => `incus:/local/profiles/default/${name}.profile.incus.yaml` };
    const text = Buffer.from(await fs.readFile(uri as never)).toString("utf8");
    assert.match(text, /^### This is a YAML representation of the profile\.\n### It is profile vscode-fs-/);
    await fs.writeFile(uri as never, Buffer.from(text.replace("config: {}", "config:\n  user.a: one")));
    // Someone else edits the profile; our document (read before) must not overwrite it.
    const now = await r.get<Record<string, unknown>>(`/1.0/profiles/${name}`);
    await r.put(`/1.0/profiles/${name}`, { ...now.metadata, config: { "user.a": "theirs" } }, now.etag);
    await assert.rejects(fs.writeFile(uri as never, Buffer.from(text.replace("config: {}", "config:\n  user.a: mine"))), /changed on the server since you opened it; nothing was written/);
    assert.equal((await r.get<{ config: Record<string, string> }>(`/1.0/profiles/${name}`)).metadata.config["user.a"], "theirs");
    // Incus's refusal of a bad value is the save error.
    await fs.readFile(uri as never);
    await assert.rejects(fs.writeFile(uri as never, Buffer.from("config:\n  limits.cpu: lots\n")), /Incus refused the change to profile .*Invalid CPU limit/);
  } finally {
    await r.delete(`/1.0/profiles/${name}`);
    r.close();
  }
});

test("live: instance operations on a real container (busybox): start, freeze, unfreeze, restart, stop, snapshot, restore, rename, copy, delete", { timeout: 300_000 }, async (t) => {
  if (!requireCluster(t)) return;
  const problem = busyboxProblem();
  if (problem) return t.skip(problem);
  const image = await ensureBusyboxImage();
  const r = rest();
  const name = `ops-${randomUUID().slice(0, 6)}`;
  const status = async (n = name) => (await r.get<{ status: string }>(`/1.0/instances/${n}`)).metadata.status;
  must(await incus(["init", image, name, "--target", "node1"]), "incus init");
  const cleanup = [name, `${name}-r`, `${name}-c`];
  try {
    const arg = { remote: "local", instance: name };
    const lastError = () => state.messages.filter((m) => m.kind === "error").pop()?.text;
    assert.equal(await exec("incus.startInstance", arg), "done", lastError());
    assert.equal(await status(), "Running");
    const frozen = await exec("incus.freezeInstance", arg);
    if (frozen === "done") {
      assert.equal(await status(), "Frozen");
      assert.equal(await exec("incus.unfreezeInstance", arg), "done");
    } else {
      // No cgroup freezer in this sandbox: Incus's reason is shown, the container keeps running.
      assert.match(state.messages[state.messages.length - 1].text, /^Freeze .* failed: ./);
    }
    assert.equal(await status(), "Running");
    assert.equal(await exec("incus.restartInstance", arg), "done", lastError());
    assert.equal(await status(), "Running");
    // Deleting a running container: Incus refuses, in its words.
    state.answers.push(`Delete ${name}`);
    assert.equal(await exec("incus.deleteInstance", arg), "failed");
    assert.match(state.messages[state.messages.length - 1].text, /Delete .* failed: .*(running|Running)/);
    assert.equal(await exec("incus.forceStopInstance", arg), "done");
    assert.equal(await status(), "Stopped");
    assert.equal(await exec("incus.createInstanceSnapshot", { ...arg, snapshot: "s1" }), "done");
    assert.deepEqual((await r.get<string[]>(`/1.0/instances/${name}/snapshots`)).metadata.map((u) => u.split("/").pop()), ["s1"]);
    state.answers.push("Restore");
    assert.equal(await exec("incus.restoreInstanceSnapshot", { ...arg, snapshot: "s1" }), "done");
    assert.equal(await exec("incus.renameInstance", { ...arg, newName: `${name}-r` }), "done");
    assert.equal(await status(`${name}-r`), "Stopped");
    assert.equal(await exec("incus.copyInstance", { remote: "local", instance: `${name}-r`, newName: `${name}-c` }), "done");
    assert.equal(await status(`${name}-c`), "Stopped");
    // Declined: nothing deleted. Confirmed (the button names the instance): gone.
    state.answers.push(undefined);
    assert.equal(await exec("incus.deleteInstance", { remote: "local", instance: `${name}-c` }), undefined);
    assert.match(state.messages.filter((m) => m.kind === "warning").pop()!.text, new RegExp(`^Delete instance ${name}-c on local\\?`));
    state.answers.push(`Delete ${name}-c`);
    assert.equal(await exec("incus.deleteInstance", { remote: "local", instance: `${name}-c` }), "done");
    await assert.rejects(r.get(`/1.0/instances/${name}-c`), /not found/i);
  } finally {
    for (const n of cleanup) await incus(["delete", "--force", n]);
    r.close();
  }
});

test("live: images, networks and storage volumes are listed from the server; a volume opens as YAML with its ETag and is deleted after a confirm naming it", { timeout: 120_000 }, async (t) => {
  if (!requireCluster(t)) return;
  const problem = busyboxProblem();
  if (!problem) await ensureBusyboxImage();
  const vol = `vol-${randomUUID().slice(0, 6)}`;
  must(await incus(["storage", "volume", "create", "local", vol, "--target", "node2"]), "incus storage volume create");
  try {
    const sections = (await exec("incus.internal.treeChildren", ["remote:local"])) as { label: string }[];
    for (const l of ["Images", "Networks", "Storage volumes"]) assert.ok(sections.some((x) => x.label === l), `a ${l} section: ${sections.map((x) => x.label).join(", ")}`);
    if (!problem) {
      const images = (await exec("incus.internal.treeChildren", ["remote:local", "Images"])) as { label: string; contextValue: string }[];
      assert.ok(images.some((i) => i.label === "busybox-static-test-v2" && i.contextValue === "image:live"), JSON.stringify(images.map((i) => i.label)));
    }
    const networks = (await exec("incus.internal.treeChildren", ["remote:local", "Networks"])) as { label: string }[];
    assert.ok(networks.length >= 1, "a row (a network, or 'None')");
    const volumes = (await exec("incus.internal.treeChildren", ["remote:local", "Storage volumes"])) as { label: string; description: string; ref: { kind: string } }[];
    const row = volumes.find((v) => v.label === vol)!;
    assert.ok(row, JSON.stringify(volumes.map((v) => v.label)));
    assert.match(row.description, /pool local · on node2/);
    // What "Show / Edit" opens (the mock editor cannot open incus: documents; the file system can read them).
    const path = resourcePath({ kind: "volume", remote: "local", project: "default", pool: "local", location: "node2", name: vol });
    assert.equal(path, `/local/volumes/default/local/node2/${vol}.storage-volume.incus.yaml`);
    const text = Buffer.from(await api.services.fileSystem.readFile({ scheme: "incus", path, toString: () => `incus:${path}` } as never)).toString("utf8");
    assert.match(text, /^### This is a YAML representation of a storage volume\./);
    state.answers.push(undefined);
    assert.equal(await exec("incus.deleteResource", row), false, "declined: kept");
    assert.match(state.messages.filter((m) => m.kind === "warning").pop()!.text, new RegExp(`^Delete storage volume ${vol} in pool local on node2`));
    state.answers.push(`Delete ${vol}`);
    assert.equal(await exec("incus.deleteResource", row), true);
    assert.notEqual((await incus(["storage", "volume", "show", "local", vol, "--target", "node2"])).code, 0, "the volume is gone");
  } finally {
    await incus(["storage", "volume", "delete", "local", vol, "--target", "node2"]);
  }
});
