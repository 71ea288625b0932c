// The access matrix view: objects down, entitlements across, one coloured cell per decision
// (allowed green, denied grey, scriptlet error red with "!" and the error in its tooltip), a
// restricted certificate allowed outside its projects in amber with "*", cells that do not
// apply to the object blank. Static HTML, no scripts; every value is escaped.
import type { AccessMatrix, MatrixCell } from "../../../server/src/lsp/protocol";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export interface MatrixReport {
  file: string;
  cluster: string;
  matrix: AccessMatrix;
}

const MARK: Record<MatrixCell["decision"], string> = { allowed: "✓", denied: "·", error: "!" };

function cellHtml(c: MatrixCell | undefined): string {
  if (!c) return `<td class="na"></td>`;
  const cls = c.outsideRestriction ? "outside" : c.decision;
  const title = [c.entitlement, c.decision, c.outsideRestriction ? "allowed outside the certificate's projects" : "", c.error ?? "", ...(c.logs ?? []).map((l) => `${l.level}: ${l.message}`)]
    .filter(Boolean)
    .join("\n");
  return `<td class="${cls}" title="${escapeHtml(title)}">${MARK[c.decision]}${c.outsideRestriction ? "*" : ""}</td>`;
}

export function renderMatrixHtml(report: MatrixReport, cspSource = "'none'"): string {
  const m = report.matrix;
  const id = m.identity;
  const head = m.entitlements.map((e) => `<th class="ent"><div>${escapeHtml(e.replace(/^can_/, ""))}</div></th>`).join("");
  const rows = m.rows
    .map((r) => {
      const byEnt = new Map(r.cells.map((c) => [c.entitlement, c]));
      const access = r.access ? `<div class="access">access: ${escapeHtml(r.access.error ?? (r.access.identifiers.join(", ") || "(nobody)"))}</div>` : "";
      return `<tr><th class="obj" title="${escapeHtml(r.object)}">${escapeHtml(r.object)}${access}</th>${m.entitlements.map((e) => cellHtml(byEnt.get(e))).join("")}</tr>`;
    })
    .join("\n");
  const errors = new Map<string, number>();
  for (const r of m.rows) for (const c of r.cells) if (c.error) errors.set(c.error, (errors.get(c.error) ?? 0) + 1);
  const body = [
    `<h1>Access of <code>${escapeHtml(id.label)}</code></h1>`,
    `<p class="meta">Scriptlet <code>${escapeHtml(report.file)}</code> on <b>${escapeHtml(report.cluster)}</b> (Incus ${escapeHtml(m.version)}) — ${escapeHtml(id.protocol)} user <code>${escapeHtml(id.username)}</code>${id.restricted ? `, restricted to ${escapeHtml(id.projects.join(", ") || "no project")}` : ""}.</p>`,
    `<p class="summary" id="summary"><span class="allowed">${m.counts.allowed} allowed</span> <span class="denied">${m.counts.denied} denied</span> <span class="error">${m.counts.error} errors</span></p>`,
    m.validationError ? `<p class="bad">Incus refuses to set authorization.scriptlet to this file: ${escapeHtml(m.validationError)}</p>` : "",
    ...m.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`),
    `<table id="matrix"><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table>`,
    errors.size ? `<h2>Errors</h2><ul>${[...errors].map(([e, n]) => `<li><code>${escapeHtml(e)}</code> — ${n} cell${n === 1 ? "" : "s"}</li>`).join("")}</ul>` : "",
    `<p class="legend"><span class="allowed">✓ allowed</span> <span class="denied">· denied</span> <span class="error">! the scriptlet failed (403; left out of lists)</span> <span class="outside">✓* allowed outside the certificate's projects</span></p>`,
  ].join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline';">
<title>Access matrix</title>
<style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
code { font-family: var(--vscode-editor-font-family); }
.meta, .note, .legend { opacity: .85; }
.note { border-left: 3px solid #d79b00; padding-left: .6em; }
.bad { color: #e5534b; }
table { border-collapse: collapse; margin-top: .5em; }
th.obj { text-align: left; font-weight: normal; font-family: var(--vscode-editor-font-family); white-space: nowrap; max-width: 28em; overflow: hidden; text-overflow: ellipsis; padding-right: .6em; }
th.ent { height: 9em; vertical-align: bottom; padding: 0; }
th.ent div { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: normal; font-size: .85em; padding: .2em; }
td { width: 1.6em; height: 1.4em; text-align: center; border: 1px solid var(--vscode-editorWidget-border, #4445); }
td.allowed { background: #2e7d3299; } td.denied { background: #6e768166; } td.error { background: #c6282899; font-weight: bold; }
td.outside { background: #d79b00cc; font-weight: bold; } td.na { background: transparent; }
span.allowed, span.denied, span.error, span.outside { padding: 0 .4em; border-radius: 3px; margin-right: .5em; }
span.allowed { background: #2e7d3299; } span.denied { background: #6e768166; } span.error { background: #c6282899; } span.outside { background: #d79b00cc; }
.access { font-size: .8em; opacity: .8; }
`;
