// Evacuate and restore a member of a live cluster. Before evacuating, the simulator runs the
// cluster's own placement scriptlet on a fresh capture, and the confirmation names every
// instance and where it would go.
import * as vscode from "vscode";
import { isLive } from "../clusters/connection-spec";
import { IncusRest } from "../incus/rest";
import { configuredScriptlet, simulateOn } from "../placement/local-simulation";
import { commandFor } from "../placement/command-line";
import { describeWhatIf, listLines } from "../placement/what-if";
import type { Services } from "../services";
import { errorMessage } from "../util/errors";
import { runOperation, type OperationOutcome } from "./operation-progress";
import { clusterOf, isNode, pickFrom } from "./targets";

interface MemberArg {
  member?: string;
  remote?: string;
}

export function registerMemberCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand("incus.evacuateMember", (arg?: unknown) => changeMemberState(s, arg, "evacuate")),
    vscode.commands.registerCommand("incus.restoreMember", (arg?: unknown) => changeMemberState(s, arg, "restore")),
    vscode.commands.registerCommand("incus.simulateEvacuation", (arg?: unknown) => simulateEvacuation(s, arg)),
  ];
}

async function memberName(s: Services, arg: unknown, title: string, forceReload: boolean) {
  const cluster = await clusterOf(s.registry, arg, forceReload);
  let member = isNode(arg) && arg.ref.kind === "member" ? arg.ref.member : (arg as MemberArg | undefined)?.member;
  member ??= await pickFrom(
    title,
    cluster.model.members.map((m) => ({ label: m.server_name, description: `${m.status} · ${cluster.model.instanceCount({ member: m.server_name })} instances`, value: m.server_name })),
  );
  return { cluster, member };
}

/** What-if only, on any cluster (snapshots too): the cluster's configured scriptlet, evacuation of a member. */
async function simulateEvacuation(s: Services, arg: unknown) {
  try {
    const { cluster, member } = await memberName(s, arg, "Simulate evacuating which member?", false);
    if (!member) return undefined;
    const { src, configured } = configuredScriptlet(cluster.snapshot);
    const result = await simulateOn(cluster.snapshot, src, commandFor({ kind: "evacuate", member }));
    s.panel.show(
      {
        result,
        file: configured ? `instances.placement.scriptlet of ${cluster.label}` : "(no placement scriptlet configured: Incus's default)",
        cluster: cluster.label,
        incusVersion: cluster.model.serverVersion,
        command: commandFor({ kind: "evacuate", member }),
        via: "extension-host",
        ranAt: new Date(),
      },
      true,
    );
    return result;
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: simulating the evacuation failed: ${errorMessage(e)}`);
    return undefined;
  }
}

async function changeMemberState(s: Services, arg: unknown, action: "evacuate" | "restore"): Promise<OperationOutcome | undefined> {
  const verb = action === "evacuate" ? "Evacuate" : "Restore";
  let cluster, member;
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
  if (!isLive(cluster.spec) || !cluster.target) {
    void vscode.window.showErrorMessage(`${verb} ${member}: ${cluster.label} is a snapshot, not a live server. Use "Simulate evacuation" for a what-if.`);
    return undefined;
  }
  const remote = cluster.spec.name;
  let detail: string;
  if (action === "evacuate") {
    const { src, configured } = configuredScriptlet(cluster.snapshot);
    let whatIf;
    try {
      const result = await simulateOn(cluster.snapshot, src, commandFor({ kind: "evacuate", member }));
      whatIf = describeWhatIf(result, member);
    } catch (e) {
      void vscode.window.showErrorMessage(`${verb} ${member}: the what-if simulation failed: ${errorMessage(e)}`);
      return undefined;
    }
    const n = whatIf.moves.length + whatIf.failures.length;
    detail = [
      n === 0 ? "No instance runs there." : `Predicted by the simulator (${configured ? "the cluster's placement scriptlet" : "no placement scriptlet: Incus's default"}) for ${n} instance(s):`,
      listLines(whatIf.moves),
      whatIf.failures.length ? `\nThe simulator predicts failures; Incus stops at the first:\n${listLines(whatIf.failures, 5)}` : "",
    ].filter(Boolean).join("\n");
  } else {
    const back = cluster.model.instances.filter((i) => i.config["volatile.evacuate.origin"] === member).map((i) => `${i.name} (on ${i.location})`);
    detail = back.length ? `These instances were evacuated from ${member} and will move back:\n${listLines(back)}` : `No instance records ${member} as its origin; stopped instances on it are started again.`;
  }
  const confirm = await vscode.window.showWarningMessage(`${verb} cluster member ${member} on ${remote}?`, { modal: true, detail }, verb);
  if (confirm !== verb) return undefined;
  const rest = new IncusRest(cluster.target, 60_000);
  const outcome = await runOperation(rest, s.log, `${verb} ${member} on ${remote}`, () =>
    rest.post(`/1.0/cluster/members/${encodeURIComponent(member)}/state`, { action }),
  );
  s.registry.refresh(cluster.spec.kind === "remote" ? `remote:${remote}` : undefined);
  return outcome;
}
