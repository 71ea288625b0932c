// Float formatting exactly as go.starlark.net's Float.format (value.go), which relies on
// Go's strconv.FormatFloat: 'g'/'G' with the shortest round-tripping digits (scientific
// notation when the exponent is < -4 or >= 6... for shortest output Go uses precision 6 in
// that decision, hence str(1e6) == "1e+06"), and 'e'/'E'/'f' with 6 digits, correctly
// rounded half-to-even on the exact binary value (JS toFixed/toExponential round ties
// upwards, e.g. "%f" % 0.0078125 must give 0.007812).

/** Float.format(conv): conv is one of g G e E f F (F is not a strconv verb: "%F"). */
export function formatFloat(f: number, conv: string): string {
  if (f !== f) return "nan";
  if (f === Infinity) return "+inf";
  if (f === -Infinity) return "-inf";
  if (conv === "g" || conv === "G") {
    const s = formatShortest(f, conv === "G");
    // Ensure a '.' or an exponent so the value is self-evidently a float.
    if (s.indexOf(conv === "G" ? "E" : "e") < 0 && s.indexOf(".") < 0) return s + ".0";
    return s;
  }
  if (conv === "e" || conv === "E") return formatExp(f, conv);
  if (conv === "f") return formatFixed(f);
  return "%" + conv; // strconv.FormatFloat's answer to an unknown verb
}

function isNeg(f: number): boolean {
  return f < 0 || (f === 0 && 1 / f < 0);
}

function expSuffix(e: number, upper: boolean): string {
  const a = Math.abs(e);
  return (upper ? "E" : "e") + (e < 0 ? "-" : "+") + (a < 10 ? "0" + a : String(a));
}

/** strconv.FormatFloat(f, 'g', -1, 64) */
function formatShortest(f: number, upper: boolean): string {
  const sign = isNeg(f) ? "-" : "";
  if (f === 0) return sign + "0";
  // toExponential() without an argument yields the shortest round-trip digits.
  const t = Math.abs(f).toExponential();
  const ePos = t.indexOf("e");
  const digits = t.slice(0, ePos).replace(".", "");
  const exp = Number(t.slice(ePos + 1));
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    return sign + mant + expSuffix(exp, upper);
  }
  // %f with as many decimals as the digits need.
  const dp = exp + 1; // digits before the decimal point
  if (dp <= 0) return sign + "0." + "0".repeat(-dp) + digits;
  if (dp >= digits.length) return sign + digits + "0".repeat(dp - digits.length);
  return sign + digits.slice(0, dp) + "." + digits.slice(dp);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** The exact decimal expansion of a finite, nonzero |f|: value = 0.DIGITS × 10^dp, with
 *  no leading or trailing zeros in DIGITS. */
function exactDecimal(f: number): { digits: string; dp: number } {
  f64[0] = Math.abs(f);
  const lo = u32[0];
  const hi = u32[1]; // little-endian (x86, wasm)
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074; // subnormal
  else {
    mant |= 1n << 52n;
    e = bexp - 1075;
  }
  let digits: string;
  let dp: number;
  if (e >= 0) {
    digits = (mant << BigInt(e)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-e)).toString(); // m / 2^k = m·5^k / 10^k
    dp = digits.length + e;
  }
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return { digits: digits.slice(0, end), dp };
}

/** Round a digit string to n digits (n >= 0), half to even; returns the digits (length n,
 *  or n+1 when a carry added a leading 1). */
function roundDigits(digits: string, n: number): string {
  if (digits.length <= n) return digits + "0".repeat(n - digits.length);
  const kept = digits.slice(0, n);
  const next = digits.charCodeAt(n) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (digits.length > n + 1) up = true; // more nonzero digits follow (no trailing zeros)
  else up = n > 0 && (kept.charCodeAt(n - 1) - 48) % 2 === 1; // exact tie: to even
  if (!up) return kept;
  if (n === 0) return "1";
  const r = (BigInt(kept) + 1n).toString();
  return r.length < n ? "0".repeat(n - r.length) + r : r;
}

/** strconv.FormatFloat(f, 'e', 6, 64) */
function formatExp(f: number, conv: string): string {
  const sign = isNeg(f) ? "-" : "";
  const upper = conv === "E";
  if (f === 0) return sign + "0.000000" + expSuffix(0, upper);
  const { digits, dp } = exactDecimal(f);
  let r = roundDigits(digits, 7);
  let exp = dp - 1;
  if (r.length > 7) {
    r = r.slice(0, 7);
    exp++;
  }
  return sign + r[0] + "." + r.slice(1) + expSuffix(exp, upper);
}

/** strconv.FormatFloat(f, 'f', 6, 64) */
function formatFixed(f: number): string {
  const sign = isNeg(f) ? "-" : "";
  if (f === 0) return sign + "0.000000";
  const { digits, dp } = exactDecimal(f);
  // Keep dp integer digits and 6 decimals.
  let r: string;
  if (dp + 6 < 0) r = "0";
  else r = roundDigits(digits, dp + 6);
  // r holds the value × 10^6 as an integer (possibly with a carry digit).
  if (r.length < 7) r = "0".repeat(7 - r.length) + r;
  return sign + r.slice(0, r.length - 6) + "." + r.slice(r.length - 6);
}
