// Starlark int arithmetic (go.starlark.net int.go) over the dual representation of
// CONTRACT.md: a JS number while the value is a safe integer, a bigint beyond ±(2^53−1).
// Each operation tries the number path first and falls back to exact bigint arithmetic
// when the result might leave the safe range; results are always normalised.

import { StarlarkError, SFloat, normBig, typeName, type Value } from "./values";

export type Int = number | bigint;

const MAX = 9007199254740991;
const MIN = -9007199254740991;

export function big(x: Int): bigint {
  return typeof x === "bigint" ? x : BigInt(x);
}

/** Int.Add */
export function intAdd(x: Int, y: Int): Int {
  if (typeof x === "number" && typeof y === "number") {
    const z = x + y;
    if (z <= MAX && z >= MIN) return z;
  }
  return normBig(big(x) + big(y));
}

/** Int.Sub */
export function intSub(x: Int, y: Int): Int {
  if (typeof x === "number" && typeof y === "number") {
    const z = x - y;
    if (z <= MAX && z >= MIN) return z;
  }
  return normBig(big(x) - big(y));
}

/** Int.Mul */
export function intMul(x: Int, y: Int): Int {
  if (typeof x === "number" && typeof y === "number") {
    const z = x * y;
    if (z <= MAX && z >= MIN) return z + 0; // + 0: no -0 ints
  }
  return normBig(big(x) * big(y));
}

/** Int.Div: floored division; y != 0. */
export function intFloorDiv(x: Int, y: Int): Int {
  if (typeof x === "number" && typeof y === "number") {
    // x - r is an exact multiple of y, so the division is exact.
    const r = x % y;
    let q = (x - r) / y;
    if (r !== 0 && r < 0 !== y < 0) q -= 1;
    return q + 0;
  }
  const xb = big(x);
  const yb = big(y);
  let q = xb / yb;
  if (xb % yb !== 0n && xb < 0n !== yb < 0n) q -= 1n;
  return normBig(q);
}

/** Int.Mod: result has the sign of y; y != 0. */
export function intMod(x: Int, y: Int): Int {
  if (typeof x === "number" && typeof y === "number") {
    let r = x % y;
    if (r !== 0 && r < 0 !== y < 0) r += y;
    return r + 0;
  }
  const xb = big(x);
  const yb = big(y);
  let r = xb % yb;
  if (r !== 0n && r < 0n !== yb < 0n) r += yb;
  return normBig(r);
}

function isInt32(x: Int): x is number {
  return typeof x === "number" && (x | 0) === x;
}

export function intOr(x: Int, y: Int): Int {
  if (isInt32(x) && isInt32(y)) return x | y;
  return normBig(big(x) | big(y));
}

export function intAnd(x: Int, y: Int): Int {
  if (isInt32(x) && isInt32(y)) return x & y;
  return normBig(big(x) & big(y));
}

export function intXor(x: Int, y: Int): Int {
  if (isInt32(x) && isInt32(y)) return x ^ y;
  return normBig(big(x) ^ big(y));
}

/** Int.Lsh; 0 <= n < 512 */
export function intLsh(x: Int, n: number): Int {
  if (typeof x === "number" && n < 53) {
    const z = x * 2 ** n; // exact unless it leaves the safe range
    if (z <= MAX && z >= MIN) return z;
  }
  return normBig(big(x) << BigInt(n));
}

/** Int.Rsh; n >= 0 (floor semantics, like big.Int.Rsh). */
export function intRsh(x: Int, n: number): Int {
  if (typeof x === "number") {
    if (n >= 64) return x < 0 ? -1 : 0;
    return Math.floor(x / 2 ** n) + 0;
  }
  return normBig(x >> BigInt(n));
}

export function intNeg(x: Int): Int {
  if (typeof x === "number") return 0 - x; // 0 - x avoids -0; -MIN is safe
  return normBig(-x);
}

/** Int.Not: ^x = -x-1 */
export function intNot(x: Int): Int {
  if (typeof x === "number") {
    const z = -x - 1;
    if (z >= MIN) return z + 0;
  }
  return normBig(~big(x));
}

export function intSign(x: Int): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** Three-way comparison of two ints (Int.Cmp). */
export function intCmp(x: Int, y: Int): number {
  // A number and a bigint compare as two bigints: QuickJS orders some mixes wrongly
  // (-9007199254740993n < -9007199254740991 is false there).
  if (typeof x !== typeof y) {
    x = big(x);
    y = big(y);
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Int.Float: the nearest float (possibly infinite). Number(bigint) rounds to nearest even. */
export function intToFloat(x: Int): number {
  return typeof x === "number" ? x : Number(x);
}

/** Int.finiteFloat */
export function intToFiniteFloat(x: Int): number {
  if (typeof x === "number") return x;
  const f = Number(x);
  if (f === Infinity || f === -Infinity) throw new StarlarkError("int too large to convert to float");
  return f;
}

/** finiteFloatToInt: truncate a finite float towards zero. */
export function finiteFloatToInt(f: number): Int {
  const t = Math.trunc(f);
  if (t <= MAX && t >= MIN) return t + 0;
  return BigInt(t); // |t| >= 2^53 is an integer-valued double, exactly convertible
}

/** Three-way comparison of an int with a float: exact (rational) for finite floats; NaN
 *  is greater than everything (go.starlark.net CompareDepth, int/float case). */
export function intFloatCmp(x: Int, f: number): number {
  if (f !== f) return -1;
  if (f === Infinity) return -1;
  if (f === -Infinity) return 1;
  if (typeof x === "number") return x < f ? -1 : x > f ? 1 : 0; // safe ints convert exactly
  const fl = Math.floor(f);
  const fb = BigInt(fl);
  if (x < fb) return -1;
  if (x > fb) return 1;
  return fl === f ? 0 : -1; // x == floor(f) < f
}

/** AsInt32: the int as a JS number if it fits in 32 bits, else an error ("got T, want int",
 *  "N out of range"). */
export function asInt32(v: Value): number {
  if (typeof v === "number") {
    if ((v | 0) === v) return v;
    throw new StarlarkError(`${v} out of range`);
  }
  if (typeof v === "bigint") throw new StarlarkError(`${v} out of range`);
  throw new StarlarkError(`got ${typeName(v)}, want int`);
}

/** NumberToInt: ints unchanged, floats truncated, others an error. */
export function numberToInt(v: Value): Int {
  if (typeof v === "number" || typeof v === "bigint") return v;
  if (v instanceof SFloat) {
    const f = v.v;
    if (f === Infinity || f === -Infinity) throw new StarlarkError("cannot convert float infinity to integer");
    if (f !== f) throw new StarlarkError("cannot convert float NaN to integer");
    return finiteFloatToInt(f);
  }
  throw new StarlarkError(`cannot convert ${typeName(v)} to int`);
}

/** AsFloat: the float value of an int or float, or undefined. */
export function asFloat(v: Value): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof SFloat) return v.v;
  return undefined;
}
