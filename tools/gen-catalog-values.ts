// Fact extraction for gen-catalog.ts: pull allowed values and literal defaults out of the
// metadata's free-text fields. Only the backticked literals are kept (they are facts); none of the
// surrounding prose goes into our data.

/** Backticked literals of a clause, if the clause is nothing but literals and separators. */
function literalsOnly(clause: string): string[] | undefined {
  const values = [...clause.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  if (values.length < 2) return undefined;
  const rest = clause
    .replace(/`[^`]+`/g, "")
    .replace(/\((?:the )?default\)|\*\(default\)\*|\bthe default\b/gi, "")
    .replace(/\b(or|and|either)\b/gi, "")
    .replace(/[\s,:;.()]+/g, "");
  return rest === "" ? values : undefined;
}

/** Literals listed as bullets (`- \`value\`...`) right after a line ending with a colon. */
function bulletLists(text: string): string[] {
  const out: string[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/:\s*$/.test(lines[i])) continue;
    let indent = -1;
    for (let j = i + 1; j < lines.length; j++) {
      const m = /^(\s*)-\s+`([^`]+)`/.exec(lines[j]);
      if (m) {
        if (indent < 0) indent = m[1].length;
        if (m[1].length === indent) out.push(m[2]);
        continue;
      }
      if (lines[j].trim() === "" && indent < 0) continue;
      // Continuation lines and nested (+) bullets are indented deeper; anything else ends the list.
      if (indent >= 0 && (/^\s*$/.test(lines[j]) || /^\s+/.test(lines[j]))) continue;
      break;
    }
  }
  return out;
}

const LEADS = [
  /possible values are:?/i,
  /valid values are:?/i,
  /valid options are:?/i,
  /supported values are:?/i,
  /allowed values are:?/i,
  /\bone of:?/i,
  /\bcan be:?/i,
  /\beither\b/i,
];

/**
 * Allowed values stated in a key's descriptions, or undefined when none are stated.
 * Recognised: "Possible values are `a`, `b`, and `c`.", "(one of `a`, `b` or `c`)",
 * "(either `a` or `b`)", "(can be `a` or `b`)", and bullet lists after "...:" lines.
 */
export function allowedValues(...texts: Array<string | undefined>): string[] | undefined {
  const found: string[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const v of bulletLists(text)) found.push(v);
    for (const lead of LEADS) {
      const re = new RegExp(lead.source, "gi");
      let m: RegExpExecArray | null;
      while ((m = re.exec(text))) {
        // The clause runs to the end of the sentence or parenthesis.
        const after = text.slice(m.index + m[0].length);
        const end = after.search(/\)|\.(\s|$)|\n\n|;/);
        const clause = end < 0 ? after : after.slice(0, end);
        const vals = literalsOnly(clause);
        if (vals) found.push(...vals);
      }
    }
  }
  const unique = [...new Set(found)];
  return unique.length >= 2 ? unique : undefined;
}

/**
 * A literal default from `defaultdesc`, e.g. "`false`" -> "false", "30" -> "30", "empty" -> "".
 * Returns { described: true } when the default is explained rather than a literal
 * ("kernel assigned", "`false` (containers), `true` (VMs)"), and undefined when there is none ("-").
 */
export function literalDefault(desc: string | undefined): { value: string } | { described: true } | undefined {
  if (desc === undefined) return undefined;
  const d = desc.trim();
  if (d === "-" || d === "") return undefined;
  let m = /^`([^`]*)`$/.exec(d);
  if (m) return { value: m[1] };
  m = /^'([^']*)'$/.exec(d);
  if (m) return { value: m[1] };
  if (/^-?\d+(\.\d+)?%?$/.test(d) || /^[a-z][a-z-]*$/.test(d)) return d === "empty" ? { value: "" } : { value: d };
  return { described: true };
}
