// Spelling suggestions for "undefined: x (did you mean y?)", ported from go.starlark.net's
// internal/spell (Nearest) so that the suggestion is the one the reference implementation
// makes. Folding and distances are the runtime's (runtime/spell.ts: UTF-8 bytes, Go's
// unicode.ToLower), so the resolver and the sandbox suggest alike.
import { fold as foldBytes, levenshtein } from "../runtime/spell";
import { toByteString } from "../runtime/text";

/** Folded UTF-8 bytes of a name, as a byte string. */
function fold(s: string): string {
  return foldBytes(toByteString(s));
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
  private readonly folded = new Map<string, string>();

  private fold(name: string): string {
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
