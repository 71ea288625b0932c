// Checks a case's `expect` against what the simulator predicted. Every key is optional and
// every key given must hold; each miss is one difference, worded "what: wanted X, got Y".
import type { Placement, SimulationResult } from "../placement/result";
import type { Expect } from "./test-file";

export interface Difference {
  /** The expect key that did not hold (target, error, logs_contain, ...). */
  key: keyof Expect;
  wanted: string;
  got: string;
}

/** The message the incus client prints for a failed placement (without its `Error: `). */
export function incusError(p: Placement): string | null {
  return p.error === null ? null : (p.incusMessage ?? p.error);
}

/** The first failure of the run, as Incus reports it (an evacuation stops at the first). */
export function firstError(result: SimulationResult): string | null {
  for (const p of result.placements) {
    const e = incusError(p);
    if (e !== null) return e;
  }
  return null;
}

/** Members the placements landed on, in order (an evacuation has one per instance moved). */
export function targets(result: SimulationResult): (string | null)[] {
  return result.placements.map((p) => p.target);
}

const show = (v: string | null | undefined) => (v === null || v === undefined ? "none" : JSON.stringify(v));
const showList = (v: (string | null)[]) => (v.length ? v.map(show).join(", ") : "no placement");

export function compareExpect(expect: Expect, result: SimulationResult): Difference[] {
  const diffs: Difference[] = [];
  const error = firstError(result);
  const landed = targets(result);
  if (expect.error !== undefined) {
    const wanted = expect.error === null ? null : expect.error.replace(/^Error: /, "");
    if (wanted !== error) diffs.push({ key: "error", wanted: show(wanted), got: show(error) });
  }
  if (expect.error_contains !== undefined && !(error ?? "").includes(expect.error_contains)) {
    diffs.push({ key: "error_contains", wanted: `an error containing ${show(expect.error_contains)}`, got: show(error) });
  }
  // target / target_in hold for every placement (all instances of an evacuation).
  if (expect.target !== undefined && (landed.length === 0 || landed.some((t) => t !== expect.target))) {
    diffs.push({ key: "target", wanted: show(expect.target), got: showList(landed) });
  }
  if (expect.target_in !== undefined && (landed.length === 0 || landed.some((t) => t === null || !expect.target_in!.includes(t)))) {
    diffs.push({ key: "target_in", wanted: `one of ${expect.target_in.map((t) => show(t)).join(", ")}`, got: showList(landed) });
  }
  if (expect.logs_contain !== undefined) {
    const messages = result.placements.flatMap((p) => p.logs.map((l) => l.message));
    for (const needle of expect.logs_contain) {
      if (!messages.some((m) => m.includes(needle))) {
        diffs.push({ key: "logs_contain", wanted: `a log line containing ${show(needle)}`, got: messages.length ? messages.map((m) => show(m)).join(", ") : "no log lines" });
      }
    }
  }
  if (expect.placements !== undefined) {
    const n = result.placements.filter((p) => p.instance !== "" || p.target !== null).length;
    if (n !== expect.placements) diffs.push({ key: "placements", wanted: String(expect.placements), got: String(n) });
  }
  return diffs;
}

export function formatDifference(d: Difference): string {
  return `${d.key}: wanted ${d.wanted}, got ${d.got}`;
}
