// The placement simulator: given a cluster, a placement scriptlet and an incus command,
// predict what Incus would do — candidates, the scriptlet's log lines, the member chosen or
// the error — call by call, following Incus's own request paths (instances POST, instance
// POST for moves, cluster member evacuation).
import { Session, type CompiledProgram, type HostFunction, type HostValue } from "../../starlark/engine";
import { hostRepr } from "../scriptlet/host-repr";
import { toHostValue } from "../scriptlet/host-values";
import { compileErrorText, compileScriptlet } from "../scriptlet/validate";
import { placementBuiltins, type PlacementRun } from "./builtins";
import { candidateMembers, PlacementError, restrictedClusterGroups, type CandidateSet } from "./candidates";
import { findInstance, findProject, type ApiInstance, type ApiMember, type PlacementCluster } from "./cluster";
import type { CreateOperation, EvacuateOperation, MoveOperation, PlacementOperation } from "./command";
import { evacuationAction } from "./evacuation";
import { createRequest, evacuationRequest, relocationRequest, type PlacementRequest } from "./request";
import type { Placement, SimulationResult } from "./result";
import { relocateInstance } from "./instance-index";
import { forgetTables, GET_INSTANCES_COUNT_FAST, MemberRefs, syncTables } from "./sandbox-tables";

export interface SimulateOptions {
  /** Incus version to behave as; default the cluster's. */
  version?: string;
  /** The member the incus client talks to (get_cluster_member_* accept it too). */
  localMember?: string;
  /** Wall-clock budget per scriptlet call (Incus gives evacuation 5 s). */
  timeoutMs?: number;
}

const FAILED = "Failed instance placement scriptlet: ";

/** How many more simulations may reuse a sandbox session (see PlacementScriptlet.dispose). */
const SESSION_REUSES = 16;
let spareSession: Session | undefined;
const sessionReuses = new WeakMap<Session, number>();

/** A compiled placement scriptlet ready to run many times (as Incus keeps it compiled). */
export class PlacementScriptlet {
  /** The run the builtins serve: the program is initialised once and its builtins dispatch
   *  to the current run. Incus initialises it per run, but the top level can only compute
   *  with universe builtins (a builtin call there fails validation) and its globals are frozen,
   *  so one initialisation gives the same results — and saves ~5 ms per placement, which an
   *  evacuation of 1,000 instances repeats 1,000 times. */
  private current: Record<string, HostFunction> | undefined;
  private initialised: { error?: string; backtrace?: Placement["backtrace"] } | undefined;
  /** Candidate members as interned references (see sandbox-tables.ts). */
  private readonly members: MemberRefs;

  private constructor(
    readonly version: string,
    private readonly program: CompiledProgram | undefined,
    readonly compileError: string | undefined,
    private readonly session: Session,
  ) {
    this.members = new MemberRefs(session);
  }

  /** Set when a run failed: the session may have hit a limit, so it is not reused. */
  private failed = false;

  static async load(src: string, version: string): Promise<PlacementScriptlet> {
    const compiled = compileScriptlet("placement", src, version);
    const session = spareSession ?? (await Session.create());
    spareSession = undefined;
    const err = compiled.program ? undefined : compileErrorText("instance_placement", compiled.diagnostics[0]);
    return new PlacementScriptlet(version, compiled.program, err, session);
  }

  private init(program: CompiledProgram, run: PlacementRun, timeoutMs: number): { error?: string; backtrace?: Placement["backtrace"] } {
    if (this.initialised) return this.initialised;
    const dispatch: Record<string, HostFunction> = {};
    for (const name of Object.keys(placementBuiltins(run))) {
      dispatch[name] = (args, kwargs) => this.current![name](args, kwargs);
    }
    const init = this.session.init(program, dispatch, { timeoutMs }, { fast: { get_instances_count: GET_INSTANCES_COUNT_FAST } });
    if (init.error) {
      this.failed = true;
      forgetTables(this.session);
      this.initialised = { error: `Failed initializing: ${init.error.message}`, backtrace: frames(init.error.backtrace) };
    } else if (!this.session.globals().some((g) => g.name === "instance_placement")) this.initialised = { error: "Scriptlet missing instance_placement function" };
    else this.initialised = {};
    return this.initialised;
  }

  /** One InstancePlacementRun: (Init with the builtins,) call instance_placement(request=,
   *  candidate_members=), check the return value. Returns Incus's error text or undefined. */
  run(run: PlacementRun, timeoutMs: number): { error?: string; backtrace?: Placement["backtrace"] } {
    if (!this.program) return { error: this.compileError };
    this.current = placementBuiltins(run);
    // get_instances_count answers from the sandbox's count tables: bring them in step.
    syncTables(this.session, run.cluster);
    const init = this.init(this.program, run, timeoutMs);
    if (init.error !== undefined) return init;
    // Evacuation gives the scriptlet 5 s, then cancels it (Incus's outcome, its words).
    this.session.setLimits({ timeoutMs, cancel: run.request.reason === "evacuation" ? { afterMs: 5000, reason: "Request finished" } : undefined });
    const request = toHostValue(run.request, "InstancePlacement", run.version);
    // Fresh values per run, as Incus builds them: copies of the members interned once.
    const candidates: HostValue = this.members.list(run.candidates, run.version);
    const res = this.session.call("instance_placement", [], [["request", request], ["candidate_members", candidates]]);
    if (res.error) {
      this.failed = true;
      forgetTables(this.session);
      return { error: `Failed to run: ${res.error.message}`, backtrace: frames(res.error.backtrace) };
    }
    if (res.value !== null) return { error: `Failed with unexpected return value: ${hostRepr(res.value)}` };
    return {};
  }

  dispose(): void {
    if (!this.failed) this.members.dispose();
    // A session whose runs all went well is kept for the next simulation (creating one costs
    // ~100 ms, more than a placement over 1,000 members); a few reuses, then a fresh one, so
    // the programs instantiated in it do not pile up.
    const reuses = sessionReuses.get(this.session) ?? 0;
    if (!this.failed && !spareSession && reuses < SESSION_REUSES) {
      sessionReuses.set(this.session, reuses + 1);
      spareSession = this.session;
      return;
    }
    this.session.dispose();
  }
}

function frames(bt: { function: string; line: number; col: number }[] | undefined): Placement["backtrace"] {
  return bt?.map((f) => ({ function: f.function, line: f.line, col: f.col }));
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
    const ctx: SimContext = {
      cluster, scriptlet, version,
      localMember: opts.localMember ?? cluster.members[0]?.server_name ?? "",
      timeoutMs: opts.timeoutMs ?? Infinity, // Incus has no time limit for create/move

    };
    switch (op.kind) {
      case "create":
        return { placements: [simulateCreate(ctx, op)] };
      case "move":
        return { placements: simulateMove(ctx, op) };
      case "evacuate":
        return { placements: simulateEvacuate(ctx, op) };
    }
  } finally {
    scriptlet.dispose();
  }
}

interface SimContext {
  cluster: PlacementCluster;
  scriptlet: PlacementScriptlet;
  version: string;
  localMember: string;
  timeoutMs: number;
}

function emptyPlacement(instance: string, project: string, reason: Placement["reason"]): Placement {
  return {
    instance, project, reason, candidates: [], counts: {}, excluded: [], target: null, chosenBy: "none",
    tiedWith: [], logs: [], error: null, incusMessage: null, notes: [],
  };
}

/** Fails a placement before the scriptlet ran (a target or project check, as Incus does). */
function failEarly(p: Placement, message: string): Placement {
  p.error = message;
  p.incusMessage = message;
  return p;
}

/** Resolves `--target` as Incus's CheckTarget: a member (returned) or `@group` (its name). */
function checkTarget(cluster: PlacementCluster, project: string, target: string | undefined, notes?: string[]): { member?: ApiMember; group?: string } {
  if (!target) return {};
  const p = findProject(cluster, project);
  const restricted = p?.config?.restricted === "true";
  const allowed = restrictedClusterGroups(p) ?? [];
  if (restricted && p?.config?.["restricted.cluster.target"] !== "allow") {
    // Server administrators (the unix socket, unrestricted certificates) may override this
    // restriction, and do (seen on 6.0.4 over the unix socket); the simulation assumes one.
    notes?.push(
      `Project ${project} does not set restricted.cluster.target=allow: Incus refuses --target to restricted clients ` +
        `("This project doesn't allow cluster member targeting"); server administrators may still target`,
    );
  }
  if (target.startsWith("@")) {
    const group = target.slice(1);
    if (restricted && allowed.length > 0 && !allowed.includes(group)) {
      throw new PlacementError(`Project isn't allowed to use this cluster group: "${group}"`);
    }
    if (!cluster.groups.some((g) => g.name === group)) throw new PlacementError(`Cluster group "${group}" doesn't exist`);
    return { group };
  }
  const member = cluster.members.find((m) => m.server_name === target);
  if (!member) throw new PlacementError(`Cluster member "${target}" not found`);
  if (restricted && allowed.length > 0 && !(member.groups ?? []).some((g) => allowed.includes(g))) {
    throw new PlacementError(`Project isn't allowed to use this cluster member: "${target}"`);
  }
  return { member };
}

function fillCandidates(p: Placement, set: CandidateSet): void {
  p.candidates = set.candidates.map((m) => m.server_name);
  const counts: Record<string, number> = {};
  for (const m of set.candidates) counts[m.server_name] = set.counts.get(m.server_name) ?? 0;
  p.counts = counts;
  p.excluded = set.excluded;
}

/** Runs the scriptlet (when the cluster has one configured, or always in the simulator: the
 *  user asked us to run it) and records logs, the chosen member or the error. */
function runScriptlet(ctx: SimContext, p: Placement, request: PlacementRequest, candidates: ApiMember[]): ApiMember | undefined | "failed" {
  const run: PlacementRun = {
    cluster: ctx.cluster, version: ctx.version, request, candidates, localMember: ctx.localMember,
    logs: p.logs, notes: p.notes,
  };
  const res = ctx.scriptlet.run(run, ctx.timeoutMs);
  if (res.error !== undefined) {
    p.error = res.error;
    p.backtrace = res.backtrace;
    return "failed";
  }
  return run.target;
}

/** Incus's default when the scriptlet chose nothing: the first candidate (fewest instances). */
function chooseDefault(p: Placement, candidates: ApiMember[], counts: Record<string, number>): void {
  const first = candidates[0];
  if (!first) {
    p.error = "Couldn't find a cluster member for the instance";
    p.incusMessage = p.error;
    return;
  }
  p.target = first.server_name;
  p.chosenBy = "default";
  const n = counts[first.server_name];
  p.tiedWith = candidates.slice(1).filter((m) => counts[m.server_name] === n).map((m) => m.server_name);
}

function simulateCreate(ctx: SimContext, op: CreateOperation): Placement {
  const { cluster } = ctx;
  const name = op.name ?? "new-instance";
  const p = emptyPlacement(name, op.project, "new");
  if (!op.name) p.notes.push("Incus would generate a name for the instance; the simulation calls it new-instance");
  const project = findProject(cluster, op.project);
  if (!project) return failEarly(p, "Failed loading project: Not found");
  let target: { member?: ApiMember; group?: string };
  let built;
  let set: CandidateSet;
  try {
    target = checkTarget(cluster, op.project, op.target, p.notes);
    built = createRequest(cluster, op, name);
    const arch = project.config?.["images.default_architecture"] || cluster.serverConfig["images.default_architecture"];
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
  const chosen = runScriptlet(ctx, p, built.request, set.candidates);
  if (chosen === "failed") {
    p.incusMessage = FAILED + p.error;
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
  return p;
}

function others(cluster: PlacementCluster, keep: ApiMember, why: string) {
  return cluster.members.filter((m) => m !== keep).map((m) => ({ member: m.server_name, why }));
}

function countOn(cluster: PlacementCluster, member: string): number {
  return cluster.instances.filter((i) => i.location === member).length;
}

function simulateMove(ctx: SimContext, op: MoveOperation): Placement[] {
  const { cluster } = ctx;
  const inst = findInstance(cluster, op.project, op.name);
  const instProject = op.targetProject ?? op.project;
  const p = emptyPlacement(op.name, instProject, "relocation");
  if (!inst) return [failEarly(p, "Instance not found")];
  if (!findProject(cluster, instProject)) return [failEarly(p, "Not found")];
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
      set = { candidates: [pinned], excluded: others(cluster, pinned, "not the --target member"), counts: new Map() };
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
    p.incusMessage = FAILED + p.error;
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
  if (op.targetProject && op.targetProject !== op.project) {
    // Observed on 6.0.4: one call, reason relocation, request.project = the target project.
    p.notes.push("A move to another project: Incus 6.0 runs the scriptlet once (reason relocation, the target project); other versions may also run it as \"new\" when the copy is created in the target project");
  }
  return [p];
}

function safeCheckTarget(cluster: PlacementCluster, project: string, target: string): { member?: ApiMember; group?: string } | undefined {
  try {
    return checkTarget(cluster, project, target);
  } catch {
    return undefined;
  }
}

function simulateEvacuate(ctx: SimContext, op: EvacuateOperation): Placement[] {
  const { cluster } = ctx;
  const source = cluster.members.find((m) => m.server_name === op.member);
  if (!source) return [failEarly(emptyPlacement("", "", "evacuation"), `Cluster member "${op.member}" not found`)];
  // The member is marked evacuated before its instances move; instances then move one at a
  // time, each placement seeing the counts left by the previous ones.
  // Working copies: an instance that moves is updated in place, and so is the instance index
  // (rebuilding the index of a 100,000-instance cluster per moved instance was the hot path).
  const instances = cluster.instances.map((i) => ({ ...i }));
  const members = cluster.members.map((m) => (m === source ? { ...m, status: "Evacuated" } : m));
  const placements: Placement[] = [];
  for (const inst of instances.filter((i) => i.location === op.member)) {
    const working: PlacementCluster = { ...cluster, members, instances };
    const p = emptyPlacement(inst.name, inst.project ?? "default", "evacuation");
    const action = evacuationAction(working, inst, op.action);
    if (action !== "migrate" && action !== "live-migrate") {
      p.notes.push(`cluster.evacuate resolves to "${action}": the instance is stopped and stays on ${op.member}; no placement`);
      p.target = op.member;
      p.chosenBy = "none";
      placements.push(p);
      continue;
    }
    const group = inst.config?.["volatile.cluster.group"] ?? "";
    const set = candidateMembers(working, {
      architectures: inst.architecture ? [inst.architecture] : undefined,
      prefilter: (m) => (group && !(m.groups ?? []).includes(group) ? `not in the instance's cluster group ${group} (volatile.cluster.group)` : undefined),
    });
    fillCandidates(p, set);
    // The evacuation runs on the evacuated member's daemon: that is the scriptlet's local member.
    const chosen = runScriptlet({ ...ctx, cluster: working, localMember: op.member }, p, evacuationRequest(inst), set.candidates);
    if (chosen === "failed") {
      p.incusMessage = `Failed to evacuate instances: Failed instance placement scriptlet for instance "${inst.name}" in project "${inst.project ?? "default"}": ${p.error}`;
      placements.push(p);
      break; // Incus stops the evacuation at the first failure.
    }
    if (chosen) {
      p.target = chosen.server_name;
      p.chosenBy = "scriptlet";
    } else {
      chooseDefault(p, set.candidates, p.counts);
      if (!p.target) {
        p.error = null;
        p.incusMessage = null;
        p.notes.push("No member can take the instance; Incus leaves it where it is");
      }
    }
    placements.push(p);
    if (p.target) relocateInstance(working, inst, p.target);
  }
  return placements;
}

export type { ApiInstance };
