// Issue J in VS Code: placement test files in the Testing view (and a CodeLens per case), the
// failure matrix and the placement diff views. Registered from extension.ts in one line.
import * as vscode from "vscode";
import type { Services } from "../services";
import { PlacementTestCodeLens, PlacementTestController } from "../testing/placement-test-controller";
import { ScenarioViews } from "./scenario-panels";

/** What e2e tests reach through the extension's exports (`scenarios`). */
export interface ScenarioFeatures {
  tests: PlacementTestController;
  views: ScenarioViews;
}

export let scenarioFeatures: ScenarioFeatures | undefined;

export function registerScenarioFeatures(s: Services): vscode.Disposable[] {
  const tests = new PlacementTestController(s.languageClient, s.log);
  const views = new ScenarioViews(s.languageClient);
  scenarioFeatures = { tests, views };
  return [
    tests,
    views,
    vscode.languages.registerCodeLensProvider({ scheme: "file", pattern: "**/*.placement.test.{yaml,yml}" }, new PlacementTestCodeLens(s.languageClient)),
    vscode.commands.registerCommand("incus.runPlacementTestCase", (uri: vscode.Uri, index: number) => tests.runCase(uri, index)),
    vscode.commands.registerCommand("incus.showPlacementMatrix", (uri?: vscode.Uri) => views.showMatrix(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand("incus.comparePlacementWithHead", (uri?: vscode.Uri) => views.showDiff("head", uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand("incus.comparePlacementWithServer", (uri?: vscode.Uri) => views.showDiff("server", uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand("incus.internal.scenarioViews", () => ({
      matrix: views.matrix.lastHtml,
      diff: views.diff.lastHtml,
      outcomes: Object.fromEntries(tests.lastOutcome),
    })),
  ];
}
