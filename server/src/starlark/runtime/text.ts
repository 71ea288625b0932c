// Conversions between JS (UTF-16) strings and Starlark byte strings (CONTRACT.md: a JS
// string whose char codes are the UTF-8 bytes). The runtime runs inside QuickJS, which has
// no TextEncoder/TextDecoder, so these are written out by hand.

import { decodeRune, runeWidth, encodeRune, RUNE_ERROR } from "./methods/utf8";

/** UTF-8 encode a JS string into a byte string. Lone surrogates become U+FFFD, as Go's
 *  conversion of an invalid rune does, except U+DC80..U+DCFF, which stand for the bytes
 *  0x80..0xFF of a string that is not valid UTF-8 (fromByteString's escapes), so a
 *  Starlark string crosses to the host and back unchanged. */
export function toByteString(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out += s[i];
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) out += String.fromCharCode(c - 0xdc00); // an escaped byte
    else out += encodeRune(c); // other lone surrogates encode as U+FFFD
  }
  return out;
}

/** Decode a byte string into a JS string; each byte of an invalid sequence becomes U+FFFD
 *  (Go's []rune(s) / range-over-string semantics), or, with `escapeInvalid`, the lone
 *  surrogate U+DC00 + byte (which toByteString turns back into the byte: lossless, for
 *  values crossing the sandbox boundary; see displayString). */
export function fromByteString(b: string, escapeInvalid = false): string {
  let ascii = true;
  for (let i = 0; i < b.length; i++) {
    if (b.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return b;
  let out = "";
  for (let i = 0; i < b.length; ) {
    const c = b.charCodeAt(i);
    if (c < 0x80) {
      out += b[i];
      i++;
      continue;
    }
    const r = decodeRune(b, i);
    if (escapeInvalid && r === RUNE_ERROR && runeWidth === 1) out += String.fromCharCode(0xdc00 + c);
    else out += String.fromCodePoint(r);
    i += runeWidth;
  }
  return out;
}

/** A host string as text to show (a log line, a message): escaped invalid bytes become
 *  U+FFFD, as Go's JSON encoding of such a string does. */
export function displayString(s: string): string {
  return /[\udc80-\udcff]/.test(s) ? s.replace(/[\udc80-\udcff]/g, "\ufffd") : s;
}

/** The code points of a byte string as Go's `for _, r := range s` yields them. */
export function codePoints(b: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.length; ) {
    const r = decodeRune(b, i);
    i += runeWidth;
    out.push(r);
  }
  return out;
}

export { RUNE_ERROR };
