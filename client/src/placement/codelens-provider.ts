// "Run placement" and "Run as…" above each `def instance_placement` of a scriptlet.
import * as vscode from "vscode";
import type { ClusterRegistry } from "../clusters/cluster-registry";
import { connectionLabel } from "../clusters/connection-spec";
import { findEntryPoints } from "./entry-point";

export class PlacementCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly registry: ClusterRegistry) {
    // The lens names the active cluster: refresh it when that changes.
    this.subscription = registry.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    let cluster: string;
    try {
      cluster = connectionLabel(this.registry.activeSpec());
    } catch {
      cluster = "the active cluster";
    }
    return findEntryPoints(doc.getText()).flatMap((line) => {
      const range = new vscode.Range(line, 0, line, 0);
      return [
        new vscode.CodeLens(range, { title: `$(play) Run placement on ${cluster}`, command: "incus.runPlacement", arguments: [{ uri: doc.uri.toString() }] }),
        new vscode.CodeLens(range, { title: "Run as…", command: "incus.runPlacementAs", arguments: [{ uri: doc.uri.toString() }] }),
      ];
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
