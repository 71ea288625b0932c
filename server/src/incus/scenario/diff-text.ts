// The placement diff for a terminal: the changes, then per-member counts before and after.
import type { DiffResult, Outcome, PlacementChange } from "./diff";

const show = (o: Outcome) => (o.error !== null ? `error: ${o.error}` : (o.target ?? "nowhere"));

function changeLine(c: PlacementChange): string {
  const what = c.request === "new" ? "new" : `evacuation of ${c.member}`;
  return `  ${c.instance} (${c.project}), ${what}: ${show(c.old)} → ${show(c.new)}`;
}

export function formatDiffText(d: DiffResult, oldLabel: string, newLabel: string, clusterLabel: string): string {
  const lines = [
    `Placement diff: ${oldLabel} → ${newLabel} on ${clusterLabel} (Incus ${d.version})`,
    `${d.replayed} instances replayed as new requests, ${d.evacuated.length} member evacuations compared`,
    "",
  ];
  const groups: [string, PlacementChange["change"]][] = [
    ["Placements that change", "moved"],
    ["Errors that appear", "error-appears"],
    ["Errors that disappear", "error-disappears"],
    ["Errors that change", "error-changes"],
  ];
  if (!d.changes.length) lines.push("No placement changes.", "");
  for (const [title, kind] of groups) {
    const list = d.changes.filter((c) => c.change === kind);
    if (!list.length) continue;
    lines.push(`${title} (${list.length}):`, ...list.map(changeLine), "");
  }
  const members = Object.keys(d.counts.now);
  const w = Math.max(6, ...members.map((m) => m.length));
  lines.push("Instances per member (now; replays placed by old → new):");
  for (const m of members) {
    const o = d.counts.old[m] ?? 0;
    const n = d.counts.new[m] ?? 0;
    const delta = n - o;
    lines.push(`  ${m.padEnd(w)}  ${String(d.counts.now[m] ?? 0).padStart(5)}  ${String(o).padStart(5)} → ${String(n).padEnd(5)}${delta ? ` (${delta > 0 ? "+" : ""}${delta})` : ""}`);
  }
  if (d.errors.old || d.errors.new) lines.push(`  replays failing: ${d.errors.old} → ${d.errors.new}`);
  return lines.join("\n") + "\n";
}
