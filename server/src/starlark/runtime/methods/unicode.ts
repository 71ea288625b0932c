// Go's unicode predicates and simple case mappings (unicode.IsLetter, IsDigit, IsSpace,
// IsUpper, IsLower, IsTitle, ToUpper, ToLower, ToTitle, and go.starlark.net's isCasedRune),
// over Go's own tables (unicode-tables.ts), so string methods classify runes exactly as
// go.starlark.net does. JS's toUpperCase/\p{..} would use full (multi-rune) mappings and
// the engine's Unicode version instead.

import {
  CASE_RANGES,
  DIGIT,
  FOLDABLE,
  LETTER,
  LOWER,
  TITLE,
  UPPER,
  UPPER_LOWER,
  WHITE_SPACE,
} from "./unicode-tables";

/** unicode.Is over a (lo, hi, stride) table. */
function inTable(table: readonly number[], r: number): boolean {
  let lo = 0;
  let hi = table.length / 3;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    const rlo = table[3 * m];
    if (r < rlo) hi = m;
    else if (r > table[3 * m + 1]) lo = m + 1;
    else return (r - rlo) % table[3 * m + 2] === 0;
  }
  return false;
}

export function isLetter(r: number): boolean {
  if (r < 0x80) return (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  return inTable(LETTER(), r);
}

export function isDigit(r: number): boolean {
  if (r <= 0xff) return r >= 0x30 && r <= 0x39;
  return inTable(DIGIT(), r);
}

export function isSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return inTable(WHITE_SPACE(), r);
}

export function isUpper(r: number): boolean {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a;
  return inTable(UPPER(), r);
}

export function isLower(r: number): boolean {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a;
  return inTable(LOWER(), r);
}

export function isTitle(r: number): boolean {
  if (r <= 0xff) return false;
  return inTable(TITLE(), r);
}

const UPPER_CASE = 0;
const LOWER_CASE = 1;
const TITLE_CASE = 2;

/** unicode.to: map r to the given case through CaseRanges. */
function to(kase: number, r: number): number {
  const cases = CASE_RANGES();
  let lo = 0;
  let hi = cases.length / 5;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    const base = 5 * m;
    const crLo = cases[base];
    if (r < crLo) hi = m;
    else if (r > cases[base + 1]) lo = m + 1;
    else {
      const delta = cases[base + 2 + kase];
      if (delta === UPPER_LOWER) {
        // Alternating Upper/Lower sequence: even offsets are upper (and title) case.
        return crLo + (((r - crLo) & ~1) | (kase & 1));
      }
      return r + delta;
    }
  }
  return r;
}

export function toUpper(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  return to(UPPER_CASE, r);
}

export function toLower(r: number): number {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a ? r + 32 : r;
  return to(LOWER_CASE, r);
}

export function toTitle(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  return to(TITLE_CASE, r);
}

/** go.starlark.net isCasedRune: 'a'..'z', 'A'..'Z', or unicode.SimpleFold(r) != r. */
export function isCasedRune(r: number): boolean {
  if (r < 0x80) return (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  const foldable = FOLDABLE();
  let lo = 0;
  let hi = foldable.length / 2;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (r < foldable[2 * m]) hi = m;
    else if (r > foldable[2 * m + 1]) lo = m + 1;
    else return true;
  }
  return false;
}
