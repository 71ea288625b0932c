// Decoding of string and bytes literals, ported from go.starlark.net/syntax/quote.go
// (unquote, Quote). Go works on the UTF-8 bytes of the literal, and its messages quote
// those bytes, so we do the same: the literal is first encoded to a byte string.
import { decodeRune, decodeUtf8, encodeRune, encodeUtf8 } from "./utf8";

export interface Unquoted {
  /** The decoded value as a byte string (best effort when `error` is set). */
  value: string;
  triple: boolean;
  isBytes: boolean;
  /** The first error, worded as go.starlark.net words it. */
  error?: string;
}

const singleCharEscapes: Record<string, string> = {
  a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"',
};

const hexDigits = /^[0-9a-fA-F]+$/;

function hex(n: number, width: number, upper: boolean): string {
  const s = n.toString(16).padStart(width, "0");
  return upper ? s.toUpperCase() : s;
}

/** unquote in quote.go: `raw` is the literal as written, prefix and quotes included. */
export function unquote(raw: string): Unquoted {
  let quoted = encodeUtf8(raw);
  let isRaw = false, isBytes = false, triple = false;
  if (quoted.startsWith("r")) { isRaw = true; quoted = quoted.slice(1); }
  if (quoted.startsWith("b")) { isBytes = true; quoted = quoted.slice(1); }
  const result = (value: string, error?: string): Unquoted => ({ value, triple, isBytes, error });

  if (quoted.length < 2) return result("", "string literal too short");
  const q = quoted[0];
  if ((q !== '"' && q !== "'") || q !== quoted[quoted.length - 1]) {
    return result("", "string literal has invalid quotes");
  }
  if (quoted.length >= 6 && quoted[1] === q && quoted[2] === q &&
      quoted.slice(0, 3) === quoted.slice(-3)) {
    triple = true;
    quoted = quoted.slice(3, -3);
  } else {
    quoted = quoted.slice(1, -1);
  }

  let out = "";
  let error: string | undefined;
  // On an invalid escape Go stops; we note the first error, keep the escape's text
  // literally and carry on, so that editors still get a usable value.
  const fail = (msg: string, skip: number) => {
    error ??= msg;
    out += quoted.slice(0, skip);
    quoted = quoted.slice(skip);
  };
  while (quoted.length > 0) {
    const i = firstSpecial(quoted, isRaw);
    if (i < 0) { out += quoted; break; }
    out += quoted.slice(0, i);
    quoted = quoted.slice(i);

    if (quoted[0] === "\r") {
      out += "\n";
      quoted = quoted.slice(quoted[1] === "\n" ? 2 : 1);
      continue;
    }
    if (quoted.length === 1) { fail("truncated escape sequence \\", 1); continue; }

    const c = quoted[1];
    if (c === "\n") {
      quoted = quoted.slice(2);
    } else if (c in singleCharEscapes) {
      out += singleCharEscapes[c];
      quoted = quoted.slice(2);
    } else if (c >= "0" && c <= "7") {
      let n = c.charCodeAt(0) - 48;
      let len = 2;
      while (len < 4 && quoted[len] >= "0" && quoted[len] <= "7") {
        n = n * 8 + quoted.charCodeAt(len) - 48;
        len++;
      }
      if (!isBytes && n > 127) {
        const u = hex(n, 4, true);
        fail(`non-ASCII octal escape \\${n.toString(8)} (use \\u${u} for the UTF-8 encoding of U+${u})`, len);
      } else if (n >= 256) {
        fail(`invalid escape sequence \\${n.toString(8).padStart(3, "0")}`, len);
      } else {
        out += String.fromCharCode(n);
        quoted = quoted.slice(len);
      }
    } else if (c === "x") {
      if (quoted.length < 4) { fail(`truncated escape sequence ${decodeUtf8(quoted)}`, quoted.length); continue; }
      const digits = quoted.slice(2, 4);
      if (!hexDigits.test(digits)) { fail(`invalid escape sequence ${decodeUtf8(quoted.slice(0, 4))}`, 2); continue; }
      const n = parseInt(digits, 16);
      if (!isBytes && n > 127) {
        const u = hex(n, 4, true);
        fail(`non-ASCII hex escape ${quoted.slice(0, 4)} (use \\u${u} for the UTF-8 encoding of U+${u})`, 4);
        continue;
      }
      out += String.fromCharCode(n);
      quoted = quoted.slice(4);
    } else if (c === "u" || c === "U") {
      const size = c === "u" ? 6 : 10;
      if (quoted.length < size) { fail(`truncated escape sequence ${decodeUtf8(quoted)}`, quoted.length); continue; }
      const digits = quoted.slice(2, size);
      if (!hexDigits.test(digits)) { fail(`invalid escape sequence ${decodeUtf8(quoted.slice(0, size))}`, 2); continue; }
      const n = parseInt(digits, 16);
      if (n > 0x10ffff) {
        fail(`code point out of range: ${quoted.slice(0, size)} (max \\U${hex(n, 8, false)})`, size);
      } else if (n >= 0xd800 && n < 0xe000) {
        fail(`invalid Unicode code point U+${hex(n, 4, true)}`, size);
      } else {
        out += encodeRune(n);
        quoted = quoted.slice(size);
      }
    } else {
      // Go formats the byte after the backslash with %c, i.e. as the code point of
      // that byte value (so a non-ASCII lead byte 0xC3 prints as "Ã").
      fail(`invalid escape sequence \\${String.fromCharCode(c.charCodeAt(0))}`, 2);
    }
  }
  return result(out, error);
}

function firstSpecial(s: string, isRaw: boolean): number {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\r" || (c === "\\" && !isRaw)) return i;
  }
  return -1;
}

// ---- Quoting (Go's Quote and strconv.QuoteRune), for messages and debug output --------

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(r: number): boolean {
  return r === 0x20 || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(r));
}

function escapeNonPrintable(r: number): string {
  switch (r) {
    case 0x07: return "\\a";
    case 0x08: return "\\b";
    case 0x0c: return "\\f";
    case 0x0a: return "\\n";
    case 0x0d: return "\\r";
    case 0x09: return "\\t";
    case 0x0b: return "\\v";
  }
  if (r < 0x20 || r === 0x7f) return "\\x" + hex(r, 2, false);
  if (r > 0x10ffff) r = 0xfffd;
  return r < 0x10000 ? "\\u" + hex(r, 4, false) : "\\U" + hex(r, 8, false);
}

/** Quote in quote.go: a Starlark literal denoting byte string `s` (a bytes literal if
 *  `isBytes`). Invalid UTF-8 is shown as \xNN. Returns an ordinary JS string. */
export function quote(s: string, isBytes: boolean): string {
  let out = isBytes ? 'b"' : '"';
  for (let i = 0; i < s.length;) {
    const [r, size] = decodeRune(s, i);
    if (size === 1 && r === 0xfffd) {
      out += "\\x" + hex(s.charCodeAt(i), 2, false);
    } else if (r === 0x22 || r === 0x5c) {
      out += "\\" + String.fromCharCode(r);
    } else if (isPrint(r)) {
      out += String.fromCodePoint(r);
    } else {
      out += escapeNonPrintable(r);
    }
    i += size;
  }
  return out + '"';
}

/** strconv.QuoteRune: what Go's %q (and %#q) print for a rune. */
export function quoteRune(r: number): string {
  if (r === 0x27) return "'\\''";
  if (r === 0x5c) return "'\\\\'";
  if (isPrint(r)) return `'${String.fromCodePoint(r)}'`;
  return `'${escapeNonPrintable(r)}'`;
}
