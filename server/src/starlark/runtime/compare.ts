// Equality and ordering (go.starlark.net value.go: Equal, CompareDepth, threeway,
// sliceCompare, dictsEqual, setsEqual, floatCmp). Recursive comparisons are bounded by
// CompareLimit, which also stops cyclic structures.

import { intCmp, intFloatCmp } from "./int";
import {
  StarlarkError,
  SBytes,
  SDict,
  SFloat,
  SList,
  SSet,
  STuple,
  typeName,
  type CompareOp,
  type Value,
} from "./values";

/** go.starlark.net's CompareLimit. */
export const COMPARE_LIMIT = 10;

/** Equal(x, y) */
export function equal(x: Value, y: Value): boolean {
  if (x === y) {
    // Identical primitives and objects are equal, except a float NaN... which Starlark's
    // total float order also makes equal to itself; lists containing NaN too.
    if (typeof x !== "object" || x === null) return true;
  }
  if (typeof x === "string" || typeof y === "string") return x === y;
  if (typeof x === "number" && typeof y === "number") return x === y;
  return compareDepth("==", x, y, COMPARE_LIMIT);
}

/** EqualDepth */
export function equalDepth(x: Value, y: Value, depth: number): boolean {
  return compareDepth("==", x, y, depth);
}

/** Compare(op, x, y) */
export function compare(op: CompareOp, x: Value, y: Value): boolean {
  return compareDepth(op, x, y, COMPARE_LIMIT);
}

/** threeway: interpret a three-way comparison result for op. */
export function threeway(op: CompareOp, cmp: number): boolean {
  switch (op) {
    case "==":
      return cmp === 0;
    case "!=":
      return cmp !== 0;
    case "<":
      return cmp < 0;
    case "<=":
      return cmp <= 0;
    case ">":
      return cmp > 0;
    default:
      return cmp >= 0;
  }
}

/** floatCmp: floats are totally ordered, with NaN above +Inf and equal to itself. */
export function floatCmp(x: number, y: number): number {
  if (x > y) return 1;
  if (x < y) return -1;
  if (x === y) return 0;
  if (x === x) return -1; // y is NaN
  if (y === y) return 1; // x is NaN
  return 0;
}

function notImplemented(x: Value, op: CompareOp, y: Value): never {
  throw new StarlarkError(`${typeName(x)} ${op} ${typeName(y)} not implemented`);
}

/** CompareDepth */
export function compareDepth(op: CompareOp, x: Value, y: Value, depth: number): boolean {
  if (depth < 1) throw new StarlarkError("comparison exceeded maximum recursion depth");
  const tx = typeof x;
  const ty = typeof y;
  // ints (number or bigint)
  if ((tx === "number" || tx === "bigint") && (ty === "number" || ty === "bigint")) {
    return threeway(op, intCmp(x as number | bigint, y as number | bigint));
  }
  if (tx === "string" && ty === "string") {
    const a = x as string;
    const b = y as string;
    return threeway(op, a < b ? -1 : a > b ? 1 : 0); // char codes are bytes: bytewise order
  }
  if (tx === "boolean" && ty === "boolean") {
    return threeway(op, (x ? 1 : 0) - (y ? 1 : 0));
  }
  if (x === null && y === null) {
    if (op === "==") return true;
    if (op === "!=") return false;
    notImplemented(x, op, y);
  }
  if (tx === "object" && ty === "object" && x !== null && y !== null) {
    const xo = x as Exclude<Value, null | boolean | number | bigint | string>;
    const yo = y as typeof xo;
    if (xo instanceof SFloat && yo instanceof SFloat) return threeway(op, floatCmp(xo.v, yo.v));
    if (xo.type() === yo.type()) {
      if (xo instanceof SList) return sliceCompare(op, xo.elems, (yo as SList).elems, depth);
      if (xo instanceof STuple) return sliceCompare(op, xo.elems, (yo as STuple).elems, depth);
      if (xo instanceof SDict) {
        if (op === "==") return dictsEqual(xo, yo as SDict, depth);
        if (op === "!=") return !dictsEqual(xo, yo as SDict, depth);
        notImplemented(x, op, y);
      }
      if (xo instanceof SSet) return setCompare(op, xo, yo as SSet);
      if (xo instanceof SBytes) {
        const a = xo.s;
        const b = (yo as SBytes).s;
        return threeway(op, a < b ? -1 : a > b ? 1 : 0);
      }
      const r = xo.compareSameType(op, yo, depth);
      if (r !== undefined) return r;
      // identity comparison
      if (op === "==") return x === y;
      if (op === "!=") return x !== y;
      notImplemented(x, op, y);
    }
  }
  // different types: int/float ordered comparisons
  if ((tx === "number" || tx === "bigint") && y instanceof SFloat) {
    return threeway(op, intFloatCmp(x as number | bigint, y.v));
  }
  if (x instanceof SFloat && (ty === "number" || ty === "bigint")) {
    return threeway(op, -intFloatCmp(y as number | bigint, x.v));
  }
  // All other values of different types compare unequal.
  if (op === "==") return false;
  if (op === "!=") return true;
  notImplemented(x, op, y);
}

/** sliceCompare */
function sliceCompare(op: CompareOp, x: Value[], y: Value[], depth: number): boolean {
  if (x.length !== y.length && (op === "==" || op === "!=")) return op === "!=";
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (!equalDepth(x[i], y[i], depth - 1)) {
      if (op === "==") return false;
      if (op === "!=") return true;
      return compareDepth(op, x[i], y[i], depth - 1);
    }
  }
  return threeway(op, x.length - y.length);
}

/** dictsEqual */
function dictsEqual(x: SDict, y: SDict, depth: number): boolean {
  if (x.len() !== y.len()) return false;
  for (const [k, xv] of x.ht.items()) {
    const yv = y.ht.get(k);
    if (yv === undefined) return false;
    if (!equalDepth(xv, yv, depth - 1)) return false;
  }
  return true;
}

/** Set.CompareSameType: ==, != and the subset/superset orderings. */
function setCompare(op: CompareOp, x: SSet, y: SSet): boolean {
  const xn = x.len();
  const yn = y.len();
  switch (op) {
    case "==":
    case "!=": {
      let eq = xn === yn;
      if (eq) for (const k of x.ht.keys()) if (!y.ht.has(k)) eq = false;
      return op === "==" ? eq : !eq;
    }
    case ">=":
      return xn >= yn && isSuperset(x, y);
    case "<=":
      return xn <= yn && isSuperset(y, x);
    case ">":
      return xn > yn && isSuperset(x, y);
    default:
      return xn < yn && isSuperset(y, x);
  }
}

function isSuperset(x: SSet, y: SSet): boolean {
  for (const k of y.ht.keys()) if (!x.ht.has(k)) return false;
  return true;
}
