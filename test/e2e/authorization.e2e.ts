// End-to-end: "Run authorization" in a real VS Code. The CodeLens sits over def authorize; run
// as the restricted certificate bob of a 6.0.4 cluster snapshot, the access matrix view opens
// and marks what bob may do outside his project. Screenshot: test-results/e2e/k-access-matrix.png.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import { activateExtension, openScriptlet, positionOf } from "./helpers";
import { screenshot, sleep, waitFor } from "./protocol";
import type { Scenario } from "./runner";

const FIXTURE = path.resolve(__dirname, "../../../test/incus/fixtures/authz-cluster.yaml");
const SCRIPTLET = `# Operators may do anything; everyone else may only look, and never at profiles.
def authorize(details, object, entitlement):
    if object.startswith("profile:"):
        fail("profiles are private")
    return entitlement == "can_view" or details.ProjectName == "p1"
`;

export const authorizationScenarios: Scenario[] = [
  {
    id: "k",
    title: 'CodeLens "Run authorization" opens the access matrix of a restricted certificate',
    async run() {
      await activateExtension();
      await vscode.commands.executeCommand("incus.selectCluster", FIXTURE);
      const editor = await openScriptlet("access.authorization.star", SCRIPTLET);
      const doc = editor.document;
      const lens = await waitFor(
        'the "Run authorization" CodeLens',
        async () => {
          const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri, 10);
          return lenses.find((l) => l.command?.command === "incus.runAuthorization");
        },
        30000,
        300,
      );
      assert.equal(lens.range.start.line, positionOf(doc, "def authorize").line);
      await vscode.commands.executeCommand("incus.runAuthorization", { uri: doc.uri.toString(), identity: "tls:bob" });
      const report = await waitFor("the access matrix", async () => vscode.commands.executeCommand<{ matrix: { counts: Record<string, number>; rows: { object: string; cells: { decision: string; outsideRestriction?: boolean }[] }[] } } | undefined>("incus.internal.lastAccessMatrix"), 60000, 500);
      const c1 = report.matrix.rows.find((r) => r.object === "instance:default/c1")!;
      assert.ok(c1.cells.some((c) => c.outsideRestriction), "bob may view c1 outside p1");
      assert.ok(report.matrix.counts.error > 0, "the profile cells fail");
      await screenshot("k-access-matrix", "Access of");
      // The scenarios after this one start from the sample cluster.
      await vscode.commands.executeCommand("incus.selectCluster", "sample");
    },
  },
];
