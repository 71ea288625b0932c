// The result view: one section per placement (an evacuation has one per instance) with the
// candidates and their instance counts, the chosen member highlighted, every member left out
// with the rule that excluded it, the scriptlet's log lines and the error. Static HTML, no
// scripts; every value is escaped.
import type { Placement } from "../../../server/src/lsp/protocol";
import { formatCommandLine } from "./command-line";
import type { RunReport } from "./run-report";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const CHOSEN_BY: Record<Placement["chosenBy"], string> = {
  scriptlet: "chosen by the scriptlet (set_target)",
  "target-flag": "the --target member",
  default: "Incus's default: the candidate with the fewest instances",
  none: "",
};

export interface RenderOptions {
  /** The scriptlet's URI: error positions link to it. */
  scriptletUri?: string;
  /** Why the result no longer describes the active cluster (shown as a banner). */
  stale?: string;
}

/** What the result view's title says: the command that ran. */
export function resultTitle(report: RunReport): string {
  const argv = report.command;
  // "evacuate node3", "create c1", "move c1": the verb and what it acts on (the simulator names the instance).
  const what = argv[0] === "cluster" ? `${argv[1]} ${argv[2] ?? ""}` : `${argv[0] ?? "create"} ${report.result.placements[0]?.instance ?? ""}`;
  const failed = report.result.placements.some((p) => p.error);
  return `${failed ? "✗" : "✓"} ${what.trim()} — ${report.cluster}`;
}

export function renderResultHtml(report: RunReport, cspSource = "'none'", options: RenderOptions = {}): string {
  const { result } = report;
  const failed = result.placements.filter((p) => p.error).length;
  const summary =
    result.placements.length === 0
      ? "Nothing to place (no instance on that member)."
      : failed > 0
        ? `${failed} of ${result.placements.length} placement${result.placements.length === 1 ? "" : "s"} failed.`
        : `${result.placements.length} placement${result.placements.length === 1 ? "" : "s"} succeeded.`;
  const body = [
    options.stale ? `<div class="stale" id="stale"><b>Stale:</b> ${escapeHtml(options.stale)} Run it again for a current answer.</div>` : "",
    `<h1>Placement: <code>${escapeHtml(formatCommandLine(report.command))}</code></h1>`,
    `<p class="meta">Scriptlet <code>${escapeHtml(report.file)}</code> on <b>${escapeHtml(report.cluster)}</b> (Incus ${escapeHtml(report.incusVersion)}), ${escapeHtml(report.ranAt.toLocaleString())}, simulated by the language server.</p>`,
    `<p class="summary ${failed ? "bad" : "good"}" id="summary">${escapeHtml(summary)}</p>`,
    result.placements.length > 1 ? renderSummaryTable(result.placements) : "",
    ...result.placements.map((p, i) => renderPlacement(p, i, options.scriptletUri)),
  ].join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Placement result</title>
<style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

/** Several placements (an evacuation): one row each, instance → target or error, linking to its section. */
function renderSummaryTable(placements: readonly Placement[]): string {
  const rows = placements.map((p, i) => {
    const name = `${escapeHtml(p.instance || "(no instance)")}${p.project && p.project !== "default" ? ` <span class="dim">(${escapeHtml(p.project)})</span>` : ""}`;
    const outcome = p.error ? `<span class="bad">✗ ${escapeHtml(firstLine(p.incusMessage ?? p.error))}</span>` : p.stoppedBy ? `<span class="warn">stopped by the tool's limit</span>` : p.target ? `→ <b>${escapeHtml(p.target)}</b>` : `<span class="dim">${escapeHtml(p.notes[p.notes.length - 1] ?? "no member chosen")}</span>`;
    return `<tr data-summary="${escapeHtml(p.instance)}"><td><a href="#placement-${i}">${name}</a></td><td>${outcome}</td></tr>`;
  });
  return `<table class="overview" id="overview"><thead><tr><th>Instance</th><th>Target or error</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}

/** A `command:` link opening the scriptlet at a 1-based line and column. */
function positionLink(uri: string | undefined, line: number, col: number, text: string): string {
  if (!uri || line <= 0) return escapeHtml(text);
  const args = encodeURIComponent(JSON.stringify([uri, line - 1, Math.max(0, col - 1)]));
  return `<a class="pos" href="command:incus.internal.openPosition?${args}">${escapeHtml(text)}</a>`;
}

function renderPlacement(p: Placement, index: number, uri: string | undefined): string {
  const head = `<h2>${escapeHtml(p.instance || "(no instance)")} <span class="dim">project ${escapeHtml(p.project || "-")}, reason ${escapeHtml(p.reason)}</span></h2>`;
  const outcome = p.error
    ? `<div class="error" data-role="error"><b>Error:</b> ${renderErrorText(p.incusMessage ?? p.error, uri)}${renderBacktrace(p, uri)}</div>`
    : p.target
      ? `<div class="target" data-role="target">→ <b>${escapeHtml(p.target)}</b> <span class="dim">${escapeHtml(CHOSEN_BY[p.chosenBy])}</span>${p.tiedWith.length ? `<br><span class="warn">Tied with ${escapeHtml(p.tiedWith.join(", "))}: Incus may pick any of them.</span>` : ""}</div>`
      : p.stoppedBy
        ? `<div class="warn" data-role="stopped"><b>Stopped by the tool, not by Incus:</b> ${escapeHtml(p.stoppedBy)}${renderBacktrace(p, uri)}</div>`
        : `<div class="dim">No member chosen.</div>`;
  const rows = p.candidates.map((c) => {
    const chosen = c === p.target;
    return `<tr class="${chosen ? "chosen" : ""}" data-member="${escapeHtml(c)}"><td>${chosen ? "★ " : ""}${escapeHtml(c)}</td><td class="num">${p.counts[c] ?? 0}</td><td>${chosen ? "chosen" : p.tiedWith.includes(c) ? "tied" : ""}</td></tr>`;
  });
  const candidates = p.candidates.length
    ? `<h3>Candidates (${p.candidates.length}, in Incus's order)</h3><table><thead><tr><th>Member</th><th>Instances</th><th></th></tr></thead><tbody>${rows.join("")}</tbody></table>`
    : `<h3>Candidates</h3><p class="dim">None.</p>`;
  const excluded = p.excluded.length
    ? `<h3>Left out (${p.excluded.length})</h3><table><thead><tr><th>Member</th><th>Rule</th></tr></thead><tbody>${p.excluded.map((e) => `<tr data-excluded="${escapeHtml(e.member)}"><td>${escapeHtml(e.member)}</td><td>${escapeHtml(e.why)}</td></tr>`).join("")}</tbody></table>`
    : "";
  const logs = p.logs.length
    ? `<h3>Log</h3><table class="log"><tbody>${p.logs
        .map((l) => {
          const ctx = l.context ? ` <span class="dim">${escapeHtml(Object.entries(l.context).map(([k, v]) => `${k}=${v}`).join(" "))}</span>` : "";
          return `<tr class="lvl-${l.level}"><td>${l.level}</td><td>${escapeHtml(l.message)}${ctx}</td></tr>`;
        })
        .join("")}</tbody></table>`
    : `<h3>Log</h3><p class="dim">The scriptlet logged nothing.</p>`;
  const notes = p.notes.length ? `<ul class="notes">${p.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : "";
  return `<section id="placement-${index}">${head}${outcome}${candidates}${excluded}${logs}${notes}</section>`;
}

function renderBacktrace(p: Placement, uri: string | undefined): string {
  if (!p.backtrace?.length) return "";
  return `<ul class="backtrace">${[...p.backtrace].reverse().map((f) => `<li>at ${escapeHtml(f.function)} ${positionLink(uri, f.line, f.col, `line ${f.line}:${f.col}`)}</li>`).join("")}</ul>`;
}

/** An error text whose `file:LINE:COL:` (a compile error) links to the position. */
function renderErrorText(text: string, uri: string | undefined): string {
  const m = /^([\w.-]+):(\d+):(\d+)(: [\s\S]*)$/.exec(text);
  if (!m) return escapeHtml(text);
  return positionLink(uri, Number(m[2]), Number(m[3]), `${m[1]}:${m[2]}:${m[3]}`) + escapeHtml(m[4]);
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1em 2em; }
h1 { font-size: 1.3em; } h2 { font-size: 1.15em; margin-top: 1.5em; border-bottom: 1px solid var(--vscode-panel-border); }
h3 { font-size: 1em; margin: 1em 0 0.3em; }
code { font-family: var(--vscode-editor-font-family); }
.dim, .meta { color: var(--vscode-descriptionForeground); font-weight: normal; }
table { border-collapse: collapse; } td, th { padding: 2px 12px 2px 4px; text-align: left; }
th { color: var(--vscode-descriptionForeground); font-weight: normal; }
td.num { text-align: right; }
tr.chosen { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); font-weight: bold; }
.target { padding: 6px 8px; border-left: 4px solid var(--vscode-testing-iconPassed); background: var(--vscode-editor-inactiveSelectionBackground); }
.error { padding: 6px 8px; border-left: 4px solid var(--vscode-errorForeground); color: var(--vscode-errorForeground); background: var(--vscode-inputValidation-errorBackground); }
.warn, .lvl-warn td:first-child { color: var(--vscode-editorWarning-foreground); }
.lvl-error td:first-child { color: var(--vscode-errorForeground); }
table.log td { font-family: var(--vscode-editor-font-family); white-space: pre-wrap; }
.summary.good { color: var(--vscode-testing-iconPassed); } .summary.bad, .bad { color: var(--vscode-errorForeground); }
.stale { padding: 6px 8px; margin-top: 1em; border-left: 4px solid var(--vscode-editorWarning-foreground); background: var(--vscode-inputValidation-warningBackground); }
table.overview { margin: 0.5em 0 1em; } table.overview td { border-bottom: 1px solid var(--vscode-panel-border); }
a { color: var(--vscode-textLink-foreground); }
`;
