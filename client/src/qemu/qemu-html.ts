// The QEMU what-if view: per stage the log lines, QMP commands and errors, then the QEMU
// configuration and command line as a diff. Static HTML, every value escaped.
import type { DiffLine, QemuRunResult } from "../../../server/src/lsp/protocol";
import { escapeHtml } from "../authorization/matrix-html";

function diffHtml(title: string, diff: readonly DiffLine[]): string {
  if (!diff.some((d) => d.op !== " ")) return `<h2>${escapeHtml(title)}: unchanged</h2>`;
  const lines = diff.map((d) => `<div class="${d.op === "+" ? "add" : d.op === "-" ? "del" : "same"}">${escapeHtml(d.op)} ${escapeHtml(d.text)}</div>`).join("");
  return `<h2>${escapeHtml(title)}</h2><pre class="diff">${lines}</pre>`;
}

export function renderQemuHtml(r: QemuRunResult, file: string, cluster: string, cspSource = "'none'"): string {
  const stages = r.stages
    .map((s) => {
      const logs = s.logs.map((l) => `<li class="log ${escapeHtml(l.level)}">${escapeHtml(l.level)} ${escapeHtml(l.message)}</li>`).join("");
      const qmp = s.qmp.map((q) => `<li class="qmp"><code>${escapeHtml(JSON.stringify(q.request))}</code> → <code>${escapeHtml(JSON.stringify(q.reply))}</code>${q.answeredBy === "default" ? " <i>(default reply)</i>" : ""}</li>`).join("");
      const err = s.error ? `<li class="error">${escapeHtml(s.error)}</li>` : "";
      return `<h3>${escapeHtml(s.stage)}</h3><ul>${logs}${qmp}${err || (logs || qmp ? "" : "<li><i>nothing logged</i></li>")}</ul>`;
    })
    .join("");
  const body = [
    `<h1>QEMU what-if: <code>${escapeHtml(r.instance)}</code></h1>`,
    `<p class="meta">Scriptlet <code>${escapeHtml(file)}</code> on <b>${escapeHtml(cluster)}</b> (Incus ${escapeHtml(r.version)}).</p>`,
    `<p id="summary" class="${r.error ? "bad" : "good"}">${escapeHtml(r.error ? `The VM would not start: ${r.error}` : "Every stage ran.")}</p>`,
    stages,
    diffHtml("QEMU configuration", r.conf.diff),
    diffHtml("QEMU command line", r.cmdline.diff),
    ...r.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`),
  ].join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline';">
<title>QEMU what-if</title>
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
code, pre { font-family: var(--vscode-editor-font-family); }
.bad, li.error { color: #e5534b; } .good { color: #3fb950; } .note, .meta { opacity: .85; }
li.warn { color: #d29922; }
pre.diff div.add { background: #2e7d3266; } pre.diff div.del { background: #c6282866; } pre.diff div.same { opacity: .7; }
</style></head><body>${body}</body></html>`;
}
