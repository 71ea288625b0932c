// Activates the extension against a mocked `vscode`, with the real language server over stdio,
// and drives it through its commands, the way the e2e scenarios do in a real editor: every
// contributed command is registered (and nothing else), the sidebar tree comes from the server
// through incus.internal.treeChildren, placement runs return their report and fill the result
// view, diagnostics and output channel.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { installVscodeMock, MockDocument, type MockState } from "./vscode-mock";
import { ROOT } from "./sample";
import { useStdioServer } from "./server-channel";
import { tempDir } from "../support/temp-dir";

const state: MockState = installVscodeMock();
const servers = useStdioServer(state);
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const dir = tempDir("incus-ext-");
process.env.INCUS_CONF = dir; // no config.yml: only the built-in `local` remote
process.env.INCUS_SOCKET = path.join(dir, "no-daemon", "unix.socket"); // and no daemon behind it

// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require("../../client/src/extension") as typeof import("../../client/src/extension");
const exec = (id: string, ...args: unknown[]) => (state.commands.get(id) as (...a: unknown[]) => Promise<unknown>)(...args);

before(async () => {
  const context = {
    subscriptions: [] as unknown[],
    asAbsolutePath: (p: string) => path.join(ROOT, p),
    extension: { packageJSON: pkg },
  };
  api = await extension.activate(context as never);
  await waitFor("the active cluster", () => /Incus: Sample cluster/.test(state.statusItems[0].text));
});
after(() => api.services.languageClient.stop());

let api: Awaited<ReturnType<typeof extension.activate>>;
const waitFor = async (what: string, cond: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; server: ${servers.map((x) => x.stderr).join("").slice(-400)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

test("every contributed command is registered, and every registered command is contributed", () => {
  const contributed = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
  assert.deepEqual([...state.commands.keys()].sort(), contributed);
});

test("menus only name contributed commands and use the context values the tree sets", () => {
  const ids = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
  for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, { command: string; when?: string }[]>)) {
    for (const item of items) {
      assert.ok(ids.has(item.command), `${menu}: ${item.command} is not contributed`);
      const m = /viewItem =~ \/\^(\w+):/.exec(item.when ?? "");
      if (m) assert.ok(["connection", "member", "instance", "profile", "project", "pool", "group", "warning", "network", "volume", "image", "category"].includes(m[1]), `${menu}: unknown node kind ${m[1]}`);
    }
  }
});

test("the status bar names the active cluster", () => {
  assert.match(state.statusItems[0].text, /Incus: Sample cluster/);
});

test("the tree lists the sample and the local remote, and the sample's members", async () => {
  const roots = (await exec("incus.internal.treeChildren")) as { label: string; contextValue: string }[];
  assert.deepEqual(roots.map((r) => r.label), ["Sample cluster", "local"]);
  assert.equal(roots[0].contextValue, "connection:snapshot:active:ok");
  assert.equal(roots[1].contextValue, "connection:live:inactive:ok");
  const members = (await exec("incus.internal.treeChildren", ["sample", "Members"])) as { label: string }[];
  assert.equal(members.length, 6);
});

test("incus.runPlacement returns the report and fills the result view, diagnostics and output", async () => {
  const file = path.join(dir, "spread.placement.star");
  writeFileSync(file, readFileSync(path.join(ROOT, "examples/spread.placement.star"), "utf8"));
  const report = (await exec("incus.runPlacement", { uri: `file://${file}`, command: ["create", "--empty", "c1", "--config", "user.tier=gold"] })) as {
    result: { placements: { target: string; error: string | null }[] };
    cluster: string;
  };
  assert.equal(report.cluster, "Sample cluster");
  assert.equal(report.result.placements[0].error, null);
  assert.ok(report.result.placements[0].target);
  const view = state.webviews[state.webviews.length - 1];
  assert.match(view.html, /class="chosen"/);
  assert.ok(state.output.some((l) => /placement run: incus create --empty c1 .* on Sample cluster/.test(l)));
  assert.match(view.title, /^✓ create c1 — Sample cluster$/);
  assert.deepEqual(state.diagnostics.get(`file://${file}`), []);
  const last = (await exec("incus.internal.lastPlacementResult")) as { html: string };
  assert.equal(last.html, view.html);
});

test("a failing run puts a diagnostic at the failing line", async () => {
  const file = path.join(dir, "bad.placement.star");
  writeFileSync(file, "def instance_placement(request, candidate_members):\n    set_target(\"node04\")\n");
  const report = (await exec("incus.runPlacement", { uri: `file://${file}` })) as { result: { placements: { error: string }[] } };
  assert.match(report.result.placements[0].error, /Invalid member name: node04/);
  const diags = state.diagnostics.get(`file://${file}`) as { range: { start: { line: number } }; message: string }[];
  assert.equal(diags.length, 1);
  assert.equal(diags[0].range.start.line, 1);
});

test("Run as… → evacuate a member builds the command from quick picks", async () => {
  const file = path.join(dir, "spread.placement.star");
  state.answers.push("Evacuate a member", "node02", "per instance (cluster.evacuate, default auto)");
  const report = (await exec("incus.runPlacementAs", { uri: `file://${file}` })) as { command: string[]; result: { placements: unknown[] } };
  assert.deepEqual(report.command, ["cluster", "evacuate", "node02"]);
  assert.ok(report.result.placements.length > 0);
});

test("incus.selectCluster takes a value and stores it in incus.activeCluster", async () => {
  const value = await exec("incus.selectCluster", "remote:local");
  assert.equal(value, "remote:local");
  assert.equal(state.settings.get("incus.activeCluster"), "remote:local");
  // No daemon behind `local` here: the status bar says so, with the reason and a retry.
  await waitFor("status: local unavailable", () => /Incus: local unavailable/.test(state.statusItems[0].text));
  const tooltip = (state.statusItems[0].tooltip as { value: string }).value;
  assert.match(tooltip, /The active cluster local is unavailable/);
  assert.match(tooltip, /does not exist: is incusd running\?/);
  assert.match(tooltip, /\[Retry\]\(command:incus\.refreshClusters\)/);
  assert.equal(state.statusItems[0].backgroundColor?.id, "statusBarItem.errorBackground");
  // The last result is from the sample: marked stale now.
  const last = (await exec("incus.internal.lastPlacementResult")) as { html: string };
  assert.match(last.html, /Stale:.*the active cluster is now local/);
  await exec("incus.selectCluster", "sample");
  assert.equal(state.settings.get("incus.activeCluster"), "sample");
  await waitFor("status: sample", () => /Incus: Sample cluster$/.test(state.statusItems[0].text));
});

test("changing commands refuse snapshot clusters with a clear message", async () => {
  const members = (await exec("incus.internal.treeChildren", ["sample", "Members"])) as { label: string }[];
  const outcome = await exec("incus.evacuateMember", members[0]);
  assert.equal(outcome, undefined);
  assert.match(state.messages[state.messages.length - 1].text, /Sample cluster is a snapshot, not a live server/);
});

test("simulate evacuation works on a snapshot cluster", async () => {
  const members = (await exec("incus.internal.treeChildren", ["sample", "Members"])) as { label: string }[];
  const result = (await exec("incus.simulateEvacuation", members.find((m) => m.label === "node03"))) as { placements: unknown[] };
  assert.ok(result.placements.length > 0);
});

test("Run as… → create with project, profiles, config, VM and a group target", async () => {
  const file = path.join(dir, "spread.placement.star");
  state.answers.push("Create an instance", "c9", "default", ["default", "large"], "user.tier=gold, limits.memory=8GiB", "virtual machine", "@gpu");
  const report = (await exec("incus.runPlacementAs", { uri: `file://${file}` })) as { command: string[] };
  assert.deepEqual(report.command, ["create", "--empty", "c9", "--vm", "--profile", "default", "--profile", "large", "--config", "user.tier=gold", "--config", "limits.memory=8GiB", "--target", "@gpu"]);
  // "Run placement" then re-uses the last command of the document.
  const again = (await exec("incus.runPlacement", { uri: `file://${file}` })) as { command: string[] };
  assert.deepEqual(again.command, report.command);
});

test("auto-run on save re-runs the last command and updates the diagnostics", async () => {
  const file = path.join(dir, "auto.placement.star");
  writeFileSync(file, "def instance_placement(request, candidate_members):\n    pass\n");
  await exec("incus.runPlacement", { uri: `file://${file}` });
  assert.deepEqual(state.diagnostics.get(`file://${file}`), []);
  state.settings.set("incus.run.autoRun", "save");
  writeFileSync(file, "def instance_placement(request, candidate_members):\n    set_target(\"nowhere\")\n");
  state.documentSaved.fire(MockDocument.fromFile(file));
  const deadline = Date.now() + 10_000;
  while (((state.diagnostics.get(`file://${file}`) as unknown[]) ?? []).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const diags = state.diagnostics.get(`file://${file}`) as { message: string }[];
  assert.equal(diags.length, 1);
  assert.match(diags[0].message, /Invalid member name: nowhere/);
  state.settings.set("incus.run.autoRun", "off");
});

test("a remote that cannot be reached shows the reason under it and on it, without retrying in a loop", async () => {
  const children = (await exec("incus.internal.treeChildren", ["local"])) as { label: string; tooltip: string; icon: { id: string } }[];
  assert.equal(children.length, 1);
  assert.match(children[0].tooltip, /Incus socket .*no-daemon\/unix\.socket does not exist: is incusd running\?/);
  assert.equal(children[0].icon.id, "error");
  const roots = (await exec("incus.internal.treeChildren")) as { label: string; icon: { id: string }; tooltip: string; description: string }[];
  const local = roots.find((r) => r.label === "local")!;
  assert.equal(local.icon.id, "debug-disconnect");
  assert.match(local.description, /unreachable/);
  assert.match(local.tooltip, /Refresh to retry/);
  await exec("incus.refreshClusters");
  const roots2 = (await exec("incus.internal.treeChildren")) as { label: string; icon: { id: string } }[];
  assert.equal(roots2.find((r) => r.label === "local")!.icon.id, "remote");
});

test("with nothing reachable, the welcome view shows; its buttons set the connection", async () => {
  await exec("incus.internal.treeChildren");
  await waitFor("the welcome decision", () => api.services.tree.showsWelcome !== undefined);
  assert.equal(api.services.tree.showsWelcome, true, "no snapshot file, no remote but local, and local does not answer");
  assert.equal(state.contexts.get("incus.noUsableCluster"), true);
  const welcome = (pkg.contributes.viewsWelcome as { view: string; contents: string }[]).find((v) => v.view === "incus.welcome")!;
  for (const cmd of ["incus.addRemote", "incus.useLocalSocket", "incus.openSnapshot", "incus.openSampleCluster", "incus.startWalkthrough"]) assert.match(welcome.contents, new RegExp(`command:${cmd.replace(".", "\\.")}\\)`));
  assert.equal(await exec("incus.useLocalSocket"), "remote:local");
  assert.equal(state.settings.get("incus.activeCluster"), "remote:local");
  const snapshot = path.join(ROOT, "examples/sample-cluster.yaml");
  assert.equal(await exec("incus.openSnapshot", { file: snapshot }), snapshot);
  assert.equal(await exec("incus.openSampleCluster"), "sample");
});

test("adding a remote that cannot be reached says why (the incus command line's own words)", async () => {
  await exec("incus.addRemote", { name: "nowhere", address: "https://127.0.0.1:9", token: "" });
  const last = state.messages[state.messages.length - 1];
  assert.equal(last.kind, "error");
  assert.match(last.text, /^Incus: adding remote nowhere failed: .+/);
  assert.doesNotMatch(last.text, /see the output/i);
});

test("simulated restore of an evacuated member works on a snapshot cluster", async () => {
  const members = (await exec("incus.internal.treeChildren", ["sample", "Members"])) as { label: string; contextValue: string }[];
  const evacuated = members.find((m) => /:evacuated$/.test(m.contextValue))!;
  assert.ok(evacuated, "the sample has an evacuated member");
  const result = (await exec("incus.simulateRestore", evacuated)) as { placements: unknown[] } | undefined;
  assert.ok(result, state.messages[state.messages.length - 1]?.text);
  const last = (await exec("incus.internal.lastPlacementResult")) as { report: { command: string[] } };
  assert.deepEqual(last.report.command, ["cluster", "restore", evacuated.label]);
});
