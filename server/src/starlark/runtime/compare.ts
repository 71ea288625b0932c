// Equality and ordering (go.starlark.net value.go: Equal, CompareDepth, threeway,
// sliceCompare, dictsEqual, setsEqual, floatCmp). Recursive comparisons are bounded by
// CompareLimit, which also stops cyclic structures.

import { intCmp, intFloatCmp } from "./int";
import {
  COMPARE_LIMIT,
  K_FLOAT,
  K_LIST,
  K_TUPLE,
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

export { COMPARE_LIMIT };

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
  switch (typeof x) {
    case "number":
    case "bigint":
      if (typeof y === "number" || typeof y === "bigint") return threeway(op, intCmp(x, y));
      if (y instanceof SFloat) return threeway(op, intFloatCmp(x, y.v));
      break;
    case "string":
      // char codes are bytes: this is Go's bytewise order
      if (typeof y === "string") return threeway(op, x < y ? -1 : x > y ? 1 : 0);
      break;
    case "boolean":
      if (typeof y === "boolean") return threeway(op, (x ? 1 : 0) - (y ? 1 : 0));
      break;
    case "object":
      if (x === null) {
        if (y === null) {
          if (op === "==") return true;
          if (op === "!=") return false;
          notImplemented(x, op, y);
        }
        break;
      }
      if (typeof y !== "object" || y === null) {
        if (x.kind === K_FLOAT && (typeof y === "number" || typeof y === "bigint")) {
          return threeway(op, -intFloatCmp(y, (x as SFloat).v));
        }
        break;
      }
      const kind = x.kind;
      if (kind === y.kind) {
        if (kind === K_TUPLE || kind === K_LIST) return sliceCompare(op, (x as STuple).elems, (y as STuple).elems, depth);
        if (kind === K_FLOAT) return threeway(op, floatCmp((x as SFloat).v, (y as SFloat).v));
      }
      return compareObjects(op, x, y, depth);
  }
  return compareDifferent(op, x, y);
}

/** Values of different types: only == and != are defined (they are unequal). */
function compareDifferent(op: CompareOp, x: Value, y: Value): boolean {
  if (op === "==") return false;
  if (op === "!=") return true;
  notImplemented(x, op, y);
}

type Obj = Exclude<Value, null | boolean | number | bigint | string>;

/** CompareDepth for two non-primitive values (the common cases are handled above). */
function compareObjects(op: CompareOp, x: Obj, y: Obj, depth: number): boolean {
  if (x.type() !== y.type()) return compareDifferent(op, x, y);
  if (x instanceof SDict) {
    if (op === "==") return dictsEqual(x, y as SDict, depth);
    if (op === "!=") return !dictsEqual(x, y as SDict, depth);
    notImplemented(x, op, y);
  }
  if (x instanceof SSet) return setCompare(op, x, y as SSet);
  if (x instanceof SBytes) {
    const a = x.s;
    const b = (y as SBytes).s;
    return threeway(op, a < b ? -1 : a > b ? 1 : 0);
  }
  if (x instanceof SList || x instanceof STuple || x instanceof SFloat) {
    // same type name, different classes: cannot happen for the built-in types
    return compareDifferent(op, x, y);
  }
  const r = x.compareSameType(op, y, depth);
  if (r !== undefined) return r;
  // identity comparison
  if (op === "==") return x === y;
  if (op === "!=") return x !== y;
  notImplemented(x, op, y);
}

/** sliceCompare */
function sliceCompare(op: CompareOp, x: Value[], y: Value[], depth: number): boolean {
  if (x.length !== y.length && (op === "==" || op === "!=")) return op === "!=";
  const n = x.length < y.length ? x.length : y.length;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (a === b && (typeof a !== "object" || a === null)) {
      // identical primitives are equal (after Go's depth check)
      if (depth - 1 < 1) throw new StarlarkError("comparison exceeded maximum recursion depth");
      continue;
    }
    if ((typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string")) {
      // Two different ints or strings (the common tuple keys): what the calls below
      // would answer (EqualDepth is false, then CompareDepth orders them), without them.
      if (depth - 1 < 1) throw new StarlarkError("comparison exceeded maximum recursion depth");
      if (op === "==") return false;
      if (op === "!=") return true;
      return threeway(op, a < b ? -1 : 1);
    }
    if (!equalDepth(a, b, depth - 1)) {
      if (op === "==") return false;
      if (op === "!=") return true;
      return compareDepth(op, x[i], y[i], depth - 1);
    }
  }
  return threeway(op, x.length - y.length);
}

/** A lookup as dictsEqual and setsEqual make it: go.starlark.net drops its error (`yval,
 *  found, _ := y.Get(key)`), so a key whose Equal exceeds CompareLimit reads as absent
 *  and the two are unequal. */
function found<T>(lookup: () => T): T | undefined {
  try {
    return lookup();
  } catch (e) {
    if (e instanceof StarlarkError) return undefined;
    throw e;
  }
}

/** dictsEqual */
function dictsEqual(x: SDict, y: SDict, depth: number): boolean {
  if (x.len() !== y.len()) return false;
  for (const [k, xv] of x.ht.items()) {
    const yv = found(() => y.ht.get(k));
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
      if (eq) for (const k of x.ht.keys()) if (!found(() => y.ht.has(k))) eq = false;
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
