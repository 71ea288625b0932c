// Evacuate and restore a member of a live cluster. Before evacuating, the server simulates the
// cluster's own placement scriptlet on a fresh capture, and the confirmation names every
// instance and where it would go. Simulating an evacuation works on any cluster.
import * as vscode from "vscode";
import { commandFor } from "../placement/command-line";
import { simulateReport } from "../placement/placement-runner";
import { describeWhatIf, listLines } from "../placement/what-if";
import type { Services } from "../services";
import { errorMessage } from "../util/errors";
import { runOperation, type OperationOutcome } from "./operation-progress";
import { connectionOf, isNode, pickFrom, summaryOf } from "./targets";
import type { ClusterSummary, SimulationResult } from "../../../server/src/lsp/protocol";

interface MemberArg {
  member?: string;
  remote?: string;
}

export function registerMemberCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand("incus.evacuateMember", (arg?: unknown) => changeMemberState(s, arg, "evacuate")),
    vscode.commands.registerCommand("incus.restoreMember", (arg?: unknown) => changeMemberState(s, arg, "restore")),
    vscode.commands.registerCommand("incus.simulateEvacuation", (arg?: unknown) => simulateEvacuation(s, arg)),
    vscode.commands.registerCommand("incus.simulateRestore", (arg?: unknown) => simulateRestore(s, arg)),
  ];
}

async function memberName(s: Services, arg: unknown, title: string, force: boolean): Promise<{ cluster: ClusterSummary; member: string | undefined }> {
  const cluster = await summaryOf(s.registry, arg, force);
  let member = isNode(arg) && arg.ref.kind === "member" ? arg.ref.member : (arg as MemberArg | undefined)?.member;
  member ??= await pickFrom(title, cluster.members.map((m) => ({ label: m.name, description: `${m.status} · ${m.instances} instances`, value: m.name })));
  return { cluster, member };
}

/** What-if only, on any cluster (snapshots too): the cluster's configured scriptlet, evacuation of a member. */
async function simulateEvacuation(s: Services, arg: unknown): Promise<SimulationResult | undefined> {
  try {
    const { cluster, member } = await memberName(s, arg, "Simulate evacuating which member?", false);
    if (!member) return undefined;
    const report = await simulateReport(s.languageClient, { connection: cluster.connection.key, command: commandFor({ kind: "evacuate", member }), scriptlet: { configured: true } });
    s.panel.show(report, true);
    return report.result;
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: simulating the evacuation failed: ${errorMessage(e)}`);
    return undefined;
  }
}

/** What-if only, on any cluster: restoring an evacuated member (which instances come back, and where). */
async function simulateRestore(s: Services, arg: unknown): Promise<SimulationResult | undefined> {
  try {
    const { cluster, member } = await memberName(s, arg, "Simulate restoring which member?", false);
    if (!member) return undefined;
    const report = await simulateReport(s.languageClient, { connection: cluster.connection.key, command: ["cluster", "restore", member], scriptlet: { configured: true } });
    s.panel.show(report, true);
    return report.result;
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: simulating the restore failed: ${errorMessage(e)}`);
    return undefined;
  }
}

async function changeMemberState(s: Services, arg: unknown, action: "evacuate" | "restore"): Promise<OperationOutcome | undefined> {
  const verb = action === "evacuate" ? "Evacuate" : "Restore";
  const key = connectionOf(arg);
  const entry = key ? await s.registry.entry(key) : await s.registry.activeEntry();
  if (entry && !entry.live) {
    void vscode.window.showErrorMessage(`${verb}: ${entry.label} is a snapshot, not a live server. Use "Simulate evacuation" for a what-if.`);
    return undefined;
  }
  let cluster: ClusterSummary;
  let member: string | undefined;
  try {
    // A fresh capture: the confirmation must describe the cluster as it is now.
    ({ cluster, member } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${verb}: reading the cluster…` }, () =>
      memberName(s, arg, `${verb} which member?`, true),
    ));
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: ${errorMessage(e)}`);
    return undefined;
  }
  if (!member) return undefined;
  if (!cluster.connection.live) {
    void vscode.window.showErrorMessage(`${verb} ${member}: ${cluster.connection.label} is a snapshot, not a live server. Use "Simulate evacuation" for a what-if.`);
    return undefined;
  }
  const remote = cluster.connection.label;
  let detail: string;
  if (action === "evacuate") {
    let whatIf;
    let scriptlet: string;
    try {
      const report = await simulateReport(s.languageClient, { connection: cluster.connection.key, command: commandFor({ kind: "evacuate", member }), scriptlet: { configured: true } });
      whatIf = describeWhatIf(report.result, member);
      scriptlet = report.file;
    } catch (e) {
      void vscode.window.showErrorMessage(`${verb} ${member}: the what-if simulation failed: ${errorMessage(e)}`);
      return undefined;
    }
    const n = whatIf.moves.length + whatIf.failures.length;
    // (the server words "no scriptlet" in parentheses already)
    const which = scriptlet.startsWith("(") ? scriptlet : `(${scriptlet})`;
    detail = [
      n === 0 ? "No instance runs there." : `Predicted by the simulator ${which} for ${n} instance(s):`,
      listLines(whatIf.moves),
      whatIf.failures.length ? `\nThe simulator predicts failures; Incus stops at the first:\n${listLines(whatIf.failures, 5)}` : "",
    ].filter(Boolean).join("\n");
  } else {
    const back = cluster.instances.filter((i) => i.evacuatedFrom === member).map((i) => `${i.name} (on ${i.location})`);
    detail = back.length ? `These instances were evacuated from ${member} and will move back:\n${listLines(back)}` : `No instance records ${member} as its origin; stopped instances on it are started again.`;
  }
  const confirm = await vscode.window.showWarningMessage(`${verb} cluster member ${member} on ${remote}?`, { modal: true, detail }, verb);
  if (confirm !== verb) return undefined;
  return runOperation(s.languageClient, s.log, `${verb} ${member} on ${remote}`, {
    connection: cluster.connection.key,
    method: "POST",
    path: `/1.0/cluster/members/${encodeURIComponent(member)}/state`,
    body: { action },
  });
}
