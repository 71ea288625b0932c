// The end-to-end scenarios, run inside a real VS Code's extension host (see runner.ts). Each one
// drives VS Code through its API and the extension's command ids, and leaves a screenshot in
// test-results/e2e/ (taken by the playwright driver, tools/e2e/run.mjs).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  E2E_REMOTE, REAL_MEMBERS, SAMPLE_MEMBERS, activateExtension, diagnosticsMatching, incus, instanceLocation, missingCommands,
  openScriptlet, positionOf, realClusterSkip,
} from "./helpers";
import { answerNextDialog, hasDriver, screenshot, sleep, waitFor } from "./protocol";
import type { Scenario } from "./runner";
import { busyboxProblem, ensureBusyboxImage } from "../support/busybox-image";

const BAD_SCRIPTLET = `# a placement scriptlet with a compile error and an unknown member
def instance_placement(request, candidate_members):
    count = len(candidate_membrs)
    set_target("nodeX")
`;

const COMPLETE_SCRIPTLET = `def instance_placement(request, candidate_members):
    set_target("")
`;

const labelOf = (i: vscode.CompletionItem) => (typeof i.label === "string" ? i.label : i.label.label);

export const languageScenarios: Scenario[] = [
  {
    id: "a",
    title: "diagnostics of a compile error and a bad set_target member",
    async run() {
      await activateExtension();
      const editor = await openScriptlet("bad.placement.star", BAD_SCRIPTLET);
      const uri = editor.document.uri;
      const ds = await diagnosticsMatching(
        uri,
        (ds) => ds.some((d) => /undefined: candidate_membrs/.test(d.message)) && ds.some((d) => /no member "nodeX"/.test(d.message)),
        "the compile error and the unknown-member warning",
        60000,
      );
      const compile = ds.find((d) => /undefined: candidate_membrs/.test(d.message))!;
      assert.equal(compile.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(compile.range.start.line, 2);
      assert.match(compile.message, /did you mean candidate_members\?/);
      const member = ds.find((d) => /no member "nodeX"/.test(d.message))!;
      assert.equal(member.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(member.range.start.line, 3);
      assert.match(member.message, /^set_target: no member "nodeX" in the active cluster/);
      assert.match(member.message, /Invalid member name: nodeX/);
      // The server VS Code started runs on a large stack (it relaunches itself: server/src/lsp/main.ts),
      // so 5,000 nested brackets, which Incus accepts, get the diagnostics a short program gets.
      const deep = await openScriptlet("deep.placement.star", `def deep():\n    return ${"[".repeat(5000)}1${"]".repeat(5000)}\n${BAD_SCRIPTLET}`);
      const deepDs = await diagnosticsMatching(deep.document.uri, (ds) => ds.some((d) => /undefined: candidate_membrs/.test(d.message)), "the deep document's compile error", 60000);
      assert.deepEqual(deepDs.filter((d) => /nesting too deep/.test(d.message)).map((d) => d.message), []);
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand("workbench.actions.view.problems");
      await sleep(800);
      await screenshot("a-diagnostics");
    },
  },
  {
    id: "b",
    title: 'completion inside set_target(" offers the sample cluster\'s members',
    async run() {
      await activateExtension();
      const editor = await openScriptlet("complete.placement.star", COMPLETE_SCRIPTLET);
      const pos = positionOf(editor.document, 'set_target("');
      const labels = await waitFor(
        "member names among the completions",
        async () => {
          const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", editor.document.uri, pos, '"');
          const labels = list.items.map(labelOf);
          return SAMPLE_MEMBERS.every((m) => labels.includes(m)) ? labels : undefined;
        },
        60000,
        500,
      );
      for (const m of SAMPLE_MEMBERS) assert.ok(labels.includes(m), `completion offers ${m}`);
      // the same, as a person sees it: the suggest widget at the cursor
      editor.selection = new vscode.Selection(pos, pos);
      await vscode.commands.executeCommand("workbench.action.focusActiveEditorGroup");
      await vscode.commands.executeCommand("editor.action.triggerSuggest");
      await sleep(1500);
      await screenshot("b-completion");
      await vscode.commands.executeCommand("hideSuggestWidget");
    },
  },
];

// Spread: the candidate with the fewest instances (ties: the first). The expected member is
// computed from the run's own counts, so the sample cluster's data may change.
export const SPREAD_SCRIPTLET = `# spread instances over the members
def instance_placement(request, candidate_members):
    best = None
    best_count = 0
    for member in candidate_members:
        count = get_instances_count(location=member.server_name)
        if best == None or count < best_count:
            best = member.server_name
            best_count = count
    if best != None:
        log_info("placing ", request.name, " on ", best)
        set_target(best)
`;

interface Placement {
  instance: string;
  candidates: string[];
  counts: Record<string, number>;
  target: string | null;
  error: unknown;
}
interface RunReport {
  result: { placements: Placement[] };
  cluster: string;
}

interface TreeNode {
  id: string;
  label: string;
  contextValue: string;
  ref: { kind: string; connection: string };
}

const treeChildren = (ids: string[]) => vscode.commands.executeCommand<TreeNode[]>("incus.internal.treeChildren", ids);

/** Labels of the members listed under the active connection of the sidebar (waits for it to load). */
async function sidebarMembers(expectConnection: (n: TreeNode) => boolean, what: string): Promise<string[]> {
  return waitFor(
    what,
    async () => {
      const roots = await treeChildren([]);
      const active = roots.find((n) => n.ref.kind === "connection" && /:active\b/.test(n.contextValue));
      if (!active || !expectConnection(active)) return undefined;
      const categories = await treeChildren([active.id]);
      const members = categories.find((n) => n.label === "Members");
      if (!members) return undefined;
      const nodes = await treeChildren([active.id, members.id]);
      return nodes.filter((n) => n.ref.kind === "member").map((n) => n.label).sort();
    },
    60000,
    500,
  );
}

async function restoreIfEvacuated(member: string): Promise<void> {
  const st = JSON.parse(await incus("query", `/1.0/cluster/members/${member}`)) as { status: string };
  if (st.status !== "Online") await incus("cluster", "restore", member, "--force");
}

async function deleteInstance(name: string): Promise<void> {
  await incus("delete", "--force", name).catch(() => undefined);
}

/** Runs `body` with the cluster's placement scriptlet unset, then puts the old one back. */
async function withoutPlacementScriptlet(body: () => Promise<void>): Promise<void> {
  const old = (await incus("config", "get", PLACEMENT_KEY)).replace(/\n$/, "");
  if (old) await incus("config", "unset", PLACEMENT_KEY);
  try {
    await body();
  } finally {
    if (old) await incus("config", "set", PLACEMENT_KEY, old);
  }
}
const PLACEMENT_KEY = "instances.placement.scriptlet";

const needs = (...ids: string[]) => async () => {
  await activateExtension(); // commands exist once the extension has registered them
  const missing = await missingCommands(...ids);
  if (missing) return { reason: missing };
  return undefined;
};
const needsCluster = (...ids: string[]) => async () => (await needs(...ids)()) ?? (await realClusterSkip());

export const clientScenarios: Scenario[] = [
  {
    id: "c",
    title: 'CodeLens "Run placement" over def instance_placement runs and yields the chosen member',
    precondition: needs("incus.runPlacement"),
    async run() {
      await activateExtension();
      await vscode.commands.executeCommand("incus.selectCluster", "sample");
      const editor = await openScriptlet("spread.placement.star", SPREAD_SCRIPTLET);
      const doc = editor.document;
      const defLine = positionOf(doc, "def instance_placement").line;
      const lens = await waitFor(
        'the "Run placement" CodeLens',
        async () => {
          const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri, 10);
          return lenses.find((l) => l.command?.command === "incus.runPlacement" && /Run placement/.test(l.command.title));
        },
        30000,
        300,
      );
      assert.equal(lens.range.start.line, defLine, "the lens sits on the def instance_placement line");
      assert.match(lens.command!.title, /Run placement on .*sample/i);
      await sleep(500); // let the lens render for the screenshot
      await screenshot("c-codelens");
      const report = await vscode.commands.executeCommand<RunReport | undefined>(lens.command!.command, ...(lens.command!.arguments ?? []));
      if (!report) {
        await vscode.commands.executeCommand("notifications.showList");
        await sleep(1000);
        await screenshot("c-run-failed"); // the driver prints the error notification
        await vscode.commands.executeCommand("notifications.hideList");
      }
      assert.ok(report, "the run returns its report (undefined: it failed, see the notification)");
      const [p] = report.result.placements;
      assert.equal(p.error, null, `the run succeeds: ${JSON.stringify(p.error)}`);
      const fewest = [...p.candidates].sort((a, b) => p.counts[a] - p.counts[b] || p.candidates.indexOf(a) - p.candidates.indexOf(b))[0];
      assert.ok(p.target, "a member was chosen");
      assert.equal(p.target, fewest, `the scriptlet chose the candidate with the fewest instances (${JSON.stringify(p.counts)})`);
      console.log(`      chosen member: ${p.target} (on ${report.cluster})`);
      await screenshot("c-placement-result", "in Incus's order");
    },
  },
  {
    id: "d",
    title: "the sidebar lists the sample cluster's members, then the real cluster's",
    precondition: needsCluster("incus.selectCluster", "incus.internal.treeChildren"),
    async run() {
      await activateExtension();
      try {
        await vscode.commands.executeCommand("incus.selectCluster", "sample");
        await vscode.commands.executeCommand("incus.clusters.focus");
        const sample = await sidebarMembers((n) => n.ref.connection === "sample" || /sample/i.test(n.label), "the sample cluster's members in the sidebar");
        assert.deepEqual(sample, SAMPLE_MEMBERS);
        await sleep(800);
        await screenshot("d-sidebar-sample");

        await vscode.commands.executeCommand("incus.selectCluster", `remote:${E2E_REMOTE}`);
        const real = await sidebarMembers((n) => n.ref.connection.includes(E2E_REMOTE), `the real cluster's members (remote ${E2E_REMOTE}) in the sidebar`);
        assert.deepEqual(real, REAL_MEMBERS);
        await sleep(800);
        await screenshot("d-sidebar-real");
      } finally {
        await vscode.commands.executeCommand("incus.selectCluster", "sample");
      }
    },
  },
  {
    id: "f",
    title: "a config edit racing a concurrent change is refused",
    timeoutMs: 180000,
    precondition: needsCluster("incus.openInstanceConfig"),
    async run() {
      await activateExtension();
      const name = "e2e-cfg";
      await deleteInstance(name);
      await withoutPlacementScriptlet(async () => {
        try {
          await incus("create", "--empty", name, "--target", "node1", "--config", "user.e2e=original");
          const uriText = await vscode.commands.executeCommand<string | undefined>("incus.openInstanceConfig", { remote: E2E_REMOTE, name, project: "default" });
          assert.ok(uriText, "the instance's config opened");
          const uri = vscode.Uri.parse(uriText);
          assert.equal(uri.scheme, "incus");
          const doc = await waitFor("the opened document", () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()), 10000);
          const text = doc.getText();
          const at = text.indexOf("user.e2e: original");
          assert.ok(at >= 0, `the document shows user.e2e: original:\n${text}`);

          // the user edits...
          const edit = new vscode.WorkspaceEdit();
          edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + "user.e2e: original".length)), "user.e2e: from-editor");
          assert.ok(await vscode.workspace.applyEdit(edit));
          assert.ok(doc.isDirty);
          // ...while someone else changes the instance
          await incus("config", "set", name, "user.e2e=from-cli");

          let saved: boolean;
          try {
            saved = await doc.save();
          } catch (e) {
            saved = false;
            console.log(`      save threw: ${(e as Error).message}`);
          }
          assert.equal(saved, false, "saving over a concurrent change is refused");
          assert.equal((await incus("config", "get", name, "user.e2e")).trim(), "from-cli", "nothing was overwritten");
          await sleep(1500); // the error notification
          await screenshot("f-save-refused");
          assert.ok(doc.isDirty, "the edit is kept in the editor");
        } finally {
          // drop the unsaved edit without a "save?" prompt, then the instance
          await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor").then(undefined, () => undefined);
          await deleteInstance(name);
        }
      });
    },
  },
];

/** Operator features (issue L): failure states, result view, welcome view, instance operations and shell. */
export const operatorScenarios: Scenario[] = [
  {
    id: "g",
    title: "an unavailable active cluster: the status bar says so, checks needing it say 'not checked'",
    precondition: needs("incus.selectCluster"),
    async run() {
      await activateExtension();
      try {
        await vscode.commands.executeCommand("incus.selectCluster", "gone/missing.incus-cluster.yaml");
        const editor = await openScriptlet("target.placement.star", 'def instance_placement(request, candidate_members):\n    set_target("node01")\n');
        const ds = await diagnosticsMatching(editor.document.uri, (ds) => ds.some((d) => /^not checked: cluster missing \(snapshot\) unavailable/.test(d.message)), "the not-checked warning", 60000);
        assert.ok(ds.some((d) => /no such file|ENOENT|cannot read|does not exist/i.test(d.message)), JSON.stringify(ds.map((d) => d.message)));
        await vscode.commands.executeCommand("workbench.actions.view.problems");
        await sleep(1200);
        await screenshot("g-cluster-unavailable");
      } finally {
        await vscode.commands.executeCommand("incus.selectCluster", "sample");
      }
    },
  },
  {
    id: "h",
    title: "an evacuation what-if opens the result view with a summary table first, titled after the command",
    precondition: needs("incus.simulateEvacuation"),
    async run() {
      await activateExtension();
      await vscode.commands.executeCommand("incus.selectCluster", "sample");
      const result = await vscode.commands.executeCommand<{ placements: unknown[] } | undefined>("incus.simulateEvacuation", { connection: "sample", member: "node03" });
      assert.ok(result && result.placements.length > 1, "several instances were placed");
      const last = await vscode.commands.executeCommand<{ html: string } | undefined>("incus.internal.lastPlacementResult");
      assert.ok(last && last.html.indexOf('id="overview"') < last.html.indexOf('id="placement-0"'), "the summary table comes first");
      // The tab's label follows the panel's title once the workbench has rendered it.
      const labels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
      await waitFor(`a tab titled after the command (tabs: ${labels().join(", ")})`, () => labels().some((l) => /evacuate node03 — Sample cluster/.test(l)) || undefined, 15000, 250);
      await screenshot("h-result-summary", "Target or error");
    },
  },
  {
    id: "i",
    title: "with no reachable cluster, the sidebar shows the welcome view with its buttons",
    precondition: needs("incus.addRemote", "incus.useLocalSocket"),
    async run() {
      await activateExtension();
      const config = vscode.workspace.getConfiguration("incus");
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), "incus-empty-conf-"));
      try {
        // An incus configuration with no remote but `local`, whose socket nothing listens on.
        fs.writeFileSync(path.join(empty, "config.yml"), `default-remote: local\nremotes:\n  local:\n    addr: unix://${path.join(empty, "nothing.socket")}\n    protocol: incus\n`);
        await config.update("configPath", empty, vscode.ConfigurationTarget.Global);
        await vscode.commands.executeCommand("incus.clusters.focus");
        await sleep(4000); // the server restarts with the new configuration; the view asks again
        await vscode.commands.executeCommand("incus.refreshClusters");
        await sleep(2500);
        await screenshot("i-welcome");
      } finally {
        await config.update("configPath", undefined, vscode.ConfigurationTarget.Global);
        await sleep(2000);
        fs.rmSync(empty, { recursive: true, force: true });
      }
    },
  },
  {
    id: "j",
    title: "instance operations on a real container: start, a shell in the terminal, stop",
    timeoutMs: 240000,
    precondition: async () => (await needsCluster("incus.startInstance", "incus.shellInstance", "incus.stopInstance")()) ?? (busyboxProblem() ? { reason: busyboxProblem()! } : undefined),
    async run() {
      await activateExtension();
      const image = await ensureBusyboxImage();
      const name = "e2e-shell";
      await deleteInstance(name);
      await withoutPlacementScriptlet(async () => {
        try {
          await incus("init", image, name, "--target", "node1");
          const arg = { remote: E2E_REMOTE, instance: name };
          assert.equal(await vscode.commands.executeCommand("incus.startInstance", arg), "done");
          const status = async () => (JSON.parse(await incus("query", `/1.0/instances/${name}`)) as { status: string }).status;
          assert.equal(await status(), "Running");
          const terminal = (await vscode.commands.executeCommand("incus.shellInstance", arg)) as vscode.Terminal;
          assert.ok(terminal, "a terminal opened");
          await sleep(2500);
          terminal.sendText("echo hello from $(hostname); ls /etc");
          await sleep(2000);
          await screenshot("j-shell");
          terminal.sendText("exit");
          await sleep(1000);
          assert.equal(await vscode.commands.executeCommand("incus.forceStopInstance", arg), "done");
          assert.equal(await status(), "Stopped");
          await vscode.commands.executeCommand("incus.selectCluster", `remote:${E2E_REMOTE}`);
          await vscode.commands.executeCommand("incus.clusters.focus");
          await sleep(2000);
          await screenshot("j-sidebar-live");
        } finally {
          await vscode.commands.executeCommand("incus.selectCluster", "sample");
          await deleteInstance(name);
        }
      });
    },
  },
];

/** Scenarios that answer modal dialogs: run by test/e2e/host.ts, outside extension-test mode. */
export const dialogScenarios: Scenario[] = [
  {
    id: "e",
    title: "evacuate with confirmation moves an instance on the real cluster, then restore",
    timeoutMs: 240000,
    precondition: needsCluster("incus.evacuateMember", "incus.restoreMember"),
    async run() {
      if (!hasDriver()) throw new Error("needs the playwright driver to answer the confirmation");
      await activateExtension();
      const name = "e2e-evac";
      const member = "node2";
      await restoreIfEvacuated(member);
      await deleteInstance(name);
      await withoutPlacementScriptlet(async () => {
        try {
          await incus("create", "--empty", name, "--target", member);
          assert.equal(await instanceLocation(name), member);

          answerNextDialog("Evacuate", "e-evacuate-confirm");
          const outcome = await vscode.commands.executeCommand("incus.evacuateMember", { remote: E2E_REMOTE, member });
          assert.ok(outcome, "the evacuation was confirmed and ran");
          const moved = await instanceLocation(name);
          assert.notEqual(moved, member, `${name} left ${member}`);
          const st = JSON.parse(await incus("query", `/1.0/cluster/members/${member}`)) as { status: string };
          assert.equal(st.status, "Evacuated");
          console.log(`      ${name}: ${member} -> ${moved}`);
          await sleep(1000);
          await screenshot("e-evacuated");

          answerNextDialog("Restore", "e-restore-confirm");
          const restored = await vscode.commands.executeCommand("incus.restoreMember", { remote: E2E_REMOTE, member });
          assert.ok(restored, "the restore was confirmed and ran");
          assert.equal(await instanceLocation(name), member, `${name} is back on ${member}`);
          const st2 = JSON.parse(await incus("query", `/1.0/cluster/members/${member}`)) as { status: string };
          assert.equal(st2.status, "Online");
        } finally {
          await restoreIfEvacuated(member).catch(() => undefined);
          await deleteInstance(name);
        }
      });
    },
  },
];
