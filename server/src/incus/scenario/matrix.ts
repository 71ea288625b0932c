// The failure matrix (N-1 for the whole cluster): one command under every single-member
// failure — each member offline (its instances stay where they are), and each member evacuated
// (its instances placed elsewhere first, one by one, as Incus does) — plus the cluster as it is.
// For each scenario: where every instance lands, whether it ends in an error or with nowhere to
// go, and the instance count per member afterwards.
import type { PlacementCluster } from "../placement/cluster";
import type { PlacementOperation } from "../placement/command";
import type { Placement } from "../placement/result";
import type { SimulateOptions } from "../placement/simulate";
import { PlacementSimulator } from "../placement/simulator";
import { applyPlacements, countsByMember, withMemberStatus } from "./cluster-variants";
import { incusError } from "./expect";

export type ScenarioKind = "baseline" | "offline" | "evacuate";

export interface MatrixPlacement {
  instance: string;
  project: string;
  /** Where the instance was (moves and evacuations). */
  from?: string;
  target: string | null;
  error: string | null;
}

export type Outcome = "ok" | "error" | "nowhere";

export interface MatrixScenario {
  id: string;
  kind: ScenarioKind;
  /** The member that failed (absent for the baseline). */
  member?: string;
  label: string;
  /** The evacuation's placements (kind "evacuate"), in Incus's order. */
  evacuation: MatrixPlacement[];
  /** The command's placements on the cluster left by the failure. */
  command: MatrixPlacement[];
  outcome: Outcome;
  /** The first error (Incus's text), or why an instance has nowhere to go. */
  problem?: string;
  /** Instances per member after the evacuation and the command. */
  counts: Record<string, number>;
}

export interface MatrixResult {
  command: string;
  version: string;
  members: string[];
  counts_before: Record<string, number>;
  scenarios: MatrixScenario[];
}

const NO_MEMBER = "Couldn't find a cluster member for the instance";

function toMatrix(p: Placement, from?: string): MatrixPlacement {
  return { instance: p.instance, project: p.project, ...(from ? { from } : {}), target: p.target, error: incusError(p) };
}

function outcomeOf(all: MatrixPlacement[]): { outcome: Outcome; problem?: string } {
  const failed = all.find((p) => p.error !== null && p.error !== NO_MEMBER);
  if (failed) return { outcome: "error", problem: failed.error! };
  const stuck = all.find((p) => p.error === NO_MEMBER || (p.target === null && p.instance !== ""));
  if (stuck) return { outcome: "nowhere", problem: stuck.error ?? `no member can take ${stuck.instance} (${stuck.project})` };
  return { outcome: "ok" };
}

async function runCommand(cluster: PlacementCluster, sim: PlacementSimulator, op: PlacementOperation, opts: SimulateOptions): Promise<{ placements: MatrixPlacement[]; after: PlacementCluster }> {
  const before = new Map(cluster.instances.map((i) => [`${i.project ?? "default"}/${i.name}`, i.location]));
  const res = await sim.simulate(cluster, op, opts);
  const placements = res.placements.map((p) => toMatrix(p, op.kind === "create" ? undefined : before.get(`${op.kind === "move" ? op.project : p.project}/${p.instance}`)));
  return { placements, after: applyPlacements(cluster, op, res.placements) };
}

export interface MatrixOptions extends SimulateOptions {
  /** The command as the user wrote it, for the report. */
  commandText: string;
}

export async function failureMatrix(cluster: PlacementCluster, src: string, op: PlacementOperation, opts: MatrixOptions): Promise<MatrixResult> {
  const version = opts.version ?? cluster.serverVersion;
  const sim: SimulateOptions = { localMember: opts.localMember, timeoutMs: opts.timeoutMs };
  const scenarios: MatrixScenario[] = [];
  // One loaded scriptlet for every scenario (loading it per scenario was most of the cost).
  const simulator = await PlacementSimulator.open(src, version);
  try {
    const add = async (id: string, kind: ScenarioKind, label: string, failed: PlacementCluster, member?: string, evacuation: MatrixPlacement[] = []) => {
      const cmd = await runCommand(failed, simulator, op, sim);
      scenarios.push({ id, kind, ...(member ? { member } : {}), label, evacuation, command: cmd.placements, ...outcomeOf([...evacuation, ...cmd.placements]), counts: countsByMember(cmd.after) });
    };
    await add("baseline", "baseline", "no failure", cluster);
    for (const m of cluster.members) {
      const name = m.server_name;
      // Members already down give no new scenario for that failure.
      if ((m.status ?? "Online") !== "Offline") await add(`offline:${name}`, "offline", `${name} offline`, withMemberStatus(cluster, name, "Offline"), name);
      if ((m.status ?? "Online") === "Online") {
        const evac = await runCommand(cluster, simulator, { kind: "evacuate", member: name }, sim);
        await add(`evacuate:${name}`, "evacuate", `${name} evacuated`, evac.after === cluster ? withMemberStatus(cluster, name, "Evacuated") : evac.after, name, evac.placements);
      }
    }
  } finally {
    simulator.dispose();
  }
  return { command: opts.commandText, version, members: cluster.members.map((m) => m.server_name), counts_before: countsByMember(cluster), scenarios };
}
