// The failure matrix as a page: scenarios × members (the instance count each member ends with,
// the command's landing member marked, the failed member struck through), failing scenarios in
// red with Incus's error, then each member's load as bars (before, and the worst case after).
import type { MatrixResult } from "../testing/scenario-protocol";
import { bar, esc, page } from "./html";

export function renderMatrixHtml(m: MatrixResult, file: string, cluster: string, cspSource = "'none'"): string {
  const failing = m.scenarios.filter((s) => s.outcome !== "ok");
  const head = `<tr><th>Scenario</th><th>Result</th>${m.members.map((n) => `<th class="num">${esc(n)}</th>`).join("")}</tr>`;
  const before = `<tr class="dim"><td>(before)</td><td></td>${m.members.map((n) => `<td class="num">${m.counts_before[n] ?? 0}</td>`).join("")}</tr>`;
  const rows = m.scenarios.map((s) => {
    const landed = new Set(s.command.map((p) => p.target).filter(Boolean));
    const moved = s.evacuation.filter((p) => p.target && p.target !== p.from).length;
    const result =
      s.outcome === "ok"
        ? `${s.kind === "evacuate" ? `${moved} moved; ` : ""}→ ${esc(s.command.map((p) => p.target ?? "none").join(", "))}`
        : `<span class="bad">✗ ${s.outcome === "nowhere" ? "nowhere to go" : "error"}</span><br><span class="dim">${esc(s.problem ?? "")}</span>`;
    const cells = m.members.map((n) => {
      const cls = n === s.member ? "down" : landed.has(n) ? "landed" : "";
      return `<td class="num ${cls}" data-member="${esc(n)}">${s.counts[n] ?? 0}${landed.has(n) ? " ★" : ""}</td>`;
    });
    return `<tr class="${s.outcome === "ok" ? "" : "fail"}" data-scenario="${esc(s.id)}" data-outcome="${s.outcome}"><td class="nowrap">${esc(s.label)}</td><td class="result">${result}</td>${cells.join("")}</tr>`;
  });
  const worst: Record<string, number> = {};
  for (const s of m.scenarios) for (const n of m.members) worst[n] = Math.max(worst[n] ?? 0, s.counts[n] ?? 0);
  const max = Math.max(1, ...Object.values(worst));
  const load = m.members.map((n) => `<tr><td>${esc(n)}</td><td>${bar(m.counts_before[n] ?? 0, max)}</td><td>${bar(worst[n] ?? 0, max, "after")}</td></tr>`);
  const body = [
    `<h1>Failure matrix: <code>incus ${esc(m.command)}</code></h1>`,
    `<p class="meta">Scriptlet <code>${esc(file)}</code> on <b>${esc(cluster)}</b> (Incus ${esc(m.version)}): ${m.members.length} members, ${m.scenarios.length} scenarios — each member offline, each member evacuated (its instances placed first).</p>`,
    `<p id="summary" class="${failing.length ? "bad" : "good"}">${failing.length ? `${failing.length} of ${m.scenarios.length} scenarios fail.` : "Every scenario places every instance."}</p>`,
    `<table id="matrix"><thead>${head}</thead><tbody>${before}${rows.join("")}</tbody></table>`,
    `<p class="dim">Cells: instances on the member afterwards; ★ where the command's instance lands; struck through: the member that failed.</p>`,
    `<h2>Load per member</h2><table id="load"><thead><tr><th>Member</th><th>Now</th><th>Worst case after a failure</th></tr></thead><tbody>${load.join("")}</tbody></table>`,
  ].join("\n");
  return page("Failure matrix", body, cspSource);
}
