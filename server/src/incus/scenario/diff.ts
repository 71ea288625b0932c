// The placement diff: what changing a placement scriptlet from OLD to NEW would move. Every
// existing instance is replayed as a `new` creation request (its project, profiles, config and
// type) on the cluster without it, and every online member is evacuated, under both scriptlets;
// the placements that differ, errors that appear or disappear, and per-member counts come back.
import type { ApiInstance, PlacementCluster } from "../placement/cluster";
import type { CreateOperation } from "../placement/command";
import type { Placement } from "../placement/result";
import type { SimulateOptions } from "../placement/simulate";
import { PlacementSimulator } from "../placement/simulator";
import { withdrawInstance } from "../placement/instance-index";
import { countsByMember } from "./cluster-variants";
import { incusError } from "./expect";

export interface Outcome {
  target: string | null;
  error: string | null;
}

export type ChangeKind = "moved" | "error-appears" | "error-disappears" | "error-changes";

export interface PlacementChange {
  /** `new`: the instance replayed as a creation; `evacuation`: moved off `member` by its evacuation. */
  request: "new" | "evacuation";
  instance: string;
  project: string;
  /** The evacuated member (request "evacuation"). */
  member?: string;
  change: ChangeKind;
  old: Outcome;
  new: Outcome;
}

export interface DiffResult {
  version: string;
  /** Instances replayed as `new`. */
  replayed: number;
  /** Members whose evacuation was compared. */
  evacuated: string[];
  changes: PlacementChange[];
  /** Per member: instances there now, and where the replays land under each scriptlet. */
  counts: { now: Record<string, number>; old: Record<string, number>; new: Record<string, number> };
  /** Replays that fail under each scriptlet. */
  errors: { old: number; new: number };
}

/** Config keys Incus sets itself: not part of what a user would send in a creation request. */
function userConfig(config: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config ?? {})) if (!k.startsWith("volatile.") && !k.startsWith("image.")) out[k] = v;
  return out;
}

/** The creation request an existing instance was made with, as near as the snapshot tells. */
export function replayRequest(inst: ApiInstance): CreateOperation {
  return {
    kind: "create",
    name: inst.name,
    empty: true,
    profiles: inst.profiles ?? ["default"],
    config: userConfig(inst.config),
    deviceOverrides: [],
    vm: inst.type === "virtual-machine",
    ephemeral: inst.ephemeral === true,
    description: typeof inst.description === "string" ? inst.description : "",
    project: inst.project ?? "default",
  };
}

function outcome(p: Placement | undefined): Outcome {
  return p ? { target: p.target, error: incusError(p) } : { target: null, error: null };
}

function classify(a: Outcome, b: Outcome): ChangeKind | undefined {
  if (a.error === null && b.error !== null) return "error-appears";
  if (a.error !== null && b.error === null) return "error-disappears";
  if (a.error !== null && b.error !== null) return a.error === b.error ? undefined : "error-changes";
  return a.target === b.target ? undefined : "moved";
}

export interface DiffOptions extends SimulateOptions {
  /** Stop replaying after this many instances (0 or absent: all). */
  limit?: number;
}

export async function placementDiff(cluster: PlacementCluster, oldSrc: string, newSrc: string, opts: DiffOptions = {}): Promise<DiffResult> {
  const version = opts.version ?? cluster.serverVersion;
  const sim: SimulateOptions = { localMember: opts.localMember, timeoutMs: opts.timeoutMs, replayExisting: true };
  const members = cluster.members.map((m) => m.server_name);
  const zero = () => Object.fromEntries(members.map((m) => [m, 0])) as Record<string, number>;
  const result: DiffResult = { version, replayed: 0, evacuated: [], changes: [], counts: { now: countsByMember(cluster), old: zero(), new: zero() }, errors: { old: 0, new: 0 } };
  const instances = opts.limit ? cluster.instances.slice(0, opts.limit) : cluster.instances;
  // Each scriptlet is loaded once for every replay and evacuation (a load per placement
  // was most of the cost), and the cluster without the replayed instance is the same
  // working copy with that one instance taken out and put back (see withdrawInstance).
  const older = await PlacementSimulator.open(oldSrc, version);
  try {
    const newer = await PlacementSimulator.open(newSrc, version);
    try {
      const working: PlacementCluster = { ...cluster, instances: [...cluster.instances] };
      for (const inst of instances) {
        const op = replayRequest(inst);
        // The instance as if it were created now: the cluster without it (its own name would
        // otherwise be taken, and its own count would weigh on its member).
        const putBack = withdrawInstance(working, inst);
        let a: Outcome;
        let b: Outcome;
        try {
          a = outcome((await older.simulate(working, op, sim)).placements[0]);
          b = outcome((await newer.simulate(working, op, sim)).placements[0]);
        } finally {
          putBack();
        }
        result.replayed++;
        if (a.target && a.error === null) result.counts.old[a.target] = (result.counts.old[a.target] ?? 0) + 1;
        if (b.target && b.error === null) result.counts.new[b.target] = (result.counts.new[b.target] ?? 0) + 1;
        if (a.error !== null) result.errors.old++;
        if (b.error !== null) result.errors.new++;
        const change = classify(a, b);
        if (change) result.changes.push({ request: "new", instance: op.name!, project: op.project, change, old: a, new: b });
      }
      for (const m of cluster.members) {
        if ((m.status ?? "Online") !== "Online") continue;
        const member = m.server_name;
        if (!cluster.instances.some((i) => i.location === member)) continue;
        result.evacuated.push(member);
        const before = (await older.simulate(cluster, { kind: "evacuate", member }, sim)).placements;
        const after = (await newer.simulate(cluster, { kind: "evacuate", member }, sim)).placements;
        compareEvacuations(result, member, before, after);
      }
    } finally {
      newer.dispose();
    }
  } finally {
    older.dispose();
  }
  return result;
}

function compareEvacuations(result: DiffResult, member: string, before: Placement[], after: Placement[]): void {
  // Pair by instance: an evacuation that stops early has fewer placements.
  const key = (p: Placement) => `${p.project}/${p.instance}`;
  const afterBy = new Map(after.map((p) => [key(p), p]));
  const seen = new Set<string>();
  for (const p of before) {
    seen.add(key(p));
    const a = outcome(p);
    const q = afterBy.get(key(p));
    const b = q ? outcome(q) : { target: null, error: "not reached: the evacuation stopped at an earlier failure" };
    const change = classify(a, b);
    if (change) result.changes.push({ request: "evacuation", instance: p.instance, project: p.project, member, change, old: a, new: b });
  }
  for (const q of after) {
    if (seen.has(key(q))) continue;
    const b = outcome(q);
    const a = { target: null, error: "not reached: the evacuation stopped at an earlier failure" };
    const change = classify(a, b);
    if (change) result.changes.push({ request: "evacuation", instance: q.instance, project: q.project, member, change, old: a, new: b });
  }
}
