// Member state changes: `incus cluster evacuate` and `incus cluster restore`, instance by
// instance as Incus's api_cluster_evacuation.go does them.
import { EvacuationCandidates } from "./evacuation-candidates";
import type { ApiInstance, ApiMember, PlacementCluster } from "./cluster";
import type { EvacuateOperation, RestoreOperation } from "./command";
import { evacuationAction, pinningDevice } from "./evacuation";
import { deriveInstanceIndex, relocateInstance } from "./instance-index";
import { evacuationRequest, relocationRequest, type PlacementRequest } from "./request";
import type { MemberStateChange, Placement, SimulationResult } from "./result";
import { checkOnMember } from "./post-placement";
import { applyPostCheck, chooseDefault, emptyPlacement, failEarly, FAILED, fillCandidates, lazyPlacement, others, runScriptlet, type SimContext } from "./steps";
import { PlacementError } from "./candidates";

/** The actions `--action` accepts (the validator of the instance key cluster.evacuate, the
 *  same list in 6.0.4 and 7.3.0: internal/instance/config.go). */
export const EVACUATE_ACTIONS = ["auto", "migrate", "live-migrate", "stop", "stateful-stop", "force-stop"];

/** The member's status as the snapshot recorded it (Online when the API gave none). */
function statusOf(m: ApiMember): string {
  return m.status ?? "Online";
}

/** Fails the whole command before any instance is touched (the state POST or the state change). */
function failCommand(reason: "evacuation" | "relocation", member: ApiMember | undefined, name: string, message: string): SimulationResult {
  const p = failEarly(emptyPlacement("", "", reason), message);
  const status = member ? statusOf(member) : "";
  return { placements: [p], member: member ? { name, before: status, after: status } : undefined };
}

/** The state POST is forwarded to the member itself (clusterNodeStatePost), and forwarding
 *  waits for the member's event listener (internal/server/cluster/events.go
 *  EventListenerWait): for an offline member that is "Server isn't ready yet" (seen on 6.0.4
 *  with the member's daemon stopped). */
function offlineError(member: ApiMember): string | undefined {
  if (statusOf(member) !== "Offline") return undefined;
  return "Failed to update cluster member state: Server isn't ready yet";
}

/** Checks Incus makes when the member's state changes (evacuateClusterSetState). */
function stateChangeError(member: ApiMember, to: "Evacuated" | "Online"): string | undefined {
  const status = statusOf(member);
  if (status === "Pending") return "Cannot evacuate or restore a pending cluster member";
  const evacuated = status === "Evacuated";
  if (to === "Evacuated" && evacuated) return "Cluster member is already evacuated";
  if (to === "Online" && !evacuated) return "Cluster member is already restored";
  return undefined;
}

export function simulateEvacuate(ctx: SimContext, op: EvacuateOperation): SimulationResult {
  const { cluster } = ctx;
  const source = cluster.members.find((m) => m.server_name === op.member);
  // The client's POST /1.0/cluster/members/NAME/state is refused before anything happens.
  if (!source) return failCommand("evacuation", undefined, op.member, "Failed to update cluster member state: Cluster member not found");
  if (op.action !== undefined && op.action !== "" && !EVACUATE_ACTIONS.includes(op.action)) {
    return failCommand("evacuation", source, op.member,
      `Failed to update cluster member state: Invalid value "${op.action}" (not one of [${EVACUATE_ACTIONS.join(" ")}])`);
  }
  const refused = offlineError(source) ?? stateChangeError(source, "Evacuated");
  if (refused) return failCommand("evacuation", source, op.member, refused);
  const state: MemberStateChange = { name: op.member, before: statusOf(source), after: "Evacuated" };
  // The member is marked evacuated before its instances move; instances then move one at a
  // time, each placement seeing the counts left by the previous ones.
  // Working copies: an instance that moves is updated in place, and so is the instance index
  // (rebuilding the index of a 100,000-instance cluster per moved instance was the hot path).
  // Only the member's own instances move: they are copied, the others shared, and the index
  // is derived from the cluster's (copying its lists) rather than rebuilt.
  const replaced = new Map<ApiInstance, ApiInstance>();
  const instances = cluster.instances.map((i) => {
    if (i.location !== op.member) return i;
    const copy = { ...i };
    replaced.set(i, copy);
    return copy;
  });
  deriveInstanceIndex(cluster, instances, replaced);
  const members = cluster.members.map((m) => (m === source ? { ...m, status: "Evacuated" } : m));
  const placements: Placement[] = [];
  const working: PlacementCluster = { ...cluster, members, instances };
  const candidateSets = new EvacuationCandidates(working);
  // The chosen member by name (the first of a name, as a find over the members gives).
  const memberNamed = new Map<string, ApiMember>();
  for (const m of members) if (!memberNamed.has(m.server_name)) memberNamed.set(m.server_name, m);
  for (const inst of instances.filter((i) => i.location === op.member)) {
    const p = lazyPlacement(inst.name, inst.project ?? "default", "evacuation");
    const action = evacuationAction(working, inst, op.action, ctx.version);
    if (action !== "migrate" && action !== "live-migrate") {
      const pin = (inst.expanded_config ?? inst.config ?? {})["cluster.evacuate"] ?? "auto";
      const device = (!op.action || op.action === "auto") && pin === "auto" ? pinningDevice(working, inst, ctx.version) : undefined;
      const because = device ? ` (device "${device.device}" is ${device.why}, which cannot migrate)` : "";
      p.notes.push(`cluster.evacuate resolves to "${action}"${because}: the instance is stopped and stays on ${op.member}; no placement`);
      p.target = op.member;
      p.chosenBy = "none";
      placements.push(p);
      continue;
    }
    const group = inst.config?.["volatile.cluster.group"] ?? "";
    const set = candidateSets.get(`${inst.architecture || ""}\u0000${group}`, {
      architectures: inst.architecture ? [inst.architecture] : undefined,
      prefilter: (m) => (group && !(m.groups ?? []).includes(group) ? `not in the instance's cluster group ${group} (volatile.cluster.group)` : undefined),
    });
    fillCandidates(p, set);
    // The evacuation runs on the evacuated member's daemon: that is the scriptlet's local member.
    // (One request for the run and the check after it: neither changes it.)
    const request = evacuationRequest(inst);
    const chosen = runScriptlet({ ...ctx, cluster: working, localMember: op.member }, p, request, set.candidates, set.membership, set.edit);
    if (chosen === "failed") {
      if (!p.stoppedBy) p.incusMessage = `Failed to evacuate instances: Failed instance placement scriptlet for instance "${inst.name}" in project "${inst.project ?? "default"}": ${p.error}`;
      placements.push(p);
      // Incus stops the evacuation at the first failure and puts the member back (its reverter).
      state.after = state.before;
      return { placements, member: state };
    }
    if (chosen) {
      p.target = chosen.server_name;
      p.chosenBy = "scriptlet";
    } else {
      // (The set's counts, as p.counts has them, without making p.counts.)
      chooseDefault(p, set.candidates, (name) => set.counts.get(name) ?? 0);
      if (!p.target) {
        p.error = null;
        p.incusMessage = null;
        p.notes.push("No member can take the instance; Incus leaves it where it is");
      }
    }
    if (p.target) {
      const member = memberNamed.get(p.target)!;
      applyPostCheck(p, checkOnMember(working, member, request, "migration"));
      if (p.error) {
        // (api_cluster.go's migrate callback wraps the migration's error.)
        p.incusMessage = `Failed to evacuate instances: Failed to migrate instance "${inst.name}" in project "${inst.project ?? "default"}": ${p.error}`;
        p.notes.push("the evacuation stops at this instance and the member goes back online (Incus's reverter)");
        placements.push(p);
        state.after = state.before;
        return { placements, member: state };
      }
    }
    placements.push(p);
    if (p.target) {
      candidateSets.moved(inst.location ?? "", p.target);
      relocateInstance(working, inst, p.target);
    }
  }
  return { placements, member: state };
}

/**
 * `incus cluster restore MEMBER` (restoreClusterMember, 6.0.4): the member is set back to
 * created, its own instances that were running are started again, then every instance whose
 * volatile.evacuate.origin names it is moved back, one at a time, through the instance POST
 * of the member it lives on — a relocation whose only candidate is MEMBER, the scriptlet
 * running on that member. A failure does not stop the others (an errgroup without a
 * context); the first error is the command's, and the member goes back to EVACUATED.
 */
export function simulateRestore(ctx: SimContext, op: RestoreOperation): SimulationResult {
  const { cluster } = ctx;
  const origin = cluster.members.find((m) => m.server_name === op.member);
  if (!origin) return failCommand("relocation", undefined, op.member, "Failed to update cluster member state: Cluster member not found");
  const refused = offlineError(origin) ?? stateChangeError(origin, "Online");
  if (refused) return failCommand("relocation", origin, op.member, refused);
  const state: MemberStateChange = { name: op.member, before: statusOf(origin), after: "Online" };
  const members = cluster.members.map((m) => (m === origin ? { ...m, status: "Online" } : m));
  const working: PlacementCluster = { ...cluster, members };
  const restored = members.find((m) => m.server_name === op.member)!;
  const placements: Placement[] = [];
  for (const inst of cluster.instances) {
    if (inst.location === op.member) {
      if (inst.config?.["volatile.last_state.power"] !== "RUNNING") continue;
      const p = emptyPlacement(inst.name, inst.project ?? "default", "relocation");
      p.target = op.member;
      p.notes.push(`stayed on ${op.member} during the evacuation (stopped); Incus starts it again (volatile.last_state.power=RUNNING); no placement`);
      placements.push(p);
      continue;
    }
    if (inst.config?.["volatile.evacuate.origin"] !== op.member) continue;
    placements.push(restoreOne(ctx, working, restored, inst));
  }
  if (placements.some((p) => p.error)) state.after = state.before;
  return { placements, member: state };
}

function restoreOne(ctx: SimContext, working: PlacementCluster, origin: ApiMember, inst: ApiInstance): Placement {
  const project = inst.project ?? "default";
  const p = emptyPlacement(inst.name, project, "relocation");
  const wrap = (text: string) => `Failed to restore instances: Migration API failure: ${text}`;
  let request: PlacementRequest;
  try {
    request = relocationRequest(working, inst, project);
  } catch (e) {
    if (!(e instanceof PlacementError)) throw e;
    p.error = e.message;
    p.incusMessage = wrap(e.message);
    return p;
  }
  p.candidates = [origin.server_name];
  p.counts = { [origin.server_name]: working.instances.filter((i) => i.location === origin.server_name).length };
  p.excluded = others(working, origin, `not ${origin.server_name}: a restore moves the instance back to its origin (volatile.evacuate.origin)`);
  const location = inst.location ?? ctx.localMember;
  const chosen = runScriptlet({ ...ctx, cluster: working, localMember: location }, p, request, [origin]);
  if (chosen === "failed") {
    if (!p.stoppedBy) p.incusMessage = wrap(FAILED + p.error);
    return p;
  }
  p.target = origin.server_name;
  p.chosenBy = "target-flag";
  applyPostCheck(p, checkOnMember(working, origin, request, "migration"));
  if (p.error) {
    p.incusMessage = wrap(p.error);
    return p;
  }
  p.notes.push(`moves back from ${location} to ${origin.server_name}, its volatile.evacuate.origin`);
  return p;
}
