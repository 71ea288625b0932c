// The placement simulator: given a cluster, a placement scriptlet and an incus command,
// predict what Incus would do — candidates, the scriptlet's log lines, the member chosen or
// the error — call by call, following Incus's own request paths (instances POST, instance
// POST for moves, cluster member evacuation and restore).
import { candidateMembers, PlacementError, restrictedClusterGroups, type CandidateSet } from "./candidates";
import { findInstance, findProject, type ApiInstance, type ApiMember, type PlacementCluster } from "./cluster";
import { IncusRefusal, parsePlacementCommand, type CreateOperation, type MoveOperation, type PlacementOperation } from "./command";
import { createRequest, relocationRequest, type PlacementRequest } from "./request";
import type { SimulationResult, Placement } from "./result";
import { simulateEvacuate, simulateRestore } from "./member-state";
import { PlacementScriptlet } from "./scriptlet-runner";
import { instanceNameError } from "./names";
import { checkOnMember } from "./post-placement";
import {
  applyPostCheck, checkTarget, chooseDefault, countOn, emptyPlacement, failEarly, FAILED, fillCandidates, others, runScriptlet, safeCheckTarget,
  type SimContext,
} from "./steps";

export interface SimulateOptions {
  /** Incus version to behave as; default the cluster's. */
  version?: string;
  /** The member the incus client talks to (get_cluster_member_* accept it too). */
  localMember?: string;
  /** The tool's wall-clock budget per scriptlet call (Incus itself has none for create/move;
   *  its 5 s evacuation cancel is applied regardless). Default: none. */
  timeoutMs?: number;
  /** The tool's memory cap of the sandbox, in MiB (default: the engine's, 2 GiB). */
  memoryMb?: number;
  /** Replaying existing instances as new creations (scenario diff): their names are taken by
   *  themselves, which Incus would refuse; the replay treats each name as free. */
  replayExisting?: boolean;
}

/**
 * The incus command line (everything after `incus`) → what Incus would do. A command the incus
 * client refuses (unknown flag, bad key=value, too many arguments) is a refused placement
 * with the client's words, as the real `incus` would print them; a command that is not a
 * placement throws CommandError (a usage error of ours).
 */
export async function simulateCommand(cluster: PlacementCluster, src: string, argv: string[], opts: SimulateOptions = {}): Promise<SimulationResult> {
  let op: PlacementOperation;
  try {
    op = parsePlacementCommand(argv);
  } catch (e) {
    if (!(e instanceof IncusRefusal)) throw e;
    return { placements: [failEarly(emptyPlacement("", "", "new"), e.message)] };
  }
  return simulate(cluster, src, op, opts);
}

export async function simulate(
  cluster: PlacementCluster,
  src: string,
  op: PlacementOperation,
  opts: SimulateOptions = {},
): Promise<SimulationResult> {
  const version = opts.version ?? cluster.serverVersion;
  const scriptlet = await PlacementScriptlet.load(src, version);
  try {
    return runOperation(scriptlet, cluster, op, opts);
  } finally {
    scriptlet.dispose();
  }
}

/** One operation with an already loaded scriptlet (its version is the one it was loaded
 *  for): what simulate() does once loaded, and what PlacementSimulator repeats. */
export function runOperation(scriptlet: PlacementScriptlet, cluster: PlacementCluster, op: PlacementOperation, opts: Omit<SimulateOptions, "version"> = {}): SimulationResult {
  const ctx: SimContext = {
    cluster, scriptlet, version: scriptlet.version,
    localMember: opts.localMember ?? cluster.members[0]?.server_name ?? "",
    timeoutMs: opts.timeoutMs ?? Infinity, // Incus has no time limit for create/move
    replayExisting: opts.replayExisting,
    memoryMb: opts.memoryMb,
  };
  switch (op.kind) {
    case "create":
      return { placements: [simulateCreate(ctx, op)] };
    case "move":
      return { placements: simulateMove(ctx, op) };
    case "evacuate":
      return simulateEvacuate(ctx, op);
    case "restore":
      return simulateRestore(ctx, op);
  }
}

function simulateCreate(ctx: SimContext, op: CreateOperation): Placement {
  const { cluster } = ctx;
  const name = op.name ?? "new-instance";
  const p = emptyPlacement(name, op.project, "new");
  if (!op.name) p.notes.push("Incus would generate a name for the instance; the simulation calls it new-instance");
  const project = findProject(cluster, op.project);
  // (Seen on 6.0.4: `incus create --empty x --project nosuch`.)
  if (!project) return failEarly(p, "Failed loading project: Project not found");
  let target: { member?: ApiMember; group?: string };
  let built;
  let set: CandidateSet;
  try {
    target = checkTarget(cluster, op.project, op.target, p.notes);
    built = createRequest(cluster, op, name);
    p.notes.push(...built.unknowns);
    const source = op.copyFrom ? findInstance(cluster, op.copyFrom.project, op.copyFrom.name) : undefined;
    const arch = source?.architecture || project.config?.["images.default_architecture"] || cluster.serverConfig["images.default_architecture"];
    set = target.member
      ? { candidates: [target.member], excluded: others(cluster, target.member, "not the --target member"), counts: new Map() }
      : candidateMembers(cluster, {
          architectures: arch ? [arch] : undefined,
          targetGroup: target.group,
          allowedGroups: restrictedClusterGroups(project),
        });
  } catch (e) {
    if (e instanceof PlacementError) return failEarly(p, e.message);
    throw e;
  }
  fillCandidates(p, set);
  if (target.member) p.counts[target.member.server_name] = countOn(cluster, target.member.server_name);
  const badName = instanceNameError(name);
  if (badName) return failEarly(p, badName);
  const chosen = runScriptlet(ctx, p, built.request, set.candidates);
  if (chosen === "failed") {
    if (!p.stoppedBy) p.incusMessage = FAILED + p.error;
    return p;
  }
  if (chosen) {
    p.target = chosen.server_name;
    p.chosenBy = target.member ? "target-flag" : "scriptlet";
  } else if (target.member) {
    p.target = target.member.server_name;
    p.chosenBy = "target-flag";
  } else {
    chooseDefault(p, set.candidates, p.counts);
  }
  // `--target` an evacuated member: the scriptlet runs, then Incus refuses the member.
  if (p.target && cluster.members.find((m) => m.server_name === p.target)?.status === "Evacuated") {
    p.error = "Cluster member is evacuated";
    p.incusMessage = p.error;
    p.target = null;
  }
  if (p.target) {
    const member = cluster.members.find((m) => m.server_name === p.target)!;
    const nameTaken = !ctx.replayExisting && op.name !== undefined && findInstance(cluster, op.project, op.name) !== undefined;
    applyPostCheck(p, checkOnMember(cluster, member, built.request, op.copyFrom ? "copy" : op.empty ? "create-empty" : "create-image", { nameTaken }));
  }
  return p;
}

function simulateMove(ctx: SimContext, op: MoveOperation): Placement[] {
  const { cluster } = ctx;
  const inst = findInstance(cluster, op.project, op.name);
  const instProject = op.targetProject ?? op.project;
  const p = emptyPlacement(op.newName ?? op.name, instProject, "relocation");
  // (Seen on 6.0.4; the client prints it after "Migration API failure: ".)
  if (!inst) return [failEarly(p, "Failed to get address of instance's member: Instance not found")];
  if (op.newName) p.notes.push(`renamed to ${op.newName} by the move; Incus runs the scriptlet under the old name ${op.name}`);
  // (Seen on 6.0.4 for --target-project nosuch.)
  if (!findProject(cluster, instProject)) return [failEarly(p, "Project not found")];
  const location = inst.location ?? "";
  const instLocation = op.target ?? location;
  let request: PlacementRequest;
  let set: CandidateSet;
  let pinned: ApiMember | undefined;
  try {
    request = relocationRequest(cluster, inst, instProject);
    // "Is the requested (or current) location fine?" — a plain member name is taken as is.
    const first = safeCheckTarget(cluster, instProject, instLocation);
    if (first?.member) {
      pinned = first.member;
      const why = op.target ? "not the --target member" : "not the instance's current member (without --target the move keeps the member)";
      set = { candidates: [pinned], excluded: others(cluster, pinned, why), counts: new Map() };
    } else {
      const t = checkTarget(cluster, instProject, op.target, p.notes);
      set = candidateMembers(cluster, {
        architectures: inst.architecture ? [inst.architecture] : undefined,
        targetGroup: t.group,
        allowedGroups: restrictedClusterGroups(findProject(cluster, instProject)),
      });
    }
  } catch (e) {
    if (e instanceof PlacementError) return [failEarly(p, e.message)];
    throw e;
  }
  fillCandidates(p, set);
  if (pinned) p.counts[pinned.server_name] = countOn(cluster, pinned.server_name);
  // Incus forwards the move to the instance's member, whose daemon runs the scriptlet.
  const chosen = runScriptlet({ ...ctx, localMember: location || ctx.localMember }, p, request, set.candidates);
  if (chosen === "failed") {
    if (!p.stoppedBy) p.incusMessage = FAILED + p.error;
    return [p];
  }
  if (pinned) {
    p.target = pinned.server_name;
    p.chosenBy = "target-flag";
    if (chosen && chosen !== pinned) p.notes.push("With an explicit member target, Incus runs the scriptlet only to validate it; its choice is ignored");
  } else if (chosen) {
    p.target = chosen.server_name;
    p.chosenBy = "scriptlet";
  } else {
    // Incus skips the instance's current member when it picks the default.
    const rest = set.candidates.filter((m) => m.server_name !== location);
    chooseDefault(p, rest, p.counts);
  }
  if (p.target && op.target && p.target === location && !op.target.startsWith("@")) {
    p.error = "Requested target server is the same as current server";
    p.incusMessage = p.error;
    p.target = null;
  }
  // The chosen member: offline (instance_post.go), then its storage pool during the migration.
  if (p.target) applyPostCheck(p, checkOnMember(cluster, cluster.members.find((m) => m.server_name === p.target)!, request, "migration", { architecture: inst.architecture }));
  if (op.targetProject && op.targetProject !== op.project) {
    // Observed on 6.0.4: one call, reason relocation, request.project = the target project.
    p.notes.push("A move to another project: Incus 6.0 runs the scriptlet once (reason relocation, the target project); other versions may also run it as \"new\" when the copy is created in the target project");
  }
  return [p];
}


export type { ApiInstance };
