// str() and repr() of every value: go.starlark.net's writeValue (value.go) and
// syntax.Quote (syntax/quote.go). Lists and dicts are cycle-checked ("[...]", "{...}").

import { decodeRune, runeWidth, RUNE_ERROR } from "./methods/utf8";
import { PRINTABLE } from "./print-table";
import { formatFloat } from "./float-format";
import { SBytes, SDict, SFloat, SHostObject, SList, SSet, STuple, SValue, type Value } from "./values";

const HEX = "0123456789abcdef";

/** strconv.IsPrint over Go's tables. */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  let lo = 0;
  let hi = PRINTABLE.length / 2;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (r < PRINTABLE[2 * m]) hi = m;
    else if (r > PRINTABLE[2 * m + 1]) lo = m + 1;
    else return true;
  }
  return false;
}

function hex4(r: number, n: number): string {
  let s = "";
  for (let k = (n - 1) * 4; k >= 0; k -= 4) s += HEX[(r >> k) & 0xf];
  return s;
}

/** syntax.Quote(s, isBytes): a double-quoted literal (byte string in, byte string out). */
export function quote(s: string, isBytes = false): string {
  let out = isBytes ? 'b"' : '"';
  let start = 0; // start of a pending run of bytes copied verbatim
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) {
      i++;
      continue; // printable ASCII: copied in bulk below
    }
    if (start < i) out += s.slice(start, i);
    let width = 1;
    if (c < 0x80) {
      out += escapeRune(c);
    } else {
      const r = decodeRune(s, i);
      width = runeWidth;
      if (width === 1 && r === RUNE_ERROR) out += "\\x" + HEX[c >> 4] + HEX[c & 0xf];
      else if (isPrint(r)) out += s.slice(i, i + width);
      else out += escapeRune(r);
    }
    i += width;
    start = i;
  }
  if (start < s.length) out += s.slice(start);
  return out + '"';
}

function escapeRune(r: number): string {
  switch (r) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return "\\\\";
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x0b:
      return "\\v";
  }
  if (r < 0x20 || r === 0x7f) return "\\x" + hex4(r, 2);
  if (r < 0x10000) return "\\u" + hex4(r, 4);
  return "\\U" + hex4(r, 8);
}

/** str(x): strings unquoted, everything else as repr. */
export function str(v: Value): string {
  return typeof v === "string" ? v : repr(v);
}

/** repr(x) (Value.String / writeValue). */
export function repr(v: Value): string {
  switch (typeof v) {
    case "string":
      return quote(v);
    case "number":
    case "bigint":
      return String(v);
    case "boolean":
      return v ? "True" : "False";
  }
  if (v === null) return "None";
  return writeValue(v, undefined);
}

function writeValue(v: Value, path: SValue[] | undefined): string {
  if (typeof v !== "object" || v === null) return repr(v);
  if (v instanceof SFloat) return formatFloat(v.v, "g");
  if (v instanceof SList) {
    if (path !== undefined && path.indexOf(v) >= 0) return "[...]";
    const p = path === undefined ? [v] : path.concat(v);
    let out = "[";
    const e = v.elems;
    for (let i = 0; i < e.length; i++) {
      if (i > 0) out += ", ";
      out += writeValue(e[i], p);
    }
    return out + "]";
  }
  if (v instanceof STuple) {
    let out = "(";
    const e = v.elems;
    for (let i = 0; i < e.length; i++) {
      if (i > 0) out += ", ";
      out += writeValue(e[i], path);
    }
    return out + (e.length === 1 ? ",)" : ")");
  }
  if (v instanceof SDict) {
    if (path !== undefined && path.indexOf(v) >= 0) return "{...}";
    const p = path === undefined ? [v] : path.concat(v);
    let out = "{";
    let sep = "";
    for (const [k, x] of v.ht.items()) {
      out += sep + writeValue(k, path) + ": " + writeValue(x, p);
      sep = ", ";
    }
    return out + "}";
  }
  if (v instanceof SSet) {
    let out = "set([";
    let sep = "";
    for (const k of v.ht.keys()) {
      out += sep + writeValue(k, path);
      sep = ", ";
    }
    return out + "])";
  }
  if (v instanceof SBytes) return quote(v.s, true);
  if (v instanceof SHostObject) {
    // Host objects print as a dict of their fields, in field order (CONTRACT.md).
    let out = "{";
    let sep = "";
    for (const [k, x] of v.fields) {
      out += sep + quote(k) + ": " + writeValue(x, path);
      sep = ", ";
    }
    return out + "}";
  }
  return v.repr(path);
}
