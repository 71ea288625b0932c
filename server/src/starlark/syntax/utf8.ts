// Conversions between JS strings and *byte strings* (JS strings whose char codes 0..255
// are UTF-8 bytes), the representation of Starlark string values (see runtime/CONTRACT.md).

/** The UTF-8 bytes of `s` as a byte string. A lone surrogate becomes U+FFFD, as
 *  TextEncoder does: go.starlark.net never sees one because it reads bytes. */
export function encodeUtf8(s: string): string {
  // Fast path: pure ASCII strings are their own encoding.
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  let out = "";
  for (const ch of s) out += encodeRune(ch.codePointAt(0)!);
  return out;
}

/** The UTF-8 encoding of one code point, as a byte string. */
export function encodeRune(cp: number): string {
  if (cp >= 0xd800 && cp < 0xe000) cp = 0xfffd;
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) {
    return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return String.fromCharCode(
    0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

/** Decodes one rune from byte string `b` at index `i`, as Go's utf8.DecodeRuneInString:
 *  an invalid or truncated sequence yields [0xFFFD, 1]. */
export function decodeRune(b: string, i: number): [rune: number, size: number] {
  const c0 = b.charCodeAt(i);
  if (c0 < 0x80) return [c0, 1];
  const cont = (k: number) => {
    const c = b.charCodeAt(i + k);
    return c >= 0x80 && c <= 0xbf ? c & 0x3f : -1;
  };
  if (c0 >= 0xc2 && c0 <= 0xdf) {
    const c1 = cont(1);
    if (c1 >= 0) return [((c0 & 0x1f) << 6) | c1, 2];
  } else if (c0 >= 0xe0 && c0 <= 0xef) {
    const c1 = cont(1), c2 = cont(2);
    if (c1 >= 0 && c2 >= 0) {
      const r = ((c0 & 0x0f) << 12) | (c1 << 6) | c2;
      if (r >= 0x800 && !(r >= 0xd800 && r < 0xe000)) return [r, 3];
    }
  } else if (c0 >= 0xf0 && c0 <= 0xf4) {
    const c1 = cont(1), c2 = cont(2), c3 = cont(3);
    if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
      const r = ((c0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
      if (r >= 0x10000 && r <= 0x10ffff) return [r, 4];
    }
  }
  return [0xfffd, 1];
}

/** A byte string decoded to an ordinary JS string (invalid bytes become U+FFFD). */
export function decodeUtf8(b: string): string {
  if (/^[\x00-\x7f]*$/.test(b)) return b;
  let out = "";
  for (let i = 0; i < b.length;) {
    const [r, size] = decodeRune(b, i);
    out += String.fromCodePoint(r);
    i += size;
  }
  return out;
}
