// The scenarios that need modal dialogs answered, run *outside* VS Code's extension-test mode
// (in that mode the workbench refuses every modal dialog): tools/e2e/run.mjs loads a small
// development extension whose main is this module; it runs the scenarios once the workbench
// has started and reports through the console (the driver ends the phase on the result marker).
import * as vscode from "vscode";
import { reportResult } from "./protocol";
import { runScenarios } from "./runner";
import { dialogScenarios } from "./scenarios.e2e";

export function activate(): void {
  // not awaited: activation must finish for the workbench (and the extension under test) to go on
  setTimeout(() => {
    const ids = vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith("vscode."));
    console.log(`hosted e2e runner; extensions: ${ids.join(", ")}`);
    runScenarios("Incus scriptlets in VS Code: confirmations", dialogScenarios).catch((e: Error) => {
      // runScenarios reports its counts itself once mocha ran; this is for a failure before that
      if (!/scenario\(s\) failed/.test(e.message)) {
        console.error(e);
        reportResult({ passed: 0, failed: 1, skipped: 0 });
      }
    });
  }, 1000);
}

export function deactivate(): void {}
