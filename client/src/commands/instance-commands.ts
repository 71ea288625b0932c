// Move an instance of a live cluster to another member. The simulator runs the cluster's
// placement scriptlet on the move first; the confirmation says what it predicts.
import * as vscode from "vscode";
import { isLive } from "../clusters/connection-spec";
import { IncusRest, withProject } from "../incus/rest";
import { commandFor } from "../placement/command-line";
import { configuredScriptlet, simulateOn } from "../placement/local-simulation";
import { describeWhatIf } from "../placement/what-if";
import type { Services } from "../services";
import { errorMessage } from "../util/errors";
import { runOperation, type OperationOutcome } from "./operation-progress";
import { clusterOf, isNode, pickFrom } from "./targets";

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
  let cluster;
  try {
    cluster = await clusterOf(s.registry, arg, true);
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: ${errorMessage(e)}`);
    return undefined;
  }
  if (!isLive(cluster.spec) || !cluster.target) {
    void vscode.window.showErrorMessage(`Move instance: ${cluster.label} is a snapshot, not a live server. Use "Run as…" on a placement scriptlet for a what-if.`);
    return undefined;
  }
  const a: MoveArg = isNode(arg) && arg.ref.kind === "instance" ? { project: arg.ref.project, instance: arg.ref.instance } : ((arg as MoveArg | undefined) ?? {});
  const model = cluster.model;
  const inst = a.instance
    ? model.instance(a.project ?? "default", a.instance)
    : await pickFrom("Move which instance?", [...model.instances].map((i) => ({ label: i.name, description: `${i.project} · on ${i.location} · ${i.status}`, value: i })));
  if (!inst) {
    if (a.instance) void vscode.window.showErrorMessage(`Move instance: no instance ${a.instance} in project ${a.project ?? "default"} on ${cluster.label}`);
    return undefined;
  }
  const target =
    a.target ??
    (await pickFrom(
      `Move ${inst.name} (on ${inst.location}) to`,
      model.members.filter((m) => m.server_name !== inst.location).map((m) => ({ label: m.server_name, description: `${m.status} · ${model.instanceCount({ member: m.server_name })} instances`, value: m.server_name })),
    ));
  if (!target) return undefined;

  const command = commandFor({ kind: "move", instance: inst.name, project: inst.project, target });
  const { src, configured } = configuredScriptlet(cluster.snapshot);
  let prediction: string;
  let predictedFailure = false;
  try {
    const whatIf = describeWhatIf(await simulateOn(cluster.snapshot, src, command));
    predictedFailure = whatIf.failures.length > 0;
    prediction = predictedFailure ? `The simulator predicts Incus will refuse:\n${whatIf.failures.join("\n")}` : `The simulator agrees: ${whatIf.moves.join(", ")}${configured ? " (the cluster's placement scriptlet runs to validate the target)" : ""}.`;
  } catch (e) {
    prediction = `The what-if simulation failed: ${errorMessage(e)}`;
  }
  const button = predictedFailure ? "Move anyway" : "Move";
  const running = inst.status === "Running";
  const detail = `${prediction}\n\n${running ? (inst.type === "virtual-machine" ? "The VM is running: Incus live-migrates it if it can." : "The container is running: Incus may refuse to move it until it is stopped.") : ""}`;
  const confirm = await vscode.window.showWarningMessage(`Move instance ${inst.name} from ${inst.location} to ${target} on ${cluster.spec.name}?`, { modal: true, detail }, button);
  if (confirm !== button) return undefined;
  const rest = new IncusRest(cluster.target, 60_000);
  const path = withProject(`/1.0/instances/${encodeURIComponent(inst.name)}?target=${encodeURIComponent(target)}`, inst.project);
  const outcome = await runOperation(rest, s.log, `Move ${inst.name} to ${target}`, () =>
    rest.post(path, { name: inst.name, migration: true, live: running && inst.type === "virtual-machine" }),
  );
  s.registry.refresh(`remote:${cluster.spec.name}`);
  return outcome;
}
