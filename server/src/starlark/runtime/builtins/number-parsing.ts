// String-to-number conversions behind int(str, base) and float(str): ports of
// go.starlark.net's parseInt (library.go) over big.Int.SetString, and of strconv.ParseFloat's
// accepted syntax (decimal and hexadecimal floats, '_' digit separators as underscoreOK
// allows them). Both run inside QuickJS, so nothing here may use Node APIs.

/** A Starlark int in the runtime representation: a safe-integer number, else a bigint. */
export type IntValue = number | bigint;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Normalise a bigint to the unique representation of CONTRACT.md. */
export function normInt(b: bigint): IntValue {
  return b <= MAX_SAFE && b >= -MAX_SAFE ? Number(b) : b;
}

/** Value of an ASCII digit or letter in bases up to 36, or 99 if none. */
function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  return 99;
}

/** big.Int.SetString(s, base) for 2 <= base <= 36 and s without sign: all of s must be
 *  digits of the base (no underscores: they are only allowed with base 0). */
function parseDigits(s: string, base: number): IntValue | null {
  if (s === "") return null;
  // Digits per chunk such that chunk values stay exact in a double.
  const chunk = Math.max(1, Math.floor(52 / Math.log2(base)));
  let small = 0;
  let big: bigint | null = null;
  const bigBase = BigInt(base);
  let chunkValue = 0;
  let chunkLen = 0;
  for (let i = 0; i < s.length; i++) {
    const d = digitValue(s.charCodeAt(i));
    if (d >= base) return null;
    if (big === null && i < chunk) {
      small = small * base + d;
      continue;
    }
    if (big === null) big = BigInt(small);
    chunkValue = chunkValue * base + d;
    chunkLen++;
    if (chunkLen === chunk) {
      big = big * bigBase ** BigInt(chunkLen) + BigInt(chunkValue);
      chunkValue = 0;
      chunkLen = 0;
    }
  }
  if (big === null) return small;
  if (chunkLen > 0) big = big * bigBase ** BigInt(chunkLen) + BigInt(chunkValue);
  return normInt(big);
}

/** go.starlark.net parseInt: the int denoted by s in base (0 = from the prefix), or null. */
export function parseIntLiteral(s: string, base: number): IntValue | null {
  // remove sign
  let neg = false;
  if (s !== "") {
    if (s[0] === "+") s = s.slice(1);
    else if (s[0] === "-") {
      neg = true;
      s = s.slice(1);
    }
  }

  // remove optional base prefix
  let baseprefix = 0;
  if (s.length > 1 && s[0] === "0") {
    if (s.length > 2) {
      switch (s[1]) {
        case "o":
        case "O":
          baseprefix = 8;
          break;
        case "x":
        case "X":
          baseprefix = 16;
          break;
        case "b":
        case "B":
          baseprefix = 2;
          break;
      }
    }
    if (baseprefix !== 0) {
      // Remove the base prefix if it matches the explicit base, or if base=0.
      if (base === 0 || baseprefix === base) {
        base = baseprefix;
        s = s.slice(2);
      }
    } else if (base === 0) {
      // For automatic base detection, a string starting with zero must be all zeros:
      // int("0755", 0) is rejected.
      for (let i = 1; i < s.length; i++) if (s[i] !== "0") return null;
      return 0;
    }
  }
  if (base === 0) base = 10;

  // A sign remaining after the one removed above is invalid.
  if (s !== "" && (s[0] === "-" || s[0] === "+")) return null;

  const res = parseDigits(s, base);
  if (res === null) return null;
  if (!neg) return res;
  if (typeof res === "number") return res === 0 ? 0 : -res;
  return normInt(-res);
}

// strconv.ParseFloat's syntax. A '_' must sit between digits (or after a base prefix), as
// strconv.underscoreOK requires.
const DEC = "[0-9](?:_?[0-9])*";
const HEX = "[0-9a-fA-F](?:_?[0-9a-fA-F])*";
const DECIMAL_FLOAT = new RegExp(`^[+-]?(?:${DEC}(?:\\.(?:${DEC})?)?|\\.${DEC})(?:[eE][+-]?${DEC})?$`);
const HEX_FLOAT = new RegExp(
  `^([+-]?)0[xX](?:_?(${HEX})(?:\\.(${HEX})?)?|\\.(${HEX}))[pP]([+-]?${DEC})$`,
);

/** strconv.ParseFloat(s, 64) for finite syntax (the caller handles inf/nan spellings):
 *  the nearest double (±Infinity when out of range), or null for invalid syntax. */
export function parseFloatLiteral(s: string): number | null {
  if (DECIMAL_FLOAT.test(s)) {
    // JS's StringToNumber rounds correctly, like strconv; it just doesn't know '_'.
    return Number(s.indexOf("_") >= 0 ? s.replace(/_/g, "") : s);
  }
  const m = HEX_FLOAT.exec(s);
  if (m === null) return null;
  const intDigits = (m[2] ?? "").replace(/_/g, "");
  const fracDigits = (m[3] ?? m[4] ?? "").replace(/_/g, "");
  const exp = Number(m[5].replace(/_/g, "")) - 4 * fracDigits.length;
  const v = scaleBinary(BigInt("0x" + (intDigits + fracDigits || "0")), exp);
  return m[1] === "-" ? -v : v;
}

/** The double nearest to mant × 2^exp (mant ≥ 0), rounding half to even. */
function scaleBinary(mant: bigint, exp: number): number {
  if (mant === 0n) return 0;
  const bitLen = mant.toString(2).length;
  const topExp = bitLen - 1 + exp; // binary exponent of the leading bit
  if (topExp > 1024) return Infinity;
  if (topExp < -1100) return 0;
  // Significant bits available: 53 for normal results, fewer for subnormal ones.
  const bits = topExp >= -1022 ? 53 : topExp + 1075;
  const shift = bitLen - bits;
  if (shift <= 0) return Number(mant) * 2 ** exp;
  const big = BigInt(shift);
  let q = mant >> big;
  const rem = mant & ((1n << big) - 1n);
  const half = 1n << (big - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  return Number(q) * 2 ** (exp + shift);
}
