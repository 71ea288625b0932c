// Expands a VS Code snippet body the way inserting it with every default accepted would:
// ${1:default} → default (nested placeholders too), ${1|a,b|} → a, $1 / ${1} / $0 → "".
export function expandSnippet(body: string | string[]): string {
  let text = Array.isArray(body) ? body.join("\n") : body;
  // Innermost placeholders first, until none is left.
  for (let guard = 0; guard < 50; guard++) {
    const next = text
      .replace(/\$\{\d+:([^${}]*)\}/g, "$1")
      .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, "$1")
      .replace(/\$\{\d+\}/g, "");
    if (next === text) break;
    text = next;
  }
  return text.replace(/\$\d+/g, "").replace(/\\\$/g, "$");
}
