// The failure matrix as a terminal table: one row per scenario, one column per member with its
// instance count afterwards (`*` where the command's instance landed, the failed member's
// count in parentheses), then the scenarios that went wrong, spelled out.
import type { MatrixResult, MatrixScenario } from "./matrix";

function summary(s: MatrixScenario): string {
  const parts: string[] = [];
  if (s.kind === "evacuate") {
    const moved = s.evacuation.filter((p) => p.target && p.target !== p.from);
    const byTarget = new Map<string, number>();
    for (const p of moved) byTarget.set(p.target!, (byTarget.get(p.target!) ?? 0) + 1);
    parts.push(`${moved.length} moved${byTarget.size ? " (" + [...byTarget].map(([m, n]) => `${n}→${m}`).join(", ") + ")" : ""}`);
    const stuck = s.evacuation.filter((p) => p.target === null).length;
    const stay = s.evacuation.filter((p) => p.target !== null && p.target === p.from).length;
    if (stuck) parts.push(`${stuck} stuck`);
    if (stay) parts.push(`${stay} stopped in place`);
  }
  const landed = s.command.map((p) => p.target).filter((t): t is string => t !== null);
  if (s.outcome === "error") parts.push("✗ error");
  else if (s.outcome === "nowhere") parts.push("✗ nowhere to go");
  else parts.push(landed.length === 1 ? `→ ${landed[0]}` : `→ ${landed.length} placed`);
  return parts.join("; ");
}

export function formatMatrixText(m: MatrixResult, clusterLabel: string): string {
  const lines = [`Failure matrix: incus ${m.command} on ${clusterLabel} (Incus ${m.version}), ${m.members.length} members, ${m.scenarios.length} scenarios`, ""];
  const col0 = Math.max(8, ...m.scenarios.map((s) => s.label.length));
  const col1 = Math.max(7, ...m.scenarios.map((s) => summary(s).length));
  const widths = m.members.map((n) => Math.max(n.length, 4));
  const row = (a: string, b: string, cells: string[]) => [a.padEnd(col0), b.padEnd(col1), ...cells.map((c, i) => c.padStart(widths[i]))].join("  ");
  lines.push(row("scenario", "result", m.members));
  lines.push(row("(before)", "", m.members.map((n) => String(m.counts_before[n] ?? 0))));
  for (const s of m.scenarios) {
    const landed = new Set(s.command.map((p) => p.target).filter(Boolean));
    lines.push(row(s.label, summary(s), m.members.map((n) => (n === s.member ? `(${s.counts[n] ?? 0})` : String(s.counts[n] ?? 0)) + (landed.has(n) ? "*" : ""))));
  }
  const bad = m.scenarios.filter((s) => s.outcome !== "ok");
  lines.push("");
  if (!bad.length) lines.push("Every scenario places every instance.");
  else {
    lines.push(`${bad.length} of ${m.scenarios.length} scenarios fail:`);
    for (const s of bad) lines.push(`  ✗ ${s.label}: ${s.problem}`);
  }
  return lines.join("\n") + "\n";
}
