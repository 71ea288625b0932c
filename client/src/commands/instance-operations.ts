// Everyday instance operations on live clusters, run by the server as Incus operations under
// a cancellable progress notification: start, stop (or force-stop), restart, freeze/unfreeze,
// delete (asks first, naming the instance), rename, copy, snapshot create/restore. And on any
// cluster, snapshots and the sample included, the what-if of moving an instance.
import * as vscode from "vscode";
import { commandFor } from "../placement/command-line";
import { simulateReport } from "../placement/placement-runner";
import type { Services } from "../services";
import { errorMessage } from "../util/errors";
import { withProject } from "../util/api-path";
import { runOperation, type OperationOutcome } from "./operation-progress";
import { isNode, pickFrom, summaryOf } from "./targets";
import { Requests, type ApiCallParams, type SimulationResult } from "../../../server/src/lsp/protocol";

/** The instance a command acts on: a tree row, or `{remote, instance, project}`. */
interface InstanceRef {
  connection: string;
  name: string;
  project: string;
  location?: string;
}

type StateAction = "start" | "stop" | "restart" | "freeze" | "unfreeze";

export function registerInstanceOperations(s: Services): vscode.Disposable[] {
  const state = (action: StateAction, force = false) => (arg?: unknown) => changeState(s, arg, action, force);
  return [
    vscode.commands.registerCommand("incus.startInstance", state("start")),
    vscode.commands.registerCommand("incus.stopInstance", state("stop")),
    vscode.commands.registerCommand("incus.forceStopInstance", state("stop", true)),
    vscode.commands.registerCommand("incus.restartInstance", state("restart")),
    vscode.commands.registerCommand("incus.freezeInstance", state("freeze")),
    vscode.commands.registerCommand("incus.unfreezeInstance", state("unfreeze")),
    vscode.commands.registerCommand("incus.deleteInstance", (arg?: unknown) => deleteInstance(s, arg)),
    vscode.commands.registerCommand("incus.renameInstance", (arg?: unknown & { newName?: string }) => renameInstance(s, arg)),
    vscode.commands.registerCommand("incus.copyInstance", (arg?: unknown & { newName?: string; target?: string }) => copyInstance(s, arg)),
    vscode.commands.registerCommand("incus.createInstanceSnapshot", (arg?: unknown & { snapshot?: string }) => createSnapshot(s, arg)),
    vscode.commands.registerCommand("incus.restoreInstanceSnapshot", (arg?: unknown & { snapshot?: string }) => restoreSnapshot(s, arg)),
    vscode.commands.registerCommand("incus.simulateMove", (arg?: unknown & { target?: string }) => simulateMove(s, arg)),
  ];
}

async function instanceOf(s: Services, arg: unknown, title: string, liveOnly = true): Promise<InstanceRef | undefined> {
  let ref: InstanceRef | undefined;
  if (isNode(arg) && arg.ref.kind === "instance") ref = { connection: arg.ref.connection, name: arg.ref.instance, project: arg.ref.project, location: arg.ref.location };
  else if (typeof arg === "object" && arg !== null && typeof (arg as { instance?: unknown }).instance === "string") {
    const a = arg as { remote?: string; connection?: string; instance: string; project?: string };
    ref = { connection: a.connection ?? (a.remote ? `remote:${a.remote}` : ""), name: a.instance, project: a.project ?? "default" };
  }
  if (!ref?.connection) {
    let cluster;
    try {
      cluster = await summaryOf(s.registry, ref?.connection ? { connection: ref.connection } : undefined);
    } catch (e) {
      void vscode.window.showErrorMessage(`${title}: ${errorMessage(e)}`);
      return undefined;
    }
    const picked = ref ?? (await pickFrom(`${title}: which instance?`, cluster.instances.map((i) => ({ label: i.name, description: `${i.project} · on ${i.location} · ${i.status}`, value: { name: i.name, project: i.project, location: i.location } }))));
    if (!picked) return undefined;
    ref = { connection: cluster.connection.key, ...picked };
  }
  if (liveOnly && !ref.connection.startsWith("remote:")) {
    const entry = await s.registry.entry(ref.connection);
    void vscode.window.showErrorMessage(`${title}: ${entry?.label ?? ref.connection} is a ${entry?.kind === "sample" ? "bundled sample" : "snapshot file"}, not a live server. Its instances can only be simulated (Simulate Move).`);
    return undefined;
  }
  return ref;
}

const instancePath = (i: InstanceRef, suffix = "") => withProject(`/1.0/instances/${encodeURIComponent(i.name)}${suffix}`, i.project);
const remoteName = (i: InstanceRef) => i.connection.replace(/^remote:/, "");

function operate(s: Services, title: string, call: Omit<ApiCallParams, "wait">): Promise<OperationOutcome> {
  return runOperation(s.languageClient, s.log, title, call);
}

async function changeState(s: Services, arg: unknown, action: StateAction, force: boolean): Promise<OperationOutcome | undefined> {
  const verb = force ? "Force-stop" : action[0].toUpperCase() + action.slice(1);
  const i = await instanceOf(s, arg, `${verb} instance`);
  if (!i) return undefined;
  return operate(s, `${verb} ${i.name} on ${remoteName(i)}`, {
    connection: i.connection,
    method: "PUT",
    path: instancePath(i, "/state"),
    body: { action, timeout: action === "stop" || action === "restart" ? 30 : -1, force, stateful: false },
  });
}

async function deleteInstance(s: Services, arg: unknown): Promise<OperationOutcome | undefined> {
  const i = await instanceOf(s, arg, "Delete instance");
  if (!i) return undefined;
  const project = i.project !== "default" ? ` (project ${i.project})` : "";
  const confirm = await vscode.window.showWarningMessage(
    `Delete instance ${i.name}${project} on ${remoteName(i)}?`,
    { modal: true, detail: "Its root disk and snapshots are deleted with it. This cannot be undone. Incus refuses to delete a running instance: stop it first." },
    `Delete ${i.name}`,
  );
  if (confirm !== `Delete ${i.name}`) return undefined;
  return operate(s, `Delete ${i.name} on ${remoteName(i)}`, { connection: i.connection, method: "DELETE", path: instancePath(i) });
}

const NAME_RULE = (t: string) => (/^[A-Za-z][A-Za-z0-9-]{0,62}$/.test(t) && !t.endsWith("-") ? undefined : "Letters, digits and -, starting with a letter (at most 63)");

async function renameInstance(s: Services, arg: (unknown & { newName?: string }) | undefined): Promise<OperationOutcome | undefined> {
  const i = await instanceOf(s, arg, "Rename instance");
  if (!i) return undefined;
  const name = (arg as { newName?: string } | undefined)?.newName ?? (await vscode.window.showInputBox({ title: `Rename ${i.name}`, value: i.name, validateInput: NAME_RULE }));
  if (!name || name === i.name) return undefined;
  return operate(s, `Rename ${i.name} to ${name}`, { connection: i.connection, method: "POST", path: instancePath(i), body: { name } });
}

async function copyInstance(s: Services, arg: (unknown & { newName?: string; target?: string }) | undefined): Promise<OperationOutcome | undefined> {
  const i = await instanceOf(s, arg, "Copy instance");
  if (!i) return undefined;
  const a = (arg ?? {}) as { newName?: string; target?: string };
  const name = a.newName ?? (await vscode.window.showInputBox({ title: `Copy ${i.name}: name of the copy`, value: `${i.name}-copy`, validateInput: NAME_RULE }));
  if (!name) return undefined;
  const target = a.target ? `?target=${encodeURIComponent(a.target)}` : "";
  // Like `incus copy`: the new instance gets the source's architecture, type, profiles, config
  // (without volatile keys) and devices; Incus copies the disk.
  const source = await s.languageClient.request(Requests.apiCall, { connection: i.connection, method: "GET", path: instancePath(i) });
  if (!source.ok) {
    void vscode.window.showErrorMessage(`Copy ${i.name}: reading it failed: ${source.error}`);
    return "failed";
  }
  const inst = source.metadata as { architecture: string; type: string; profiles: string[]; config: Record<string, string>; devices: Record<string, unknown> };
  const config = Object.fromEntries(Object.entries(inst.config ?? {}).filter(([k]) => !k.startsWith("volatile.")));
  return operate(s, `Copy ${i.name} to ${name}`, {
    connection: i.connection,
    method: "POST",
    path: withProject(`/1.0/instances${target}`, i.project),
    body: { name, architecture: inst.architecture, type: inst.type, profiles: inst.profiles, config, devices: inst.devices, ephemeral: false, source: { type: "copy", source: i.name, instance_only: false } },
  });
}

async function createSnapshot(s: Services, arg: (unknown & { snapshot?: string }) | undefined): Promise<OperationOutcome | undefined> {
  const i = await instanceOf(s, arg, "Snapshot instance");
  if (!i) return undefined;
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
  const snapshot = (arg as { snapshot?: string } | undefined)?.snapshot ?? (await vscode.window.showInputBox({ title: `Snapshot ${i.name}: name`, value: `snap-${stamp}` }));
  if (!snapshot) return undefined;
  return operate(s, `Snapshot ${i.name} as ${snapshot}`, { connection: i.connection, method: "POST", path: instancePath(i, "/snapshots"), body: { name: snapshot, stateful: false } });
}

async function restoreSnapshot(s: Services, arg: (unknown & { snapshot?: string }) | undefined): Promise<OperationOutcome | undefined> {
  const i = await instanceOf(s, arg, "Restore snapshot");
  if (!i) return undefined;
  let snapshot = (arg as { snapshot?: string } | undefined)?.snapshot;
  if (!snapshot) {
    const list = await s.languageClient.request(Requests.apiCall, { connection: i.connection, method: "GET", path: instancePath(i, "/snapshots") });
    if (!list.ok) {
      void vscode.window.showErrorMessage(`Restore snapshot: listing the snapshots of ${i.name} failed: ${list.error}`);
      return undefined;
    }
    const names = (list.metadata as string[]).map((u) => decodeURIComponent(u.split("/").pop()!.split("?")[0]));
    if (names.length === 0) {
      void vscode.window.showInformationMessage(`${i.name} has no snapshots.`);
      return undefined;
    }
    snapshot = await pickFrom(`Restore ${i.name} to which snapshot?`, names.map((n) => ({ label: n, value: n })));
    if (!snapshot) return undefined;
  }
  const confirm = await vscode.window.showWarningMessage(`Restore ${i.name} to snapshot ${snapshot}?`, { modal: true, detail: "The instance's current state is replaced by the snapshot's." }, "Restore");
  if (confirm !== "Restore") return undefined;
  return operate(s, `Restore ${i.name} to ${snapshot}`, { connection: i.connection, method: "PUT", path: instancePath(i), body: { restore: snapshot } });
}

/** On any cluster: what the cluster's placement scriptlet says about moving an instance to a member. */
async function simulateMove(s: Services, arg: (unknown & { target?: string }) | undefined): Promise<SimulationResult | undefined> {
  const i = await instanceOf(s, arg, "Simulate move", false);
  if (!i) return undefined;
  try {
    const cluster = await summaryOf(s.registry, { connection: i.connection });
    const location = i.location ?? cluster.instances.find((x) => x.name === i.name && x.project === i.project)?.location;
    const target =
      (arg as { target?: string } | undefined)?.target ??
      (await pickFrom(`Simulate moving ${i.name} (on ${location}) to`, cluster.members.filter((m) => m.name !== location).map((m) => ({ label: m.name, description: `${m.status} · ${m.instances} instances`, value: m.name }))));
    if (!target) return undefined;
    const report = await simulateReport(s.languageClient, { connection: i.connection, command: commandFor({ kind: "move", instance: i.name, project: i.project, target }), scriptlet: { configured: true } });
    s.panel.show(report, true);
    return report.result;
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: simulating the move failed: ${errorMessage(e)}`);
    return undefined;
  }
}
