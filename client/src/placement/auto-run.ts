// Re-runs placement on save or while typing (setting incus.run.autoRun), with the document's
// last command; results update the diagnostics and an open result panel without taking focus.
import * as vscode from "vscode";
import { readSettings } from "../settings";
import { debounce, type Debounced } from "../util/debounce";
import { DEFAULT_COMMAND } from "./command-line";
import type { PlacementRunner } from "./placement-runner";

const CHANGE_DELAY_MS = 800;

export class PlacementAutoRun implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Map<string, Debounced<[vscode.TextDocument]>>();

  constructor(private readonly runner: PlacementRunner) {
    vscode.workspace.onDidSaveTextDocument((doc) => this.maybeRun(doc, "save"), null, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => this.maybeRun(e.document, "change"), null, this.disposables);
  }

  private maybeRun(doc: vscode.TextDocument, trigger: "save" | "change"): void {
    if (doc.languageId !== "incus-scriptlet" || readSettings().run.autoRun !== trigger) return;
    // A scriptlet without an entry point has nothing to run (the server would say so on every keystroke).
    if (!doc.getText().includes("instance_placement")) return;
    const key = `${trigger}:${doc.uri.toString()}`;
    let run = this.pending.get(key);
    if (!run) {
      run = debounce((d: vscode.TextDocument) => {
        void this.runner.runAndShowErrors(d, this.runner.commandFor(d) ?? [...DEFAULT_COMMAND], false);
      }, trigger === "change" ? CHANGE_DELAY_MS : 50);
      this.pending.set(key, run);
    }
    run(doc);
  }

  dispose(): void {
    for (const d of this.pending.values()) d.cancel();
    for (const d of this.disposables) d.dispose();
  }
}
