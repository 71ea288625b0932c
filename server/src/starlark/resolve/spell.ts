// Spelling suggestions for "undefined: x (did you mean y?)", ported from go.starlark.net's
// internal/spell (Nearest, levenshtein) so that the suggestion is the one the reference
// implementation makes. Go measures distances over UTF-8 *bytes* and lower-cases per rune
// with unicode.ToLower, so both are reproduced here rather than using JS string ops.

const encoder = new TextEncoder();

/** Go's unicode.ToLower for one code point. JS lower-casing can expand a code point into
 *  several (U+0130 → "i̇"); Go's simple case mapping never does, so keep it to one. */
function lowerRune(cp: number): number {
  if (cp === 0x130) return 0x69; // LATIN CAPITAL LETTER I WITH DOT ABOVE → i (Go's mapping)
  const lowered = String.fromCodePoint(cp).toLowerCase();
  const first = lowered.codePointAt(0);
  return first !== undefined && lowered.length === String.fromCodePoint(first).length ? first : cp;
}

/** Ignore underscores and case when matching (spell.Nearest's `fold`), as UTF-8 bytes. */
function fold(s: string): Uint8Array {
  return isAscii(s) ? foldAscii(s) : foldUnicode(s);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** The common case, without TextEncoder (which dominated the resolver's time on files
 *  with many undefined names). */
function foldAscii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5f) continue; // _
    out[n++] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  }
  return out.subarray(0, n);
}

function foldUnicode(s: string): Uint8Array {
  let out = "";
  for (const ch of s) {
    if (ch === "_") continue;
    out += String.fromCodePoint(lowerRune(ch.codePointAt(0)!));
  }
  return encoder.encode(out);
}

/** Port of spell.levenshtein: edit distance between byte strings, possibly returning an
 *  approximate value greater than `max` early when the distance clearly exceeds it. */
function levenshtein(x: Uint8Array, y: Uint8Array, max: number): number {
  if (x.length > y.length) [x, y] = [y, x];

  // Remove the common prefix. (As in Go, nothing is removed when x is a prefix of y.)
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) {
      x = x.subarray(i);
      y = y.subarray(i);
      break;
    }
  }
  if (x.length === 0) return y.length;

  const lengthGap = Math.abs(x.length - y.length);
  if (lengthGap > max) return lengthGap;

  const row: number[] = [];
  for (let j = 0; j <= y.length; j++) row.push(j);

  for (let i = 1; i <= x.length; i++) {
    row[0] = i;
    let best = i;
    let prev = i - 1;
    for (let j = 1; j <= y.length; j++) {
      const substitution = prev + (x[i - 1] !== y[j - 1] ? 1 : 0);
      const deletion = 1 + row[j - 1];
      const insertion = 1 + row[j];
      const k = Math.min(substitution, deletion, insertion);
      prev = row[j];
      row[j] = k;
      best = Math.min(best, k);
    }
    if (best > max) return best;
  }
  return row[y.length];
}

/** Port of spell.Nearest: the candidate nearest to `x`, or "" if none is within 50% typos.
 *  Ties go to the earliest candidate, so callers sort the candidates as Go does. */
export function nearest(x: string, candidates: readonly string[]): string {
  const fx = fold(x);
  let best = "";
  let bestD = Math.floor((fx.length + 1) / 2);
  for (const c of candidates) {
    const d = levenshtein(fx, fold(c), bestD);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/** Spelling suggestions over many lookups (one resolver run): remembers folded names. */
export class Speller {
  private readonly folded = new Map<string, Uint8Array>();

  private fold(name: string): Uint8Array {
    let f = this.folded.get(name);
    if (!f) {
      f = fold(name);
      this.folded.set(name, f);
    }
    return f;
  }

  /** `nearest(x, names sorted as Go's sort.Strings sorts them)`, without sorting: Go's
   *  scan keeps the first candidate of least distance, i.e. (since levenshtein is exact up
   *  to its bound) the smallest name, in code point order, among those of least distance.
   *  The resolver asks this once per undefined name, over all globals: sorting and
   *  re-folding each time made large files slow. */
  nearestInSortedOrder(x: string, names: Iterable<string>): string {
    const fx = fold(x);
    let best: string | undefined;
    let bestD = Math.floor((fx.length + 1) / 2);
    for (const c of names) {
      if (c === best) continue;
      const d = levenshtein(fx, this.fold(c), bestD);
      if (d < bestD || (best !== undefined && d === bestD && compareCodePoints(c, best) < 0)) {
        bestD = d;
        best = c;
      }
    }
    return best ?? "";
  }
}

/** Orders strings as Go's sort.Strings does: by UTF-8 bytes, i.e. by code points (JS's
 *  default sort compares UTF-16 units, which differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return (ca.done ? 0 : 1) - (cb.done ? 0 : 1);
    const d = ca.value.codePointAt(0)! - cb.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}
