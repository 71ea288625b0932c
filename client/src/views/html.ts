// Shared pieces of the scenario webviews: escaping, the page frame (static HTML, no scripts,
// a strict content security policy) and horizontal bars drawn with plain elements.
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function page(title: string, body: string, cspSource: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

/** A bar `value` long on a scale of `max`, labelled with the number. */
export function bar(value: number, max: number, cls = ""): string {
  const pct = max > 0 ? Math.round((value / max) * 100) : 0;
  return `<div class="bar ${cls}"><span style="width:${pct}%"></span><b>${value}</b></div>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1em 2em; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.4em; }
.meta, .dim { color: var(--vscode-descriptionForeground); }
table { border-collapse: collapse; margin: .5em 0; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--vscode-panel-border); text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.fail td { background: rgba(255, 60, 60, .16); }
td.down { color: var(--vscode-descriptionForeground); text-decoration: line-through; }
td.landed { font-weight: bold; color: var(--vscode-testing-iconPassed, #3a3); }
.bad { color: var(--vscode-errorForeground, #e55); font-weight: bold; }
.good { color: var(--vscode-testing-iconPassed, #3a3); font-weight: bold; }
.bar { position: relative; width: 180px; height: 1.2em; background: var(--vscode-editorWidget-background, #8882); }
.bar span { position: absolute; left: 0; top: 0; bottom: 0; background: var(--vscode-charts-blue, #48f); opacity: .7; }
.bar.after span { background: var(--vscode-charts-orange, #f84); }
.bar b { position: relative; padding-left: 4px; font-weight: normal; }
td.nowrap { white-space: nowrap; }
td.result { min-width: 16em; }
code { font-family: var(--vscode-editor-font-family); }
`;
