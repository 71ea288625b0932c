// Binary and unary operators: a port of go.starlark.net's Binary and Unary (eval.go).
// Every operator has its own exported function whose first lines are the fast paths for
// the common operand types (small ints, strings, floats); `binary(op, x, y)` dispatches to
// them for compiled code that does not call them directly.

import { SBigRange } from "./big-range";
import { compare, equal } from "./compare";
import {
  asInt32,
  intAdd,
  intAnd,
  intFloorDiv,
  intLsh,
  intMod,
  intMul,
  intNeg,
  intNot,
  intOr,
  intRsh,
  intSub,
  intToFiniteFloat,
  intXor,
  numberToInt,
  type Int,
} from "./int";
import { interpolate } from "./interpolate";
import {
  K_FLOAT,
  StarlarkError,
  SBytes,
  SDict,
  SFloat,
  SList,
  SRange,
  SSet,
  STuple,
  truth,
  typeName,
  normBig,
  type CompareOp,
  type Value,
} from "./values";

const MAX = 9007199254740991;
const MIN = -9007199254740991;

export type BinaryOperator =
  | "+" | "-" | "*" | "/" | "//" | "%" | "&" | "|" | "^" | "<<" | ">>"
  | "in" | "not in" | CompareOp;

function unknownBinary(op: string, x: Value, y: Value): never {
  throw new StarlarkError(`unknown binary op: ${typeName(x)} ${op} ${typeName(y)}`);
}

function isInt(v: Value): v is Int {
  return typeof v === "number" || typeof v === "bigint";
}

/** x op y for strict binary operators and comparisons (not `and`/`or`). */
export function binary(op: BinaryOperator, x: Value, y: Value): Value {
  // Ordered by how often compiled code, which inlines the int and string fast paths, ends
  // up here (a switch over strings compares them one by one in QuickJS).
  switch (op) {
    case "==":
      return equal(x, y);
    case "!=":
      return !equal(x, y);
    case "+":
      return add(x, y);
    case "in":
      return contains(y, x);
    case "not in":
      return !contains(y, x);
    case "<":
    case "<=":
    case ">":
    case ">=":
      return compare(op, x, y);
    case "%":
      return mod(x, y);
    case "-":
      return sub(x, y);
    case "*":
      return mul(x, y);
    case "//":
      return floorDiv(x, y);
    case "/":
      return div(x, y);
    case "^":
      return xor(x, y);
    case "&":
      return and(x, y);
    case "|":
      return or(x, y);
    case "<<":
      return lsh(x, y);
    case ">>":
      return rsh(x, y);
  }
  unknownBinary(op, x, y);
}

// Custom (library or host) types may implement binaryOp; undefined means "unhandled".
function custom(op: string, x: Value, y: Value): Value {
  if (typeof x === "object" && x !== null && x.binaryOp !== undefined) {
    const z = x.binaryOp(op, y, false);
    if (z !== undefined) return z;
  }
  if (typeof y === "object" && y !== null && y.binaryOp !== undefined) {
    const z = y.binaryOp(op, x, true);
    if (z !== undefined) return z;
  }
  unknownBinary(op, x, y);
}

// Each arithmetic operator tests, in order: two small ints, two floats, then the general
// cases. The tests are written out rather than called: QuickJS does not inline calls,
// and a call costs as much as several of these tests.

export function add(x: Value, y: Value): Value {
  if (typeof x === "number" && typeof y === "number") {
    const z = x + y;
    if (z <= MAX && z >= MIN) return z;
    return normBig(BigInt(x) + BigInt(y));
  }
  if (
    typeof x === "object" && typeof y === "object" && x !== null && y !== null &&
    x.kind === K_FLOAT && y.kind === K_FLOAT
  ) {
    return new SFloat((x as SFloat).v + (y as SFloat).v);
  }
  if (typeof x === "string") {
    if (typeof y === "string") return x + y;
  } else if (typeof x === "number" || typeof x === "bigint") {
    if (typeof y === "number" || typeof y === "bigint") return intAdd(x, y);
    if (y instanceof SFloat) return new SFloat(intToFiniteFloat(x) + y.v);
  } else if (x instanceof SFloat) {
    if (y instanceof SFloat) return new SFloat(x.v + y.v);
    if (typeof y === "number" || typeof y === "bigint") return new SFloat(x.v + intToFiniteFloat(y));
  } else if (x instanceof SList) {
    if (y instanceof SList) return new SList(x.elems.concat(y.elems));
  } else if (x instanceof STuple) {
    if (y instanceof STuple) return new STuple(x.elems.concat(y.elems));
  }
  return custom("+", x, y);
}

export function sub(x: Value, y: Value): Value {
  if (typeof x === "number" && typeof y === "number") {
    const z = x - y;
    if (z <= MAX && z >= MIN) return z;
    return normBig(BigInt(x) - BigInt(y));
  }
  if (
    typeof x === "object" && typeof y === "object" && x !== null && y !== null &&
    x.kind === K_FLOAT && y.kind === K_FLOAT
  ) {
    return new SFloat((x as SFloat).v - (y as SFloat).v);
  }
  if (typeof x === "number" || typeof x === "bigint") {
    if (typeof y === "number" || typeof y === "bigint") return intSub(x, y);
    if (y instanceof SFloat) return new SFloat(intToFiniteFloat(x) - y.v);
  } else if (x instanceof SFloat) {
    if (y instanceof SFloat) return new SFloat(x.v - y.v);
    if (typeof y === "number" || typeof y === "bigint") return new SFloat(x.v - intToFiniteFloat(y));
  } else if (x instanceof SSet) {
    if (y instanceof SSet) return setDifference(x, y);
  }
  return custom("-", x, y);
}

export function mul(x: Value, y: Value): Value {
  if (typeof x === "number" && typeof y === "number") {
    const z = x * y;
    if (z <= MAX && z >= MIN) return z + 0;
    return normBig(BigInt(x) * BigInt(y));
  }
  if (
    typeof x === "object" && typeof y === "object" && x !== null && y !== null &&
    x.kind === K_FLOAT && y.kind === K_FLOAT
  ) {
    return new SFloat((x as SFloat).v * (y as SFloat).v);
  }
  if (typeof x === "number" || typeof x === "bigint") {
    if (typeof y === "number" || typeof y === "bigint") return intMul(x, y);
    if (y instanceof SFloat) return new SFloat(intToFiniteFloat(x) * y.v);
    if (typeof y === "string") return stringRepeat(y, x);
    if (y instanceof SBytes) return new SBytes(stringRepeat(y.s, x));
    if (y instanceof SList) return new SList(tupleRepeat(y.elems, x));
    if (y instanceof STuple) return new STuple(tupleRepeat(y.elems, x));
  } else if (x instanceof SFloat) {
    if (y instanceof SFloat) return new SFloat(x.v * y.v);
    if (typeof y === "number" || typeof y === "bigint") return new SFloat(x.v * intToFiniteFloat(y));
  } else if (typeof x === "string") {
    if (typeof y === "number" || typeof y === "bigint") return stringRepeat(x, y);
  } else if (x instanceof SBytes) {
    if (typeof y === "number" || typeof y === "bigint") return new SBytes(stringRepeat(x.s, y));
  } else if (x instanceof SList) {
    if (typeof y === "number" || typeof y === "bigint") return new SList(tupleRepeat(x.elems, y));
  } else if (x instanceof STuple) {
    if (typeof y === "number" || typeof y === "bigint") return new STuple(tupleRepeat(x.elems, y));
  }
  return custom("*", x, y);
}

function divByZero(): never {
  throw new StarlarkError("floating-point division by zero");
}

export function div(x: Value, y: Value): Value {
  if (
    typeof x === "object" && typeof y === "object" && x !== null && y !== null &&
    x.kind === K_FLOAT && y.kind === K_FLOAT
  ) {
    const yv = (y as SFloat).v;
    if (yv === 0) divByZero();
    return new SFloat((x as SFloat).v / yv);
  }
  if (typeof x === "number" || typeof x === "bigint") {
    const xf = intToFiniteFloat(x);
    if (typeof y === "number" || typeof y === "bigint") {
      const yf = intToFiniteFloat(y);
      if (yf === 0) divByZero();
      return new SFloat(xf / yf);
    }
    if (y instanceof SFloat) {
      if (y.v === 0) divByZero();
      return new SFloat(xf / y.v);
    }
  } else if (x instanceof SFloat) {
    if (y instanceof SFloat) {
      if (y.v === 0) divByZero();
      return new SFloat(x.v / y.v);
    }
    if (typeof y === "number" || typeof y === "bigint") {
      const yf = intToFiniteFloat(y);
      if (yf === 0) divByZero();
      return new SFloat(x.v / yf);
    }
  }
  return custom("/", x, y);
}

function flooredByZero(): never {
  throw new StarlarkError("floored division by zero");
}

export function floorDiv(x: Value, y: Value): Value {
  if (typeof x === "number" || typeof x === "bigint") {
    if (typeof y === "number" || typeof y === "bigint") {
      if (y === 0) flooredByZero();
      return intFloorDiv(x, y);
    }
    if (y instanceof SFloat) {
      const xf = intToFiniteFloat(x);
      if (y.v === 0) flooredByZero();
      return new SFloat(Math.floor(xf / y.v));
    }
  } else if (x instanceof SFloat) {
    if (y instanceof SFloat) {
      if (y.v === 0) flooredByZero();
      return new SFloat(Math.floor(x.v / y.v));
    }
    if (typeof y === "number" || typeof y === "bigint") {
      const yf = intToFiniteFloat(y);
      if (yf === 0) flooredByZero();
      return new SFloat(Math.floor(x.v / yf));
    }
  }
  return custom("//", x, y);
}

/** Float.Mod: the result has the sign of y. */
function floatMod(x: number, y: number): number {
  let z = x % y; // fmod, as math.Mod
  if (x < 0 !== y < 0 && z !== 0) z += y;
  return z;
}

function floatModByZero(): never {
  throw new StarlarkError("floating-point modulo by zero");
}

export function mod(x: Value, y: Value): Value {
  if (typeof x === "number" && typeof y === "number" && y !== 0) {
    let r = x % y;
    if (r !== 0 && r < 0 !== y < 0) r += y;
    return r + 0;
  }
  if (typeof x === "number" || typeof x === "bigint") {
    if (typeof y === "number" || typeof y === "bigint") {
      if (y === 0) throw new StarlarkError("integer modulo by zero");
      return intMod(x, y);
    }
    if (y instanceof SFloat) {
      const xf = intToFiniteFloat(x);
      if (y.v === 0) floatModByZero();
      return new SFloat(floatMod(xf, y.v));
    }
  } else if (x instanceof SFloat) {
    if (y instanceof SFloat) {
      if (y.v === 0) floatModByZero();
      return new SFloat(floatMod(x.v, y.v));
    }
    if (typeof y === "number" || typeof y === "bigint") {
      if (y === 0) floatModByZero();
      return new SFloat(floatMod(x.v, intToFiniteFloat(y)));
    }
  } else if (typeof x === "string") {
    return interpolate(x, y);
  }
  return custom("%", x, y);
}

/** `x in y` (note the argument order: container first). */
export function contains(y: Value, x: Value): boolean {
  if (typeof y === "object" && y !== null) {
    if (y instanceof SList || y instanceof STuple) {
      const e = y.elems;
      for (let i = 0; i < e.length; i++) if (equal(e[i], x)) return true;
      return false;
    }
    if (y instanceof SDict) {
      // Go ignores errors from Get here: an unhashable key is simply absent.
      try {
        return y.ht.get(x) !== undefined;
      } catch (e) {
        if (e instanceof StarlarkError) return false;
        throw e;
      }
    }
    if (y.isMapping) {
      try {
        return y.getKey(x) !== undefined;
      } catch (e) {
        if (e instanceof StarlarkError) return false;
        throw e;
      }
    }
    if (y instanceof SSet) return y.ht.has(x);
    if (y instanceof SBytes) {
      if (x instanceof SBytes) return y.s.indexOf(x.s) >= 0;
      if (typeof x === "number" || typeof x === "bigint") {
        if (typeof x !== "number" || x < 0 || x > 255) {
          throw new StarlarkError(`int in bytes: ${x} out of range (want value in unsigned 8-bit range)`);
        }
        return y.s.indexOf(String.fromCharCode(x)) >= 0;
      }
      throw new StarlarkError(`'in bytes' requires bytes or int as left operand, not ${typeName(x)}`);
    }
    if (y instanceof SRange || y instanceof SBigRange) {
      let i: Int;
      try {
        i = numberToInt(x);
      } catch (e) {
        if (e instanceof StarlarkError) {
          throw new StarlarkError(`'in <range>' requires integer as left operand, not ${typeName(x)}`);
        }
        throw e;
      }
      return y.contains(i);
    }
  } else if (typeof y === "string") {
    if (typeof x !== "string") {
      throw new StarlarkError(`'in <string>' requires string as left operand, not ${typeName(x)}`);
    }
    return y.indexOf(x) >= 0;
  }
  return truth(custom("in", x, y));
}

export function or(x: Value, y: Value): Value {
  if (typeof x === "number" && typeof y === "number" && (x | 0) === x && (y | 0) === y) return x | y;
  if (typeof x === "number" || typeof x === "bigint") {
    if (typeof y === "number" || typeof y === "bigint") return intOr(x, y);
  } else if (x instanceof SDict) {
    if (y instanceof SDict) {
      // Dict.Union
      const z = new SDict();
      z.ht.addAll(x.ht);
      z.ht.addAll(y.ht);
      return z;
    }
  } else if (x instanceof SSet) {
    if (y instanceof SSet) {
      const z = cloneSet(x);
      for (const k of y.ht.keys()) z.ht.set(k, null);
      return z;
    }
  }
  return custom("|", x, y);
}

export function and(x: Value, y: Value): Value {
  if (typeof x === "number" && typeof y === "number" && (x | 0) === x && (y | 0) === y) return x & y;
  if (typeof x === "number" || typeof x === "bigint") {
    if (typeof y === "number" || typeof y === "bigint") return intAnd(x, y);
  } else if (x instanceof SSet) {
    if (y instanceof SSet) {
      // Set.Intersection: elements of y (in y's order) that x has.
      const z = new SSet();
      for (const k of y.ht.keys()) if (x.ht.has(k)) z.ht.set(k, null);
      return z;
    }
  }
  return custom("&", x, y);
}

export function xor(x: Value, y: Value): Value {
  if (typeof x === "number" && typeof y === "number" && (x | 0) === x && (y | 0) === y) return x ^ y;
  if (typeof x === "number" || typeof x === "bigint") {
    if (typeof y === "number" || typeof y === "bigint") return intXor(x, y);
  } else if (x instanceof SSet) {
    if (y instanceof SSet) {
      // Set.SymmetricDifference
      const z = cloneSet(x);
      for (const k of y.ht.keys()) {
        if (z.ht.delete(k) === undefined) z.ht.set(k, null);
      }
      return z;
    }
  }
  return custom("^", x, y);
}

function cloneSet(x: SSet): SSet {
  const z = new SSet();
  z.ht.addAll(x.ht);
  return z;
}

function setDifference(x: SSet, y: SSet): SSet {
  const z = cloneSet(x);
  for (const k of y.ht.keys()) z.ht.delete(k);
  return z;
}

function shiftCount(y: Value): number {
  const n = asInt32(y);
  if (n < 0) throw new StarlarkError(`negative shift count: ${n}`);
  return n;
}

export function lsh(x: Value, y: Value): Value {
  if (typeof x === "number" || typeof x === "bigint") {
    const n = shiftCount(y);
    if (n >= 512) throw new StarlarkError(`shift count too large: ${n}`);
    return intLsh(x, n);
  }
  return custom("<<", x, y);
}

export function rsh(x: Value, y: Value): Value {
  if ((typeof x === "number" || typeof x === "bigint")) return intRsh(x, shiftCount(y));
  return custom(">>", x, y);
}

// It's always possible to overeat in small bites but we'll try to stop someone swallowing
// the world in one gulp (go.starlark.net's maxAlloc).
const MAX_ALLOC = 1 << 30;

function repeatCount(n: Int): number {
  if (typeof n !== "number" || (n | 0) !== n) throw new StarlarkError(`repeat count ${n} too large`);
  return n;
}

/** stringRepeat (also bytesRepeat) */
export function stringRepeat(s: string, n: Int): string {
  if (s === "") return "";
  const i = repeatCount(n);
  if (i < 1) return "";
  if (s.length * i >= MAX_ALLOC) throw new StarlarkError(`excessive repeat (${s.length} * ${i} elements)`);
  return s.repeat(i);
}

/** tupleRepeat (also list repetition) */
export function tupleRepeat(elems: Value[], n: Int): Value[] {
  if (elems.length === 0) return [];
  const i = repeatCount(n);
  if (i < 1) return [];
  if (elems.length * i >= MAX_ALLOC) {
    throw new StarlarkError(`excessive repeat (${elems.length} * ${i} elements)`);
  }
  const out = new Array<Value>(elems.length * i);
  for (let k = 0, p = 0; k < i; k++) for (let j = 0; j < elems.length; j++) out[p++] = elems[j];
  return out;
}

export type UnaryOperator = "-" | "+" | "~" | "not";

/** Unary(op, x) */
export function unary(op: UnaryOperator, x: Value): Value {
  switch (op) {
    case "not":
      return !truth(x);
    case "-":
      if ((typeof x === "number" || typeof x === "bigint")) return intNeg(x);
      if (x instanceof SFloat) return new SFloat(-x.v);
      break;
    case "+":
      if ((typeof x === "number" || typeof x === "bigint") || x instanceof SFloat) return x;
      break;
    case "~":
      if ((typeof x === "number" || typeof x === "bigint")) return intNot(x);
      break;
  }
  if (typeof x === "object" && x !== null && x.unaryOp !== undefined) {
    const z = x.unaryOp(op);
    if (z !== undefined) return z;
  }
  throw new StarlarkError(`unknown unary op: ${op} ${typeName(x)}`);
}
