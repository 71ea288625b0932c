// Universe builtins that convert or describe one value: abs bool bytes chr float hash int
// ord repr str type (go.starlark.net library.go), with Go's messages.

import { SBytes, SFloat, StarlarkError, type BuiltinImpl, type Value } from "../values";
import { intNeg, intSign, intToFiniteFloat, numberToInt } from "../int";
import { anyValue, asInt32, checkPositional, toByte, unpackArgs } from "../unpack";
import { describeType, iterateValue, repr } from "./core-bridge";
import { parseFloatLiteral, parseIntLiteral } from "./number-parsing";
import { decodeRune, encodeRune, runeCount, runeWidth, utf8Transcode } from "../methods/utf8";

const hasKw = (kwargs: readonly unknown[] | null | undefined): boolean => kwargs != null && kwargs.length > 0;

/** abs: note Go's message has no "abs: " prefix. */
export const abs: BuiltinImpl = (args, kwargs) => {
  checkPositional("abs", args, kwargs, 1, 1);
  const x = args[0];
  if (x instanceof SFloat) return new SFloat(Math.abs(x.v));
  if (typeof x === "number" || typeof x === "bigint") return intSign(x) >= 0 ? x : intNeg(x);
  throw new StarlarkError(`got ${describeType(x)}, want int or float`);
};

export const bool: BuiltinImpl = (args, kwargs) => {
  checkPositional("bool", args, kwargs, 0, 1);
  const x = args.length > 0 ? args[0] : false;
  return truthOf(x);
};

function truthOf(x: Value): boolean {
  switch (typeof x) {
    case "boolean":
      return x;
    case "string":
      return x.length > 0;
    case "number":
      return x !== 0;
    case "bigint":
      return true;
    default:
      return x !== null && x.truth();
  }
}

export const bytes: BuiltinImpl = (args, kwargs) => {
  if (hasKw(kwargs)) throw new StarlarkError("bytes does not accept keyword arguments");
  if (args.length !== 1) throw new StarlarkError(`bytes: got ${args.length} arguments, want exactly 1`);
  const x = args[0];
  if (x instanceof SBytes) return x;
  // Invalid encodings are replaced by that of U+FFFD.
  if (typeof x === "string") return new SBytes(utf8Transcode(x));
  const it = iterateValue(x);
  if (it === undefined) {
    // Unlike str(foo), which stringifies it, bytes(foo) is an error.
    throw new StarlarkError(`bytes: got ${describeType(x)}, want string, bytes, or iterable of ints`);
  }
  try {
    let buf = "";
    let i = 0;
    for (let elem = it.next(); elem !== undefined; elem = it.next(), i++) {
      let b: number;
      try {
        b = toByte(elem);
      } catch (e) {
        if (e instanceof StarlarkError) throw new StarlarkError(`bytes: at index ${i}, ${e.message}`);
        throw e;
      }
      buf += String.fromCharCode(b);
    }
    return new SBytes(buf);
  } finally {
    it.done();
  }
};

export const chr: BuiltinImpl = (args, kwargs) => {
  if (hasKw(kwargs)) throw new StarlarkError("chr does not accept keyword arguments");
  if (args.length !== 1) throw new StarlarkError(`chr: got ${args.length} arguments, want 1`);
  let i: number;
  try {
    i = asInt32(args[0]);
  } catch (e) {
    if (e instanceof StarlarkError) throw new StarlarkError(`chr: ${e.message}`);
    throw e;
  }
  if (i < 0) throw new StarlarkError(`chr: Unicode code point ${i} out of range (<0)`);
  if (i > 0x10ffff) {
    throw new StarlarkError(`chr: Unicode code point U+${i.toString(16).toUpperCase()} out of range (>0x10FFFF)`);
  }
  return encodeRune(i); // surrogates become U+FFFD, as Go's string(rune(i))
};

export const float: BuiltinImpl = (args, kwargs) => {
  if (hasKw(kwargs)) throw new StarlarkError("float does not accept keyword arguments");
  if (args.length === 0) return new SFloat(0);
  if (args.length !== 1) throw new StarlarkError(`float got ${args.length} arguments, wants 1`);
  const x = args[0];
  if (typeof x === "boolean") return new SFloat(x ? 1 : 0);
  if (typeof x === "number" || typeof x === "bigint") return new SFloat(intToFiniteFloat(x));
  if (x instanceof SFloat) return x;
  if (typeof x === "string") return new SFloat(parseFloatString(x));
  throw new StarlarkError(`float got ${describeType(x)}, want number or string`);
};

/** float(string): the inf/nan spellings go.starlark.net accepts, then strconv.ParseFloat. */
function parseFloatString(s: string): number {
  if (s === "") throw new StarlarkError("float: empty string");
  // +/- NaN or Inf or Infinity (case insensitive)
  switch (s[s.length - 1]) {
    case "y":
    case "Y": {
      const l = s.toLowerCase();
      if (l === "infinity" || l === "+infinity") return Infinity;
      if (l === "-infinity") return -Infinity;
      break;
    }
    case "f":
    case "F": {
      const l = s.toLowerCase();
      if (l === "inf" || l === "+inf") return Infinity;
      if (l === "-inf") return -Infinity;
      break;
    }
    case "n":
    case "N": {
      const l = s.toLowerCase();
      if (l === "nan" || l === "+nan" || l === "-nan") return NaN;
      break;
    }
  }
  const f = parseFloatLiteral(s);
  if (f === Infinity || f === -Infinity) throw new StarlarkError("floating-point number too large");
  if (f === null) throw new StarlarkError(`invalid float literal: ${s}`);
  return f;
}

export const hash: BuiltinImpl = (args, kwargs) => {
  checkPositional("hash", args, kwargs, 1, 1);
  const x = args[0];
  if (typeof x === "string") return javaStringHash(x);
  if (x instanceof SBytes) return softHashString(x.s);
  throw new StarlarkError(`hash: got ${describeType(x)}, want string or bytes`);
};

/** javaStringHash: Java's String.hashCode over the runes of s (U+FFFD for invalid bytes),
 *  as a signed 32-bit int. Go's utf16.IsSurrogate(r) is never true for a decoded rune, so
 *  runes above U+FFFF are added whole rather than as surrogate pairs; kept as is. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    let r: number;
    if (c < 0x80) {
      r = c;
      i++;
    } else {
      r = decodeRune(s, i);
      i += runeWidth;
    }
    h = (Math.imul(31, h) + r) | 0;
  }
  return h;
}

/** softHashString: 32-bit FNV-1a of the bytes, as an unsigned int. */
export function softHashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

const INT_PARAMS = [
  ["x", anyValue],
  ["base?", anyValue],
] as const;

/** int(s) in base 10 of 1 to 15 ASCII digits (config values such as "4"): their value, as
 *  parseIntLiteral(s, 10) finds it (leading zeros allowed in an explicit base), without its
 *  general machinery; undefined for any other string. */
function shortDecimal(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > 15) return undefined;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return v;
}

export const int: BuiltinImpl = (args, kwargs) => {
  let x: Value = 0;
  let base: Value | undefined;
  if (args.length === 1 && !hasKw(kwargs)) x = args[0];
  else {
    const out = unpackArgs("int", args, kwargs, INT_PARAMS);
    x = out[0] as Value;
    base = out[1] as Value | undefined;
  }
  if (typeof x === "string") {
    if (base === undefined) {
      const v = shortDecimal(x);
      if (v !== undefined) return v;
    }
    let b = 10;
    if (base !== undefined) {
      try {
        b = asInt32(base);
      } catch {
        throw new StarlarkError(`int: for base, got ${describeType(base)}, want int`);
      }
      if (b !== 0 && (b < 2 || b > 36)) throw new StarlarkError("int: base must be an integer >= 2 && <= 36");
    }
    const res = parseIntLiteral(x, b);
    if (res === null) throw new StarlarkError(`int: invalid literal with base ${b}: ${x}`);
    return res;
  }
  if (base !== undefined) throw new StarlarkError("int: can't convert non-string with explicit base");
  if (typeof x === "boolean") return x ? 1 : 0;
  try {
    return numberToInt(x);
  } catch (e) {
    if (e instanceof StarlarkError) throw new StarlarkError(`int: ${e.message}`);
    throw e;
  }
};

export const ord: BuiltinImpl = (args, kwargs) => {
  if (hasKw(kwargs)) throw new StarlarkError("ord does not accept keyword arguments");
  if (args.length !== 1) throw new StarlarkError(`ord: got ${args.length} arguments, want 1`);
  const x = args[0];
  if (typeof x === "string") {
    // ord(string) returns the int value of the sole rune.
    if (x.length > 0) {
      const r = decodeRune(x, 0);
      if (runeWidth === x.length) return r;
    }
    throw new StarlarkError(`ord: string encodes ${runeCount(x)} Unicode code points, want 1`);
  }
  if (x instanceof SBytes) {
    // ord(bytes) returns the int value of the sole byte.
    if (x.s.length !== 1) throw new StarlarkError(`ord: bytes has length ${x.s.length}, want 1`);
    return x.s.charCodeAt(0);
  }
  throw new StarlarkError(`ord: got ${describeType(x)}, want string or bytes`);
};

export const reprBuiltin: BuiltinImpl = (args, kwargs) => {
  checkPositional("repr", args, kwargs, 1, 1);
  return repr(args[0]);
};

export const str: BuiltinImpl = (args, kwargs) => {
  if (hasKw(kwargs)) throw new StarlarkError("str does not accept keyword arguments");
  if (args.length !== 1) throw new StarlarkError(`str: got ${args.length} arguments, want exactly 1`);
  const x = args[0];
  if (typeof x === "string") return x;
  // Invalid encodings are replaced by that of U+FFFD.
  if (x instanceof SBytes) return utf8Transcode(x.s);
  return repr(x);
};

export const type: BuiltinImpl = (args, kwargs) => {
  if (hasKw(kwargs)) throw new StarlarkError("type does not accept keyword arguments");
  if (args.length !== 1) throw new StarlarkError(`type: got ${args.length} arguments, want exactly 1`);
  return describeType(args[0]);
};
