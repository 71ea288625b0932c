// x[i], x[i] = v, x[lo:hi:step], x.f and x.f = v: go.starlark.net's getIndex, setIndex,
// slice, getAttr and setField (eval.go), with their messages.

import { SBigRange } from "./big-range";
import { call, NO_KWARGS, type Kwargs } from "./call";
import { asInt32 } from "./int";
import { ATTR_TYPES, boundMethod, methodNames } from "./registry";
import { METHODS as METHOD_IMPLS, type MethodImpl } from "./methods/index";
import { repr } from "./repr";
import { nearest } from "./spell";
import {
  ATTR_SLOT,
  K_BYTES,
  K_HOST,
  K_DICT,
  K_LIST,
  K_SET,
  K_TUPLE,
  NoSuchAttrError,
  StarlarkError,
  SDict,
  SHostObject,
  SList,
  sliceString,
  typeName,
  type Value,
} from "./values";

function outOfRange(i: number, n: number, x: Value): never {
  if (n === 0) throw new StarlarkError(`index ${i} out of range: empty ${typeName(x)}`);
  throw new StarlarkError(`${typeName(x)} index ${i} out of range [${-n}:${n - 1}]`);
}

/** s[::-1] of strings up to 8 bytes long (words, names), each as one expression: in
 *  QuickJS, where each char and each concatenation is a new string, the loop's own steps
 *  cost half as much again. */
const REVERSE_SHORT: ((s: string) => string)[] = [
  (s) => s,
  (s) => s,
  (s) => s[1] + s[0],
  (s) => s[2] + s[1] + s[0],
  (s) => s[3] + s[2] + s[1] + s[0],
  (s) => s[4] + s[3] + s[2] + s[1] + s[0],
  (s) => s[5] + s[4] + s[3] + s[2] + s[1] + s[0],
  (s) => s[6] + s[5] + s[4] + s[3] + s[2] + s[1] + s[0],
  (s) => s[7] + s[6] + s[5] + s[4] + s[3] + s[2] + s[1] + s[0],
];

/** s[::-1] (bytes reversed, as go.starlark.net reverses a string's bytes). */
function reverseString(s: string): string {
  const n = s.length;
  if (n < REVERSE_SHORT.length) return REVERSE_SHORT[n](s);
  let out = "";
  for (let i = n - 1; i >= 0; i--) out += s[i];
  return out;
}

/** x[y] */
export function getIndex(x: Value, y: Value): Value {
  if (typeof x === "object" && x !== null) {
    const kind = x.kind;
    if (kind === K_LIST || kind === K_TUPLE) {
      const e = (x as SList).elems;
      if (typeof y === "number" && y >= 0 && y < e.length) return e[y]; // fast path
    } else if (kind === K_DICT) {
      const v = (x as SDict).ht.get(y);
      if (v === undefined) throw new StarlarkError(`key ${repr(y)} not in dict`);
      return v;
    } else if (x.isMapping) {
      const v = x.getKey(y);
      if (v === undefined) throw new StarlarkError(`key ${repr(y)} not in ${x.type()}`);
      return v;
    }
    if (x instanceof SBigRange) {
      // Go int arithmetic on a length beyond 2^53 (big-range.ts).
      const i = BigInt(indexArg(x, y));
      const n = x.bigLen;
      const j = i < 0n ? i + n : i;
      if (n === 0n) throw new StarlarkError(`index ${i} out of range: empty range`);
      if (j < 0n || j >= n) throw new StarlarkError(`range index ${i} out of range [${-n}:${n - 1n}]`);
      return x.bigIndex(j);
    }
    if (x.indexable) {
      const n = x.len();
      const i = indexArg(x, y);
      const j = i < 0 ? i + n : i;
      if (j < 0 || j >= n) outOfRange(i, n, x);
      return x.index(j);
    }
  } else if (typeof x === "string") {
    if (typeof y === "number" && y >= 0 && y < x.length) return x[y];
    const n = x.length;
    const i = indexArg(x, y);
    const j = i < 0 ? i + n : i;
    if (j < 0 || j >= n) outOfRange(i, n, x);
    return x[j];
  }
  throw new StarlarkError(`unhandled index operation ${typeName(x)}[${typeName(y)}]`);
}

function indexArg(x: Value, y: Value): number {
  try {
    return asInt32(y);
  } catch (e) {
    if (e instanceof StarlarkError) throw new StarlarkError(`${typeName(x)} index: ${e.message}`);
    throw e;
  }
}

/** x[y] = z */
export function setIndex(x: Value, y: Value, z: Value): void {
  if (typeof x !== "object" || x === null) {
    throw new StarlarkError(`${typeName(x)} value does not support item assignment`);
  }
  const kind = x.kind;
  if (kind === K_DICT) {
    (x as SDict).ht.insert(y, z);
    return;
  }
  if (kind === K_LIST) {
    const l = x as SList;
    const e = l.elems;
    let i: number;
    if (typeof y === "number" && y >= 0 && y < e.length) i = y; // fast path
    else {
      const n = e.length;
      const orig = asInt32(y); // Go returns AsInt32's error unadorned here
      i = orig < 0 ? orig + n : orig;
      if (i < 0 || i >= n) outOfRange(orig, n, x);
    }
    if (l.frozen || l.itercount > 0) l.checkMutable("assign to element of");
    e[i] = z;
    return;
  }
  if (x.setKey !== undefined) {
    x.setKey(y, z);
    return;
  }
  throw new StarlarkError(`${typeName(x)} value does not support item assignment`);
}

/** asIndex: an optional slice bound (None or undefined = absent), negative ones += len. */
function asIndex(v: Value | undefined, len: number, dflt: number, what: string): number {
  if (v === undefined || v === null) return dflt;
  let i: number;
  try {
    i = asInt32(v);
  } catch (e) {
    if (e instanceof StarlarkError) throw new StarlarkError(`invalid ${what} index: ${e.message}`);
    throw e;
  }
  return i < 0 ? i + len : i;
}

/** x[lo:hi:step]; absent parts are undefined (or None). */
export function slice(x: Value, lo?: Value, hi?: Value, stepv?: Value): Value {
  if (typeof x === "string" && lo === undefined && hi === undefined) {
    // s[:] and s[::-1] (what the general case below computes for them, without its
    // argument checks).
    if (stepv === undefined) return x;
    if (stepv === -1) return reverseString(x);
  }
  let n: number;
  if (typeof x === "string") n = x.length;
  else if (typeof x === "object" && x !== null && x.indexable) n = x.len();
  else throw new StarlarkError(`invalid slice operand ${typeName(x)}`);

  let step = 1;
  if (stepv !== undefined && stepv !== null) {
    try {
      step = asInt32(stepv);
    } catch (e) {
      if (e instanceof StarlarkError) throw new StarlarkError(`invalid slice step: ${e.message}`);
      throw e;
    }
    if (step === 0) throw new StarlarkError("zero is not a valid slice step");
  }

  let start: number;
  let end: number;
  if (step > 0) {
    // positive stride: default indices are [0:n], clamped to [0:n]
    start = asIndex(lo, n, 0, "start");
    if (start < 0) start = 0;
    else if (start > n) start = n;
    end = asIndex(hi, n, n, "end");
    if (end < 0) end = 0;
    else if (end > n) end = n;
    if (end < start) end = start;
  } else {
    // negative stride: default indices are effectively [n-1:-1]
    start = asIndex(lo, n, n - 1, "start");
    if (start >= n) start = n - 1;
    end = asIndex(hi, n, -1, "end");
    if (end < -1) end = -1;
    if (start < end) start = end;
  }
  if (typeof x === "string") return sliceString(x, start, end, step);
  const r = x.slice(start, end, step);
  if (r === undefined) throw new StarlarkError(`invalid slice operand ${typeName(x)}`);
  return r;
}

/** x.name (fields, and methods bound to their receiver). */
export function getAttr(x: Value, name: string): Value {
  if (typeof x === "object" && x !== null && x.kind === K_HOST) {
    // A host object's field (what compiled code finds in no attribute slot): straight to
    // attr(), which neither throws nor has methods to bind; misses go the general way.
    const h = x as SHostObject;
    if (!ATTR_TYPES.has(h.typeName)) {
      const v = h.attr(name);
      if (v !== undefined) return v;
    }
  }
  const t = typeName(x);
  if (ATTR_TYPES.has(t)) {
    const m = boundMethod(t, x, name);
    if (m !== undefined) return m;
    throw noSuchAttr(`${t} has no .${name} field or method`, name, methodNames(t));
  }
  if (typeof x === "object" && x !== null) {
    let v: Value | undefined;
    try {
      v = x.attr(name);
    } catch (e) {
      if (e instanceof NoSuchAttrError) throw noSuchAttr(e.message, name, x.attrNames() ?? []);
      throw e;
    }
    if (v !== undefined) return v;
    if (x instanceof SHostObject && x.missing !== undefined) {
      // A host's own error is returned as is (no spelling hint), as Go does for an Attr
      // error that is not a NoSuchAttrError.
      throw new StarlarkError(x.missing.replace("%s", name));
    }
    const names = x instanceof SHostObject ? x.fields.map((f) => f[0]) : x.attrNames();
    if (names !== undefined) throw noSuchAttr(`${t} has no .${name} field or method`, name, names);
  }
  throw new StarlarkError(`${t} has no .${name} field or method`);
}

/** Gives `holder` (an object, or a prototype shared by objects) the attribute slot of a
 *  host object's attribute whose value never changes (see ATTR_SLOT). */
export function fillAttrSlot(holder: object, obj: SHostObject, name: string, value: Value): void {
  if (!ATTR_TYPES.has(obj.typeName)) (holder as Record<string, Value>)[ATTR_SLOT + name] = value;
}

function noSuchAttr(msg: string, name: string, names: readonly string[]): StarlarkError {
  const n = nearest(name, names);
  return new StarlarkError(n !== "" ? `${msg} (did you mean .${n}?)` : msg);
}

// The library's method implementations, copied into prototype-free tables so that a
// lookup by name is a single property access with no inherited names to exclude.
type ImplTable = Record<string, MethodImpl | undefined>;
function nullProto(t: Record<string, MethodImpl> | undefined): ImplTable {
  return Object.assign(Object.create(null) as ImplTable, t);
}
const IMPLS: Record<string, ImplTable | undefined> = Object.create(null);
for (const type of Object.keys(METHOD_IMPLS)) {
  IMPLS[type] = nullProto((METHOD_IMPLS as Record<string, Record<string, MethodImpl>>)[type]);
}
const STRING_IMPLS = IMPLS["string"];
/** Method tables by SValue.kind (undefined for kinds without methods). */
const IMPLS_BY_KIND: (ImplTable | undefined)[] = new Array(K_HOST + 1).fill(undefined); // dense
IMPLS_BY_KIND[K_LIST] = IMPLS["list"];
IMPLS_BY_KIND[K_DICT] = IMPLS["dict"];
IMPLS_BY_KIND[K_SET] = IMPLS["set"];
IMPLS_BY_KIND[K_BYTES] = IMPLS["bytes"];

/** x.name(args...): getAttr then call, without allocating a bound method for the
 *  built-in types' methods. */
export function callMethod(x: Value, name: string, args: Value[], kwargs: Kwargs | null): Value {
  let table: ImplTable | undefined;
  if (typeof x === "string") table = STRING_IMPLS;
  else if (typeof x === "object" && x !== null) table = IMPLS_BY_KIND[x.kind];
  if (table !== undefined) {
    const impl = table[name];
    // Like any builtin, a method call gets no frame (see call).
    if (impl !== undefined) return impl(x, args, kwargs === null ? NO_KWARGS : kwargs);
  }
  return call(getAttr(x, name), args, kwargs);
}

/** x.name = y */
export function setField(x: Value, name: string, y: Value): void {
  if (typeof x === "object" && x !== null && x.setField !== undefined) {
    try {
      x.setField(name, y);
    } catch (e) {
      if (e instanceof NoSuchAttrError) throw noSuchAttr(e.message, name, x.attrNames() ?? []);
      throw e;
    }
    return;
  }
  throw new StarlarkError(`can't assign to .${name} field of ${typeName(x)}`);
}
