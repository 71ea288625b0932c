// Spelling hints ("did you mean .g?"): a port of go.starlark.net's internal/spell over byte
// strings — Go measures distances in UTF-8 bytes and folds case with its own Unicode tables.
// The runtime uses it inside the sandbox; the resolver uses it too (resolve/spell.ts).

import { decodeRune, encodeRune, runeWidth } from "./methods/utf8";
import { toLower } from "./methods/unicode";

/** Ignore underscores and case when matching (unicode.ToLower per rune). */
export function fold(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c !== 0x5f) out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : s[i];
      i++;
      continue;
    }
    const r = decodeRune(s, i);
    i += runeWidth;
    out += encodeRune(toLower(r));
  }
  return out;
}

/** spell.levenshtein (possibly an early answer > max). */
export function levenshtein(x: string, y: string, max: number): number {
  if (x.length > y.length) [x, y] = [y, x];
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) {
      x = x.slice(i);
      y = y.slice(i);
      break;
    }
  }
  // (Go's loop leaves x unchanged when it is a prefix of y; then x != "" unless empty.)
  if (x === "" ) return y.length;
  const d = Math.abs(x.length - y.length);
  if (d > max) return d;
  const row: number[] = [];
  for (let j = 0; j <= y.length; j++) row.push(j);
  for (let i = 1; i <= x.length; i++) {
    row[0] = i;
    let best = i;
    let prev = i - 1;
    for (let j = 1; j <= y.length; j++) {
      const a = prev + (x.charCodeAt(i - 1) !== y.charCodeAt(j - 1) ? 1 : 0);
      const b = 1 + row[j - 1];
      const c = 1 + row[j];
      const k = Math.min(a, b, c);
      prev = row[j];
      row[j] = k;
      best = Math.min(best, k);
    }
    if (best > max) return best;
  }
  return row[y.length];
}

/** spell.Nearest: the candidate closest to x, or "" when none is close enough. */
export function nearest(x: string, candidates: readonly string[]): string {
  x = fold(x);
  let best = "";
  let bestD = Math.floor((x.length + 1) / 2); // allow up to 50% typos
  for (const c of candidates) {
    const d = levenshtein(x, fold(c), bestD);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
