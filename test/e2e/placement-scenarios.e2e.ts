// Issue J in a real VS Code: a placement test file run from the Testing view (and a case from
// its CodeLens), the failure matrix view and "Compare placement with HEAD".
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { activateExtension, workspaceDir } from "./helpers";
import { screenshot, sleep, waitFor } from "./protocol";
import type { Scenario } from "./runner";
import { SPREAD_SCRIPTLET as SPREAD } from "./scenarios.e2e";

const TESTS = `scriptlet: spread.placement.star
cluster: sample
cases:
  - name: a new instance lands on the emptiest member
    run: create --empty web7
    expect:
      target: node06
      logs_contain: ["placing web7"]
  - name: with node06 down, node03 takes it
    given:
      offline: [node06]
    run: create --empty web8
    expect:
      target: node03
  - name: a wrong expectation shows the difference
    run: create --empty web9 --target node02
    expect:
      target: node05
`;

const PIN_NODE02 = `def instance_placement(request, candidate_members):
    for m in candidate_members:
        if m.server_name == "node02":
            set_target("node02")
`;

interface Views { matrix?: string; diff?: string; outcomes: Record<string, { status: string; messages: string[] }> }
const views = () => vscode.commands.executeCommand<Views>("incus.internal.scenarioViews");

export const placementScenarioScenarios: Scenario[] = [
  {
    id: "j1",
    title: "a placement test file runs from the Testing view; the failing case shows what differed",
    timeoutMs: 180000,
    async run() {
      await activateExtension();
      const dir = path.join(workspaceDir(), "scenarios");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "spread.placement.star"), SPREAD);
      const file = path.join(dir, "spread.placement.test.yaml");
      fs.writeFileSync(file, TESTS);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc, { preview: false });
      // The CodeLens over each case comes from the language server's list of cases.
      const lenses = await waitFor(
        "a Run case CodeLens per case",
        async () => {
          const l = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri);
          return l.filter((x) => x.command?.title === "▶ Run case").length === 3 ? l : undefined;
        },
        60000,
        500,
      );
      assert.equal(lenses.filter((x) => x.command?.title === "▶ Run case")[0].range.start.line, 3);
      // One case from its CodeLens command, then the whole file from the Testing view.
      const one = await vscode.commands.executeCommand<{ status: string }>("incus.runPlacementTestCase", doc.uri, 0);
      assert.equal(one.status, "passed");
      await vscode.commands.executeCommand("workbench.view.testing.focus");
      await vscode.commands.executeCommand("testing.runAll");
      const outcomes = await waitFor(
        "the three cases' outcomes",
        async () => {
          const o = (await views()).outcomes;
          return Object.keys(o).length === 3 && o[`${doc.uri.toString()}#2`]?.status !== undefined ? o : undefined;
        },
        90000,
        500,
      );
      await sleep(1000);
      const byIndex = (i: number) => outcomes[`${doc.uri.toString()}#${i}`];
      assert.equal(byIndex(0).status, "passed");
      assert.equal(byIndex(1).status, "passed");
      assert.equal(byIndex(2).status, "failed");
      assert.deepEqual(byIndex(2).messages, ['target: wanted "node05", got "node02"']);
      // The failure as a person sees it: the message peeked at the case's expect key.
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await vscode.commands.executeCommand("workbench.action.focusActiveEditorGroup");
      try {
        await vscode.commands.executeCommand("testing.goToNextMessage");
      } catch {
        /* the Testing view still shows the failure */
      }
      await sleep(1500);
      await screenshot("j1-testing-view");
    },
  },
  {
    id: "j2",
    title: "the failure matrix view and Compare placement with HEAD draw what the server simulated",
    timeoutMs: 240000,
    async run() {
      await activateExtension();
      const dir = path.join(workspaceDir(), "policy");
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, "policy.placement.star");
      fs.writeFileSync(file, SPREAD);
      const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=e2e@example.com", "-c", "user.name=e2e", ...args], { cwd: dir });
      git("init", "-q");
      git("add", ".");
      git("commit", "-qm", "spread");
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc, { preview: false });

      assert.equal(await vscode.commands.executeCommand("incus.showPlacementMatrix", doc.uri), true);
      const matrix = (await views()).matrix ?? "";
      assert.match(matrix, /data-scenario="offline:node01" data-outcome="ok"/);
      assert.match(matrix, /data-scenario="evacuate:node06" data-outcome="nowhere"/);
      assert.match(matrix, /<table id="load">/);
      // Room for the table: the view's editor group alone, no side bar or panel.
      await vscode.commands.executeCommand("workbench.action.closeSidebar");
      await vscode.commands.executeCommand("workbench.action.closePanel");
      await vscode.commands.executeCommand("workbench.action.focusSecondEditorGroup");
      await vscode.commands.executeCommand("workbench.action.toggleMaximizeEditorGroup");
      await screenshot("j2-failure-matrix", "Worst case after a failure");
      await vscode.commands.executeCommand("workbench.action.toggleMaximizeEditorGroup");

      // The editor's text (not saved) against git HEAD's version: the editor and the view side by side.
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      const edited = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
      await edited.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), PIN_NODE02));
      assert.equal(await vscode.commands.executeCommand("incus.comparePlacementWithHead", doc.uri), true);
      const diff = (await views()).diff ?? "";
      assert.match(diff, /HEAD:policy\.placement\.star/);
      assert.match(diff, /<h2>Placements that change \(\d+\)<\/h2>/);
      assert.match(diff, /<tr data-member="node02">/);
      await screenshot("j2-placement-diff", "Placements that change");
      await vscode.commands.executeCommand("workbench.action.files.revert");
    },
  },
];
