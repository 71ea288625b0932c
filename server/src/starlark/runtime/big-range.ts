// A range whose bounds or length are not safe JS integers: go.starlark.net keeps range
// bounds as Go ints (int64) and computes with them as Go does, wrapping on overflow, so
// `range(0, 1 << 62)` prints its exact bounds and has a length, and a range whose length
// computation overflows has a negative length ("len: value of type range has no len",
// nothing to iterate). The common range (SRange, values.ts) stays on JS numbers: compiled
// loops iterate it inline; this one is iterated through the generic protocol.

import { normBig, SValue, StarlarkError, type CompareOp, type HashKey, type Iterator, type Value } from "./values";

const wrap = (x: bigint): bigint => BigInt.asIntN(64, x);

/** rangeLen (library.go) in int64 arithmetic; step != 0. */
function rangeLen(start: bigint, stop: bigint, step: bigint): bigint {
  if (step > 0n) return stop > start ? wrap(wrap(wrap(stop - 1n) - start) / step + 1n) : 0n;
  return start > stop ? wrap(wrap(wrap(start - 1n) - stop) / wrap(-step) + 1n) : 0n;
}

export class SBigRange extends SValue {
  declare readonly start: bigint;
  declare readonly stop: bigint;
  declare readonly step: bigint;
  /** Go's r.len: negative when its computation overflowed. */
  declare readonly bigLen: bigint;
  constructor(start: bigint, stop: bigint, step: bigint) {
    super();
    this.start = start;
    this.stop = stop;
    this.step = step;
    this.bigLen = rangeLen(start, stop, step);
  }
  type(): string {
    return "range";
  }
  override truth(): boolean {
    return this.bigLen > 0n;
  }
  override hashKey(): HashKey {
    throw new StarlarkError("unhashable: range");
  }
  /** Sequence.Len for the library's generic paths (a negative length has none). Exact
   *  lengths beyond 2^53 are served by len() through bigLen. */
  override len(): number {
    return this.bigLen < 0n ? -1 : Number(this.bigLen);
  }
  override get indexable(): boolean {
    return this.bigLen >= 0n && this.bigLen <= BigInt(Number.MAX_SAFE_INTEGER);
  }
  override index(i: number): Value {
    return normBig(wrap(this.start + wrap(BigInt(i) * this.step)));
  }
  /** Index(i) for 0 <= i < bigLen. */
  bigIndex(i: bigint): Value {
    return normBig(wrap(this.start + wrap(i * this.step)));
  }
  override slice(start: number, end: number, step: number): Value {
    // rangeValue.Slice
    const s = wrap(this.start + wrap(this.step * BigInt(start)));
    const e = wrap(this.start + wrap(this.step * BigInt(end)));
    return new SBigRange(s, e, wrap(this.step * BigInt(step)));
  }
  override iterate(): Iterator {
    let i = 0n;
    const n = this.bigLen;
    const start = this.start;
    const step = this.step;
    return {
      next(): Value | undefined {
        if (i >= n) return undefined;
        const v = normBig(wrap(start + wrap(i * step)));
        i++;
        return v;
      },
      done(): void {},
    };
  }
  override repr(): string {
    if (this.step !== 1n) return `range(${this.start}, ${this.stop}, ${this.step})`;
    if (this.start !== 0n) return `range(${this.start}, ${this.stop})`;
    return `range(${this.stop})`;
  }
  override compareSameType(op: CompareOp, y: SValue): boolean {
    const o = y as unknown as { start: bigint | number; step: bigint | number; bigLen?: bigint; length?: number };
    const xl = this.bigLen;
    const yl = o.bigLen ?? BigInt(o.length ?? 0);
    let eq = xl === yl;
    if (eq && xl !== 0n) eq = BigInt(o.start) === this.start && (xl === 1n || BigInt(o.step) === this.step);
    if (op === "==") return eq;
    if (op === "!=") return !eq;
    throw new StarlarkError(`range ${op} range not implemented`);
  }
  /** rangeValue.contains: x as an int32 (AsInt32), then int arithmetic. */
  contains(x: number | bigint): boolean {
    if (typeof x !== "number" || x < -0x80000000 || x > 0x7fffffff) return false;
    const delta = wrap(BigInt(x) - this.start);
    const quo = delta / this.step;
    const rem = delta % this.step;
    return rem === 0n && 0n <= quo && quo < this.bigLen;
  }
}

/** range(start, stop, step) with Go int bounds: the number-based SRange when everything
 *  is a safe integer, else an SBigRange. */
export function isSafeRange(start: number | bigint, stop: number | bigint, step: number | bigint): boolean {
  const lim = BigInt(Number.MAX_SAFE_INTEGER) / 2n;
  const ok = (v: number | bigint) => (typeof v === "number" ? Math.abs(v) <= Number(lim) : v >= -lim && v <= lim);
  return ok(start) && ok(stop) && ok(step);
}
