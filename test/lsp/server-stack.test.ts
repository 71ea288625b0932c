// The language server as the VS Code client starts it (issue H item 2): the client forks
// out/server/src/lsp/main.js with `--stdio`, and the server relaunches itself on a large
// native stack (sandbox/native-stack.ts), so a scriptlet nested as deep as go.starlark.net
// accepts gets the same diagnostics as from the CLI, not the default stack's 600-level
// refusal. The waiting process passes on the client's SIGTERM and its child's exit code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ExitNotification, HoverRequest, ShutdownRequest } from "vscode-languageserver-protocol/node";
import { LspClient } from "../support/lsp-client";
import { largeStackCommand } from "../../server/src/starlark/sandbox/native-stack";

const MODULE = path.resolve(__dirname, "../../server/src/lsp/main.js");
const ARGS = [MODULE, "--stdio", `--clientProcessId=${process.pid}`];
const ENTRY = "def instance_placement(request, candidate_members):\n    return None\n";
const DEEP = `def f():\n    return ${"[".repeat(5000)}1${"]".repeat(5000)}\n${ENTRY}`;

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exited(client: LspClient): Promise<number | null> {
  if (client.proc.exitCode !== null) return client.proc.exitCode;
  return new Promise((resolve) => client.proc.once("exit", (code) => resolve(code)));
}

test("forked as VS Code does, the server follows 5,000 nested brackets as go.starlark.net does", { skip: process.platform !== "linux" }, async () => {
  const client = new LspClient({ diagnosticsDelayMs: 0 }, ARGS, { fork: true });
  try {
    await client.initialize();
    assert.deepEqual(await client.open("file:///s/deep.placement.star", DEEP), []);
    const hover = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: "file:///s/deep.placement.star" }, position: { line: 0, character: 4 } });
    assert.ok(hover, "hover over the deep document's function");
    // The relaunched server is this process's child: stdio inherited, the IPC channel not.
    assert.equal(childrenOf(client.proc.pid!).length, 1);
    // shutdown + exit: the relaunched server ends with 0, and so does the process the client knows.
    await client.conn.sendRequest(ShutdownRequest.type);
    await client.conn.sendNotification(ExitNotification.type);
    assert.equal(await exited(client), 0);
  } finally {
    await client.close();
  }
});

test("without the relaunch (as a server already relaunched), the default stack refuses the same document at 600 levels", { skip: process.platform !== "linux" }, async () => {
  const env = { ...process.env, INCUS_SCRIPTLET_STACK_KB: "default" };
  const client = new LspClient({ diagnosticsDelayMs: 0 }, ARGS, { fork: true, env });
  try {
    await client.initialize();
    const diags = await client.open("file:///s/deep.placement.star", DEEP);
    assert.equal(diags.length, 1, JSON.stringify(diags));
    assert.match(String(diags[0].message), /^nesting too deep: incus-scriptlet stops at 600 /);
    assert.equal(childrenOf(client.proc.pid!).length, 0);
  } finally {
    await client.close();
  }
});

test("SIGTERM to the process the client started ends the relaunched server too", { skip: process.platform !== "linux" }, async () => {
  const client = new LspClient({}, ARGS, { fork: true });
  await client.initialize();
  const [server] = childrenOf(client.proc.pid!);
  assert.ok(server && alive(server));
  client.proc.kill("SIGTERM");
  await exited(client);
  for (let i = 0; i < 50 && alive(server); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(alive(server), false);
  client.conn.dispose();
});

function softStackLimit(pid: number): number {
  const m = /^Max stack size\s+(\S+)/m.exec(readFileSync(`/proc/${pid}/limits`, "utf8"))!;
  return m[1] === "unlimited" ? Infinity : Number(m[1]);
}

test("started as the VS Code client starts it: one process on the raised stack, 5,000 nested brackets as go.starlark.net", { skip: process.platform !== "linux" }, async () => {
  const launch = largeStackCommand([MODULE]);
  assert.ok(launch, "a larger stack is available on Linux");
  const client = new LspClient({ diagnosticsDelayMs: 0 }, [...launch.args, "--stdio"], { command: launch.command, env: { ...process.env, ...launch.env } });
  try {
    await client.initialize();
    assert.deepEqual(await client.open("file:///s/deep.placement.star", DEEP), []);
    // The shell exec'd Node: the server is the process started, with no relaunched child.
    assert.equal(childrenOf(client.proc.pid!).length, 0);
    assert.match(readFileSync(`/proc/${client.proc.pid}/cmdline`, "utf8"), /--stack-size=\d+/);
    const hard = /^Max stack size\s+\S+\s+(\S+)/m.exec(readFileSync("/proc/self/limits", "utf8"))![1];
    if (hard === "unlimited" || Number(hard) >= 1_000_000_000) assert.ok(softStackLimit(client.proc.pid!) >= 1_000_000_000);
  } finally {
    await client.close();
  }
});
