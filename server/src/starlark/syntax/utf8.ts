// Conversions between JS strings and *byte strings* (JS strings whose char codes 0..255
// are UTF-8 bytes), the representation of Starlark string values (see runtime/CONTRACT.md).
// The engine has one UTF-8 codec, the runtime's (runtime/text.ts, runtime/methods/utf8.ts:
// Go's unicode/utf8 semantics, and it runs inside the sandbox too); the scanner and quoting
// use it through these names.
import { decodeRune as decodeRuneAt, encodeRune, runeWidth } from "../runtime/methods/utf8";
import { fromByteString, toByteString } from "../runtime/text";

export { encodeRune };

/** The UTF-8 bytes of `s` as a byte string (a lone surrogate becomes U+FFFD). */
export function encodeUtf8(s: string): string {
  return toByteString(s);
}

/** Decodes one rune from byte string `b` at index `i`, as Go's utf8.DecodeRuneInString:
 *  an invalid or truncated sequence yields [0xFFFD, 1]. */
export function decodeRune(b: string, i: number): [rune: number, size: number] {
  const r = decodeRuneAt(b, i);
  return [r, runeWidth];
}

/** A byte string decoded to an ordinary JS string (invalid bytes become U+FFFD). */
export function decodeUtf8(b: string): string {
  return fromByteString(b);
}
