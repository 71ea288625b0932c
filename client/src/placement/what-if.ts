// What an evacuation or a move would do, told in a sentence per instance, for the confirmation
// dialogs. Pure: from the simulator's result.
import type { SimulationResult } from "../../../server/src/lsp/protocol";

export interface WhatIf {
  moves: string[];
  failures: string[];
}

/** `source`: the member being evacuated (an instance "placed" there is stopped, not moved). */
export function describeWhatIf(result: SimulationResult, source?: string): WhatIf {
  const moves: string[] = [];
  const failures: string[] = [];
  for (const p of result.placements) {
    const name = p.project && p.project !== "default" ? `${p.instance} (${p.project})` : p.instance;
    if (p.error) failures.push(`${name}: ${p.incusMessage ?? p.error}`);
    else if (p.target && p.target === source) moves.push(`${name}: stopped, stays on ${source}`);
    else if (p.target) moves.push(`${name} → ${p.target}`);
    else moves.push(`${name}: ${p.notes[p.notes.length - 1] ?? "stays"}`);
  }
  return { moves, failures };
}

/** At most `max` lines, then "and N more". */
export function listLines(lines: string[], max = 15): string {
  if (lines.length <= max) return lines.map((l) => `• ${l}`).join("\n");
  return [...lines.slice(0, max).map((l) => `• ${l}`), `… and ${lines.length - max} more`].join("\n");
}
