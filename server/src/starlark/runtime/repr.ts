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
  const printable = PRINTABLE();
  let lo = 0;
  let hi = printable.length / 2;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (r < printable[2 * m]) hi = m;
    else if (r > printable[2 * m + 1]) lo = m + 1;
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

/** writeValue without recursion: a value nested thousands deep prints whole (QuickJS
 *  recurses on the host's native stack; Go's stack grows). Work items are text to append,
 *  a value to print, or the end of a list or dict. `path` holds the lists and dicts being
 *  printed (go.starlark.net's path, which cuts a container met inside itself as "[...]" /
 *  "{...}"). */
function writeValue(root: Value, outer: SValue[] | undefined): string {
  let out = "";
  const path = new Set<SValue>(outer);
  type Item = string | { v: Value } | { leave: SValue };
  const todo: Item[] = [{ v: root }];
  while (todo.length) {
    const t = todo.pop()!;
    if (typeof t === "string") {
      out += t;
      continue;
    }
    if ("leave" in t) {
      path.delete(t.leave);
      continue;
    }
    const v = t.v;
    if (typeof v !== "object" || v === null) {
      out += repr(v);
      continue;
    }
    if (v instanceof SFloat) {
      out += formatFloat(v.v, "g");
      continue;
    }
    if (v instanceof SBytes) {
      out += quote(v.s, true);
      continue;
    }
    const pieces: Item[] = [];
    if (v instanceof SList) {
      if (path.has(v)) {
        out += "[...]";
        continue;
      }
      path.add(v);
      pieces.push("[");
      const e = v.elems;
      for (let i = 0; i < e.length; i++) {
        if (i > 0) pieces.push(", ");
        pieces.push({ v: e[i] });
      }
      pieces.push("]", { leave: v });
    } else if (v instanceof STuple) {
      pieces.push("(");
      const e = v.elems;
      for (let i = 0; i < e.length; i++) {
        if (i > 0) pieces.push(", ");
        pieces.push({ v: e[i] });
      }
      pieces.push(e.length === 1 ? ",)" : ")");
    } else if (v instanceof SDict) {
      if (path.has(v)) {
        out += "{...}";
        continue;
      }
      path.add(v);
      pieces.push("{");
      let sep = "";
      for (const [k, x] of v.ht.items()) {
        pieces.push(sep, { v: k }, ": ", { v: x });
        sep = ", ";
      }
      pieces.push("}", { leave: v });
    } else if (v instanceof SSet) {
      pieces.push("set([");
      let sep = "";
      for (const k of v.ht.keys()) {
        pieces.push(sep, { v: k });
        sep = ", ";
      }
      pieces.push("])");
    } else if (v instanceof SHostObject) {
      // Host objects print as a dict of their fields, in field order (CONTRACT.md).
      pieces.push("{");
      let sep = "";
      for (const [k, x] of v.fields) {
        pieces.push(sep + quote(k) + ": ", { v: x });
        sep = ", ";
      }
      pieces.push("}");
    } else {
      out += v.repr(path.size ? [...path] : undefined);
      continue;
    }
    for (let i = pieces.length - 1; i >= 0; i--) todo.push(pieces[i]);
  }
  return out;
}
