// The string % operator: a port of go.starlark.net's interpolate (eval.go), with every
// conversion and error message. Strings are byte strings (CONTRACT.md).

import { formatFloat } from "./float-format";
import { asFloat, numberToInt } from "./int";
import { decodeRune, encodeRune, runeWidth } from "./methods/utf8";
import { repr } from "./repr";
import { StarlarkError, STuple, typeName, type Value } from "./values";

/** format % x */
export function interpolate(format: string, x: Value): string {
  let out = "";
  let index = 0;
  const tuple = x instanceof STuple ? x.elems : undefined;
  const nargs = tuple !== undefined ? tuple.length : 1;
  let p = 0;
  const n = format.length;
  for (;;) {
    const i = format.indexOf("%", p);
    if (i < 0) {
      out += format.slice(p);
      break;
    }
    if (i > p) out += format.slice(p, i);
    p = i + 1;
    const c0 = p < n ? format.charCodeAt(p) : -1;
    if (c0 === 0x25 /* % */) {
      out += "%";
      p++;
      continue;
    }
    let arg: Value;
    if (c0 === 0x28 /* ( */) {
      // keyword argument: %(name)s
      p++;
      const j = format.indexOf(")", p);
      if (j < 0) throw new StarlarkError("incomplete format key");
      const key = format.slice(p, j);
      const mapping = asMapping(x);
      if (mapping === undefined) throw new StarlarkError("format requires a mapping");
      let v: Value | undefined;
      try {
        v = mapping.getKey(key);
      } catch (e) {
        if (!(e instanceof StarlarkError)) throw e;
      }
      if (v === undefined) throw new StarlarkError(`key not found: ${key}`);
      arg = v;
      p = j + 1;
    } else {
      // positional argument: %s
      if (index >= nargs) throw new StarlarkError("not enough arguments for format string");
      arg = tuple !== undefined ? tuple[index] : x;
    }
    if (p >= n) throw new StarlarkError("incomplete format");
    const c = format[p];
    if (c === "s" && typeof arg === "string") out += arg; // the commonest cases, without a call
    else if ((c === "d" || c === "s") && typeof arg === "number") out += arg;
    else out += convert(c, arg);
    p++;
    index++;
  }
  if (index < nargs && asMapping(x) === undefined) throw new StarlarkError("too many arguments for format string");
  return out;
}

function asMapping(x: Value): Exclude<Value, null | boolean | number | bigint | string> | undefined {
  return typeof x === "object" && x !== null && x.isMapping ? x : undefined;
}

/** One conversion (%s, %d, ...) of arg. */
function convert(c: string, arg: Value): string {
  let out = "";
  switch (c) {
    case "s":
    case "r":
      out = typeof arg === "string" && c === "s" ? arg : repr(arg);
      break;
    case "d":
    case "i":
    case "o":
    case "x":
    case "X": {
      let v;
      try {
        v = numberToInt(arg);
      } catch (e) {
        if (e instanceof StarlarkError) {
          throw new StarlarkError(`%${c} format requires integer: ${e.message}`);
        }
        throw e;
      }
      if (c === "d" || c === "i") out = String(v);
      else if (c === "o") out = v.toString(8);
      else if (c === "x") out = v.toString(16);
      else out = v.toString(16).toUpperCase();
      break;
    }
    case "e":
    case "f":
    case "g":
    case "E":
    case "F":
    case "G": {
      const f = asFloat(arg);
      if (f === undefined) throw new StarlarkError(`%${c} format requires float, not ${typeName(arg)}`);
      out = formatFloat(f, c);
      break;
    }
    case "c":
      if (typeof arg === "number" || typeof arg === "bigint") {
        if (typeof arg !== "number" || (arg | 0) !== arg || arg < 0 || arg > 0x10ffff) {
          throw new StarlarkError(`%c format requires a valid Unicode code point, got ${arg}`);
        }
        out = encodeRune(arg);
      } else if (typeof arg === "string") {
        if (arg.length === 0) throw new StarlarkError("%c format requires a single-character string");
        decodeRune(arg, 0);
        if (runeWidth !== arg.length) throw new StarlarkError("%c format requires a single-character string");
        out = encodeRune(decodeRune(arg, 0));
      } else {
        throw new StarlarkError(`%c format requires int or single-character string, not ${typeName(arg)}`);
      }
      break;
    case "%":
      out = "%";
      break;
    default:
      // Go prints the conversion byte with %c, i.e. as the rune of that byte value.
      throw new StarlarkError(`unknown conversion %${encodeRune(c.charCodeAt(0))}`);
  }
  return out;
}
