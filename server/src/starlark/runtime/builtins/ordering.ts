// Universe builtins that compare or test elements: all any max min sorted
// (go.starlark.net library.go). sorted() is stable, with Go's exact comparison sequence
// (stable-sort.ts); errors from a key function propagate unchanged.

import { K_LIST, K_TUPLE, SList, STuple, StarlarkError, truth, type BuiltinImpl, type Value } from "../values";
import { checkPositional, positionalArg, toBool, toCallable, toIterable, unpackArgs } from "../unpack";
import { call1, callEach, compare, describeType, isIterableValue, iterateValue } from "./core-bridge";
import { collect } from "./collections";
import { stableSort } from "./stable-sort";
import { sortByEncodedKeys, uniformKeys } from "./sort-keys";
import { intCmp, type Int } from "../int";

export const all: BuiltinImpl = (args, kwargs) => {
  checkPositional("all", args, kwargs, 1, 1);
  const it = iterateValue(positionalArg("all", args, 0, toIterable))!;
  try {
    for (let x = it.next(); x !== undefined; x = it.next()) if (!truth(x)) return false;
    return true;
  } finally {
    it.done();
  }
};

export const any: BuiltinImpl = (args, kwargs) => {
  checkPositional("any", args, kwargs, 1, 1);
  const it = iterateValue(positionalArg("any", args, 0, toIterable))!;
  try {
    for (let x = it.next(); x !== undefined; x = it.next()) if (truth(x)) return true;
    return false;
  } finally {
    it.done();
  }
};

const KEY_PARAM = [["key?", toCallable]] as const;

/** minmax: max (op ">") and min (op "<"). */
function minmax(name: "max" | "min"): BuiltinImpl {
  const op = name === "max" ? ">" : "<";
  return (args, kwargs) => {
    if (args.length === 0) throw new StarlarkError(`${name} requires at least one positional argument`);
    let keyFunc: Value | undefined;
    if (kwargs && kwargs.length > 0) keyFunc = unpackArgs(name, [], kwargs, KEY_PARAM)[0] as Value | undefined;
    const iterable = args.length === 1 ? args[0] : new STuple(args);
    const it = iterateValue(iterable);
    if (it === undefined) throw new StarlarkError(`${name}: ${describeType(iterable)} value is not iterable`);
    try {
      let extremum = it.next();
      if (extremum === undefined) throw new StarlarkError(`${name}: argument is an empty sequence`);
      let extremeKey = keyFunc === undefined ? extremum : call1(keyFunc, extremum);
      for (let x = it.next(); x !== undefined; x = it.next()) {
        const key = keyFunc === undefined ? x : call1(keyFunc, x);
        let better: boolean;
        try {
          better = compare(op, key, extremeKey);
        } catch (e) {
          if (e instanceof StarlarkError) throw new StarlarkError(`${name}: ${e.message}`);
          throw e;
        }
        if (better) {
          extremum = x;
          extremeKey = key;
        }
      }
      return extremum;
    } finally {
      it.done();
    }
  };
}

export const max = minmax("max");
export const min = minmax("min");

const SORTED_PARAMS = [
  ["iterable", toIterable],
  ["key?", toCallable],
  ["reverse?", toBool],
] as const;

export const sorted: BuiltinImpl = (args, kwargs) => {
  // Oddly, Python's sorted permits all arguments to be positional, thus so does Starlark.
  let iterable: Value;
  let key: Value | undefined;
  let reverse = false;
  if (args.length === 1 && !(kwargs && kwargs.length > 0) && isIterableValue(args[0])) {
    iterable = args[0];
  } else {
    const out = unpackArgs("sorted", args, kwargs, SORTED_PARAMS);
    iterable = out[0] as Value;
    key = out[1] as Value | undefined;
    reverse = (out[2] as boolean | undefined) ?? false;
  }
  if (key === undefined) return sortValues(collect(iterable), undefined, reverse);
  // go.starlark.net keeps the iterable's iterator open until sorted returns, so a key
  // function cannot mutate it ("append: cannot append to list during iteration").
  const it = iterateValue(iterable)!;
  try {
    let values: Value[];
    const kind = (iterable as SList).kind;
    if (kind === K_LIST || kind === K_TUPLE) {
      // The iterator holds the lock; the elements are copied without a next() call each.
      const e = (iterable as SList).elems;
      values = new Array(e.length);
      for (let i = 0; i < e.length; i++) values[i] = e[i];
    } else {
      values = [];
      let x: Value | undefined;
      while ((x = it.next()) !== undefined) values.push(x);
    }
    // Derive keys from values by applying the key function.
    return sortValues(values, callEach(key, values), reverse);
  } finally {
    it.done();
  }
};

function sortValues(values: Value[], keys: Value[] | undefined, reverse: boolean): Value {

  if (fastSort(values, keys, reverse)) return new SList(values);

  // General case: Go's stable sort, remembering the last comparison error.
  const ks = keys ?? values;
  let err: unknown;
  const less = (i: number, j: number): boolean => {
    try {
      return compare("<", ks[i], ks[j]);
    } catch (e) {
      if (!(e instanceof StarlarkError)) throw e;
      err = e;
      return false;
    }
  };
  stableSort(
    {
      less: reverse ? (i, j) => less(j, i) : less,
      swap: (i, j) => {
        if (keys !== undefined) {
          const t = keys[i];
          keys[i] = keys[j];
          keys[j] = t;
        }
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
      },
    },
    values.length,
  );
  if (err !== undefined) throw err;
  return new SList(values);
}

/** Thrown by fastCmp for keys it does not handle; never escapes fastSort. */
const BAIL = { bail: true };

/** Three-way comparison of two sort keys that are ints, strings, or tuples of such
 *  (recursively, lexicographically, shorter first): the same order go.starlark.net's
 *  Compare gives, for the keys on which Compare cannot fail. Anything else (floats, mixed
 *  types, deep nesting) throws BAIL. */
function fastCmp(a: Value, b: Value, depth: number): number {
  const ta = typeof a;
  if (ta === "string") {
    if (typeof b !== "string") throw BAIL;
    // Byte strings: JS compares char codes, i.e. bytes, as Go compares strings.
    return (a as string) < b ? -1 : (a as string) > b ? 1 : 0;
  }
  if (ta === "number" || ta === "bigint") {
    const tb = typeof b;
    if (tb !== "number" && tb !== "bigint") throw BAIL;
    return intCmp(a as Int, b as Int);
  }
  if (a instanceof STuple && b instanceof STuple && depth > 0) {
    const x = a.elems;
    const y = b.elems;
    const n = x.length < y.length ? x.length : y.length;
    for (let i = 0; i < n; i++) {
      const c = fastCmp(x[i], y[i], depth - 1);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  throw BAIL;
}

/** Sorts values (by keys, when given) in place with the engine's sort when the keys are
 *  pairwise comparable ints, strings or tuples of such: no comparison can then fail, and
 *  the stable order is unique, so it equals the one Go's sort.Stable produces. Returns
 *  false, leaving values untouched, for other keys. */
function fastSort(values: Value[], keys: Value[] | undefined, reverse: boolean): boolean {
  const n = values.length;
  if (n < 2) return true;
  if (keys === undefined && homogeneous(values)) {
    // Equal keys are then identical values, so stability cannot be observed.
    if (typeof values[0] === "string") values.sort();
    else {
      const f = Float64Array.from(values as number[]).sort();
      for (let i = 0; i < n; i++) values[i] = f[i];
    }
    if (reverse) values.reverse();
    return true;
  }
  const ks = keys ?? values;
  if (sortByEncodedKeys(values, ks, reverse)) return true;
  // Keys the encoding does not take (big ints, strings with \x00 or \x01) but that are
  // still pairwise comparable.
  return uniformKeys(ks) && sortByIndex(values, ks, reverse);
}

/** Whether values are all strings or all safe ints (JS numbers). */
function homogeneous(values: Value[]): boolean {
  const kind = typeof values[0];
  if (kind !== "string" && kind !== "number") return false;
  for (let i = 1; i < values.length; i++) if (typeof values[i] !== kind) return false;
  return true;
}

/** The general fast path: sort the indices by fastCmp of their keys (ties by index, for
 *  stability), then permute values. */
function sortByIndex(values: Value[], keys: Value[], reverse: boolean): boolean {
  const n = values.length;
  const order: number[] = new Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  try {
    order.sort((i, j) => {
      const c = reverse ? fastCmp(keys[j], keys[i], 8) : fastCmp(keys[i], keys[j], 8);
      return c !== 0 ? c : i - j;
    });
  } catch (e) {
    if (e === BAIL) return false;
    throw e;
  }
  const sorted: Value[] = new Array(n);
  for (let i = 0; i < n; i++) sorted[i] = values[order[i]];
  for (let i = 0; i < n; i++) values[i] = sorted[i];
  return true;
}
