// Move an instance of a live cluster to another member. The server first simulates the
// cluster's placement scriptlet on the move; the confirmation says what it predicts.
import { withProject } from "../util/api-path";
import * as vscode from "vscode";
import { commandFor } from "../placement/command-line";
import { simulateReport } from "../placement/placement-runner";
import { describeWhatIf } from "../placement/what-if";
import type { Services } from "../services";
import { errorMessage } from "../util/errors";
import { runOperation, type OperationOutcome } from "./operation-progress";
import { isNode, pickFrom, summaryOf } from "./targets";
import type { ClusterSummary } from "../../../server/src/lsp/protocol";

interface MoveArg {
  remote?: string;
  project?: string;
  instance?: string;
  target?: string;
}

export function registerInstanceCommands(s: Services): vscode.Disposable[] {
  return [vscode.commands.registerCommand("incus.moveInstance", (arg?: unknown) => moveInstance(s, arg))];
}

async function moveInstance(s: Services, arg: unknown): Promise<OperationOutcome | undefined> {
  let cluster: ClusterSummary;
  try {
    cluster = await summaryOf(s.registry, arg, true);
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: ${errorMessage(e)}`);
    return undefined;
  }
  if (!cluster.connection.live) {
    void vscode.window.showErrorMessage(`Move instance: ${cluster.connection.label} is a snapshot, not a live server. Use "Run as…" on a placement scriptlet for a what-if.`);
    return undefined;
  }
  const a: MoveArg = isNode(arg) && arg.ref.kind === "instance" ? { project: arg.ref.project, instance: arg.ref.instance } : ((arg as MoveArg | undefined) ?? {});
  const inst = a.instance
    ? cluster.instances.find((i) => i.name === a.instance && i.project === (a.project ?? "default"))
    : await pickFrom("Move which instance?", cluster.instances.map((i) => ({ label: i.name, description: `${i.project} · on ${i.location} · ${i.status}`, value: i })));
  if (!inst) {
    if (a.instance) void vscode.window.showErrorMessage(`Move instance: no instance ${a.instance} in project ${a.project ?? "default"} on ${cluster.connection.label}`);
    return undefined;
  }
  const target =
    a.target ??
    (await pickFrom(
      `Move ${inst.name} (on ${inst.location}) to`,
      cluster.members.filter((m) => m.name !== inst.location).map((m) => ({ label: m.name, description: `${m.status} · ${m.instances} instances`, value: m.name })),
    ));
  if (!target) return undefined;

  const command = commandFor({ kind: "move", instance: inst.name, project: inst.project, target });
  let prediction: string;
  let predictedFailure = false;
  try {
    const report = await simulateReport(s.languageClient, { connection: cluster.connection.key, command, scriptlet: { configured: true } });
    const whatIf = describeWhatIf(report.result);
    predictedFailure = whatIf.failures.length > 0;
    prediction = predictedFailure ? `The simulator predicts Incus will refuse:\n${whatIf.failures.join("\n")}` : `The simulator agrees: ${whatIf.moves.join(", ")} (${report.file}).`;
  } catch (e) {
    prediction = `The what-if simulation failed: ${errorMessage(e)}`;
  }
  const button = predictedFailure ? "Move anyway" : "Move";
  const running = inst.status === "Running";
  const detail = `${prediction}\n\n${running ? (inst.type === "virtual-machine" ? "The VM is running: Incus live-migrates it if it can." : "The container is running: Incus may refuse to move it until it is stopped.") : ""}`;
  const confirm = await vscode.window.showWarningMessage(`Move instance ${inst.name} from ${inst.location} to ${target} on ${cluster.connection.label}?`, { modal: true, detail }, button);
  if (confirm !== button) return undefined;
  return runOperation(s.languageClient, s.log, `Move ${inst.name} to ${target}`, {
    connection: cluster.connection.key,
    method: "POST",
    path: withProject(`/1.0/instances/${encodeURIComponent(inst.name)}?target=${encodeURIComponent(target)}`, inst.project),
    body: { name: inst.name, migration: true, live: running && inst.type === "virtual-machine" },
  });
}
