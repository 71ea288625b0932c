// Run the placement scriptlet of an editor: on the active cluster with the last (or given)
// command, or "as…" an operation chosen in quick picks. Both return the run's report.
import * as vscode from "vscode";
import { DEFAULT_COMMAND } from "../placement/command-line";
import { pickRunAs } from "../placement/run-as-picker";
import type { RunReport } from "../placement/run-report";
import type { Services } from "../services";
import { errorMessage } from "../util/errors";

interface RunArg {
  uri?: string;
  command?: string[];
}

export function registerPlacementCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand("incus.runPlacement", (arg?: RunArg | vscode.Uri) => runPlacement(s, arg)),
    vscode.commands.registerCommand("incus.runPlacementAs", (arg?: RunArg | vscode.Uri) => runPlacementAs(s, arg)),
    vscode.commands.registerCommand("incus.newPlacementScriptlet", () => newPlacementScriptlet()),
    vscode.commands.registerCommand("incus.internal.lastPlacementResult", () =>
      s.panel.lastReport ? { report: s.panel.lastReport, html: s.panel.lastHtml } : undefined,
    ),
    vscode.commands.registerCommand("incus.internal.openPosition", async (uri: string, line: number, character: number) => {
      const pos = new vscode.Position(line, character);
      await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
    }),
  ];
}

async function documentOf(arg: RunArg | vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : arg?.uri ? vscode.Uri.parse(arg.uri) : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showErrorMessage("Incus: open a placement scriptlet (*.placement.star) to run it");
    return undefined;
  }
  return vscode.workspace.openTextDocument(uri);
}

async function runPlacement(s: Services, arg?: RunArg | vscode.Uri): Promise<RunReport | undefined> {
  const doc = await documentOf(arg);
  if (!doc) return undefined;
  const command = (!(arg instanceof vscode.Uri) && arg?.command) || s.runner.commandFor(doc) || [...DEFAULT_COMMAND];
  return s.runner.runAndShowErrors(doc, command);
}

async function runPlacementAs(s: Services, arg?: RunArg | vscode.Uri): Promise<RunReport | undefined> {
  const doc = await documentOf(arg);
  if (!doc) return undefined;
  let model;
  try {
    model = await s.registry.summary();
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: the active cluster could not be loaded: ${errorMessage(e)}`);
    return undefined;
  }
  let command: string[] | undefined;
  try {
    command = await pickRunAs(model, s.runner.commandFor(doc));
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: ${errorMessage(e)}`);
    return undefined;
  }
  if (!command) return undefined;
  return s.runner.runAndShowErrors(doc, command);
}

/** A new untitled placement scriptlet, started from the "spread by instance count" snippet. */
export async function newPlacementScriptlet(): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: "incus-scriptlet", content: "" });
  const editor = await vscode.window.showTextDocument(doc);
  await editor.insertSnippet(
    new vscode.SnippetString(
      [
        "# Placement scriptlet: run it with the CodeLens above instance_placement; save it as NAME.placement.star.",
        "def instance_placement(request, candidate_members):",
        "    best = None",
        "    best_count = 0",
        "    for member in candidate_members:",
        "        count = get_instances_count(location=member.server_name)",
        "        if best == None or count < best_count:",
        "            best = member.server_name",
        "            best_count = count",
        "    if best != None:",
        '        log_info("placing ", request.name, " on ", best, " (", best_count, " instances)")',
        "        set_target(best)",
        "$0",
      ].join("\n"),
    ),
  );
  return doc;
}
