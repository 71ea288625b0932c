// Case conversion and character-class tests of Starlark strings, on byte strings, as
// go.starlark.net computes them: strings.ToUpper/ToLower (strings.Map, which re-encodes
// invalid bytes as U+FFFD), and library.go's capitalize, title, is* methods. ASCII-only
// strings (the common case) take JS fast paths with identical results.

import { decodeRune, encodeRune, isASCII, runeWidth } from "./utf8";
import {
  isCasedRune,
  isDigit,
  isLetter,
  isLower,
  isSpace,
  isTitle,
  isUpper,
  toLower,
  toTitle,
  toUpper,
} from "./unicode";

/** strings.Map(mapping, s) for a total mapping: every rune (U+FFFD for each invalid byte)
 *  replaced by mapping(rune), re-encoded. */
function mapRunes(s: string, mapping: (r: number) => number): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out += String.fromCharCode(mapping(c));
      i++;
      continue;
    }
    const r = decodeRune(s, i);
    i += runeWidth;
    out += encodeRune(mapping(r));
  }
  return out;
}

/** strings.ToUpper. */
export function upper(s: string): string {
  // JS maps ASCII letters only within ASCII, exactly as Go's ASCII fast path.
  return isASCII(s) ? s.toUpperCase() : mapRunes(s, toUpper);
}

/** strings.ToLower. */
export function lower(s: string): string {
  return isASCII(s) ? s.toLowerCase() : mapRunes(s, toLower);
}

/** string_capitalize: the first rune in title case, all others lower case. */
export function capitalize(s: string): string {
  let first = true;
  return mapRunes(s, (r) => {
    if (first) {
      first = false;
      return toTitle(r);
    }
    return toLower(r);
  });
}

/** string_title: title case after an uncased rune, lower case after a cased one. */
export function title(s: string): string {
  let prevCased = false;
  return mapRunes(s, (r) => {
    r = prevCased ? toLower(r) : toTitle(r);
    prevCased = isCasedRune(r);
    return r;
  });
}

/** Whether every rune of non-empty s satisfies pred (string_isalpha & co). */
function allRunes(s: string, pred: (r: number) => boolean): boolean {
  if (s === "") return false;
  for (let i = 0; i < s.length; ) {
    const r = decodeRune(s, i);
    i += runeWidth;
    if (!pred(r)) return false;
  }
  return true;
}

export const isalnum = (s: string): boolean => allRunes(s, (r) => isLetter(r) || isDigit(r));
export const isalpha = (s: string): boolean => allRunes(s, isLetter);
export const isdigit = (s: string): boolean => allRunes(s, isDigit);
export const isspace = (s: string): boolean => allRunes(s, isSpace);

/** isCasedString: whether s contains any cased rune. */
function isCasedString(s: string): boolean {
  for (let i = 0; i < s.length; ) {
    const r = decodeRune(s, i);
    i += runeWidth;
    if (isCasedRune(r)) return true;
  }
  return false;
}

/** string_islower: cased, and unchanged by strings.ToLower. */
export function islower(s: string): boolean {
  return isCasedString(s) && s === lower(s);
}

/** string_isupper: cased, and unchanged by strings.ToUpper. */
export function isupper(s: string): boolean {
  return isCasedString(s) && s === upper(s);
}

/** string_istitle: upper/title-case runes only after uncased ones, lower-case ones only
 *  after cased ones, and at least one cased rune. */
export function istitle(s: string): boolean {
  let cased = false;
  let prevCased = false;
  for (let i = 0; i < s.length; ) {
    const r = decodeRune(s, i);
    i += runeWidth;
    if ((r >= 0x41 && r <= 0x5a) || isTitle(r)) {
      if (prevCased) return false;
      prevCased = true;
      cased = true;
    } else if (isLower(r)) {
      if (!prevCased) return false;
      prevCased = true;
      cased = true;
    } else if (isUpper(r)) {
      return false;
    } else {
      prevCased = false;
    }
  }
  return cased;
}
