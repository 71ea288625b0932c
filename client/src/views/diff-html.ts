// The placement diff as a page: changed placements grouped (moved, errors appearing,
// disappearing, changing), and a before/after bar chart of where the replayed instances land.
import type { DiffResult } from "../testing/scenario-protocol";
import { bar, esc, page } from "./html";

type Change = DiffResult["changes"][number];
const outcome = (o: Change["old"]) => (o.error !== null ? `<span class="bad">${esc(o.error)}</span>` : esc(o.target ?? "nowhere"));

export function renderDiffHtml(d: DiffResult, oldLabel: string, newLabel: string, cluster: string, cspSource = "'none'"): string {
  const groups: [string, Change["change"]][] = [
    ["Placements that change", "moved"],
    ["Errors that appear", "error-appears"],
    ["Errors that disappear", "error-disappears"],
    ["Errors that change", "error-changes"],
  ];
  const sections = groups.map(([title, kind]) => {
    const list = d.changes.filter((c) => c.change === kind);
    if (!list.length) return "";
    const rows = list.map(
      (c) => `<tr data-change="${kind}" data-instance="${esc(c.instance)}"><td>${esc(c.instance)}</td><td>${esc(c.project)}</td><td>${c.request === "new" ? "new" : `evacuation of ${esc(c.member ?? "")}`}</td><td>${outcome(c.old)}</td><td>→ ${outcome(c.new)}</td></tr>`,
    );
    return `<h2>${esc(title)} (${list.length})</h2><table><thead><tr><th>Instance</th><th>Project</th><th>Request</th><th>Before</th><th>After</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  });
  const members = Object.keys(d.counts.now);
  const max = Math.max(1, ...members.flatMap((m) => [d.counts.old[m] ?? 0, d.counts.new[m] ?? 0]));
  const chart = members.map((m) => {
    const delta = (d.counts.new[m] ?? 0) - (d.counts.old[m] ?? 0);
    return `<tr data-member="${esc(m)}"><td>${esc(m)}</td><td class="num">${d.counts.now[m] ?? 0}</td><td>${bar(d.counts.old[m] ?? 0, max)}</td><td>${bar(d.counts.new[m] ?? 0, max, "after")}</td><td class="num">${delta ? (delta > 0 ? "+" : "") + delta : ""}</td></tr>`;
  });
  const body = [
    `<h1>Placement diff</h1>`,
    `<p class="meta"><code>${esc(oldLabel)}</code> → <code>${esc(newLabel)}</code> on <b>${esc(cluster)}</b> (Incus ${esc(d.version)}): ${d.replayed} instances replayed as new requests, ${d.evacuated.length} member evacuations compared.</p>`,
    `<p id="summary" class="${d.changes.length ? "bad" : "good"}">${d.changes.length ? `${d.changes.length} placements change.` : "No placement changes."}</p>`,
    `<h2>Instances per member</h2><table id="counts"><thead><tr><th>Member</th><th class="num">Now</th><th>Replays, before</th><th>Replays, after</th><th class="num">Δ</th></tr></thead><tbody>${chart.join("")}</tbody></table>`,
    `<p class="dim">Replays failing: ${d.errors.old} before, ${d.errors.new} after.</p>`,
    ...sections,
  ].join("\n");
  return page("Placement diff", body, cspSource);
}
