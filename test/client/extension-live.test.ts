// The extension's changing commands against the real test cluster (tools/incus-cluster), driven
// through commands with scripted dialog answers: evacuate/restore with the what-if in the modal,
// and the incus: file system saving with the ETag. Skips when the cluster is down.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { IncusClient } from "../../server/src/incus/client/http";
import { unixTarget } from "../../server/src/incus/client/target";
import { installVscodeMock, type MockState } from "./vscode-mock";
import { useStdioServer } from "./server-channel";
import { ROOT } from "./sample";
import { clusterProblem, memberDir, requireCluster } from "../support/incus-cluster";

const state: MockState = installVscodeMock();
useStdioServer(state);
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const dir = mkdtempSync(path.join(os.tmpdir(), "incus-ext-live-"));
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
