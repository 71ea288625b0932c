// UTF-8 over "byte strings" (JS strings whose char codes are the bytes 0..255 of a Starlark
// string, see CONTRACT.md), with exactly the semantics of Go's unicode/utf8: a byte that does
// not start a valid, shortest-form encoding of a non-surrogate code point ≤ U+10FFFF decodes
// as U+FFFD with width 1. Used wherever go.starlark.net ranges over a string's runes.

export const RUNE_ERROR = 0xfffd;

/** Width in bytes of the rune decoded by the last decodeRune/decodeLastRune call. Returned
 *  through a module variable so the hot loops allocate nothing. */
export let runeWidth = 0;

/** utf8.DecodeRuneInString(s[i:]): the rune at byte offset i (i < s.length); its width is
 *  left in `runeWidth`. */
export function decodeRune(s: string, i: number): number {
  const n = s.length;
  const b0 = s.charCodeAt(i);
  if (b0 < 0x80) {
    runeWidth = 1;
    return b0;
  }
  // Go's "first" table: the accepted range for the second byte depends on the first byte.
  let need: number, lo = 0x80, hi = 0xbf, r: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    need = 1;
    r = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    need = 2;
    r = b0 & 0x0f;
    if (b0 === 0xe0) lo = 0xa0; // no overlong forms
    else if (b0 === 0xed) hi = 0x9f; // no surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    need = 3;
    r = b0 & 0x07;
    if (b0 === 0xf0) lo = 0x90; // no overlong forms
    else if (b0 === 0xf4) hi = 0x8f; // nothing above U+10FFFF
  } else {
    runeWidth = 1;
    return RUNE_ERROR;
  }
  for (let k = 1; k <= need; k++) {
    if (i + k >= n) {
      runeWidth = 1;
      return RUNE_ERROR;
    }
    const b = s.charCodeAt(i + k);
    if (k === 1 ? b < lo || b > hi : b < 0x80 || b > 0xbf) {
      runeWidth = 1;
      return RUNE_ERROR;
    }
    r = (r << 6) | (b & 0x3f);
  }
  runeWidth = need + 1;
  return r;
}

/** utf8.DecodeLastRuneInString(s[:end]) (end > 0); width in `runeWidth`. */
export function decodeLastRune(s: string, end: number): number {
  const last = s.charCodeAt(end - 1);
  if (last < 0x80) {
    runeWidth = 1;
    return last;
  }
  // Back up to the start byte (at most 3 continuation bytes), then decode forwards: the
  // rune is valid only if it ends exactly at `end`.
  const lim = Math.max(0, end - 4);
  let start = end - 1;
  while (start > lim && (s.charCodeAt(start) & 0xc0) === 0x80) start--;
  const r = decodeRune(s, start);
  if (start + runeWidth !== end) {
    runeWidth = 1;
    return RUNE_ERROR;
  }
  return r;
}

/** The UTF-8 encoding of rune r as a byte string (utf8.AppendRune: invalid runes, i.e.
 *  surrogates and values outside 0..0x10FFFF, encode as U+FFFD). */
export function encodeRune(r: number): string {
  if (r < 0x80 && r >= 0) return String.fromCharCode(r);
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = RUNE_ERROR;
  if (r < 0x800) return String.fromCharCode(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  if (r < 0x10000) {
    return String.fromCharCode(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  }
  return String.fromCharCode(
    0xf0 | (r >> 18),
    0x80 | ((r >> 12) & 0x3f),
    0x80 | ((r >> 6) & 0x3f),
    0x80 | (r & 0x3f),
  );
}

const NON_ASCII = /[\x80-\xff]/;

/** Whether s contains only bytes < 0x80 (the fast path of most string methods). A regexp
 *  scan is several times faster than a charCodeAt loop in QuickJS. */
export function isASCII(s: string): boolean {
  return !NON_ASCII.test(s);
}

/** utf8.ValidString. */
export function validUTF8(s: string): boolean {
  for (let i = 0; i < s.length; ) {
    if (s.charCodeAt(i) < 0x80) {
      i++;
      continue;
    }
    const r = decodeRune(s, i);
    if (r === RUNE_ERROR && runeWidth === 1) return false;
    i += runeWidth;
  }
  return true;
}

/** utf8.RuneCountInString. */
export function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; n++) {
    if (s.charCodeAt(i) < 0x80) i++;
    else {
      decodeRune(s, i);
      i += runeWidth;
    }
  }
  return n;
}

/** go.starlark.net's utf8Transcode (library.go): each byte of an invalid sequence becomes
 *  the encoding of U+FFFD; valid text is returned unchanged. */
export function utf8Transcode(s: string): string {
  if (validUTF8(s)) return s;
  let out = "";
  for (let i = 0; i < s.length; ) {
    const r = decodeRune(s, i);
    out += r === RUNE_ERROR && runeWidth === 1 ? "\xef\xbf\xbd" : s.substr(i, runeWidth);
    i += runeWidth;
  }
  return out;
}
