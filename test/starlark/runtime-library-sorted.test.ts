// sorted() takes fast paths (engine sorts over encoded keys, or over a JS comparator) when
// no comparison can fail; they must give exactly the order of the port of Go's sort.Stable
// that the general path uses. Compared here on pseudo-random inputs, with duplicates (to
// observe stability), key functions and reverse.

import { test } from "node:test";
import assert from "node:assert/strict";
import { UNIVERSE } from "../../server/src/starlark/runtime/builtins/index";
import { stableSort } from "../../server/src/starlark/runtime/builtins/stable-sort";
import { call } from "../../server/src/starlark/runtime/call";
import { compare } from "../../server/src/starlark/runtime/compare";
import { repr } from "../../server/src/starlark/runtime/repr";
import { SBuiltin, SList, STuple, type Value } from "../../server/src/starlark/runtime/values";

let seed = 12345;
function rnd(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}

const INTS: Value[] = [0, 1, -1, 7, -7, 16383, 16384, -16384, 2 ** 40, -(2 ** 40), 9007199254740991, -9007199254740991, 2n ** 60n];
const STRS: Value[] = ["", "a", "ab", "b", "\xff", "a\xff", "abc", "\x00", "a\x01"];

function randomKey(kind: number, depth = 0): Value {
  switch (kind) {
    case 0:
      return INTS[rnd(INTS.length)];
    case 1:
      return STRS[rnd(STRS.length)];
    default: {
      const elems: Value[] = [];
      const n = rnd(4);
      for (let i = 0; i < n; i++) elems.push(depth < 2 && i === 2 ? randomKey(2, depth + 1) : randomKey(i % 2));
      return new STuple(elems);
    }
  }
}

/** The general path: Go's sort.Stable with Compare(<), as library.go's sortSlice. */
function reference(values: Value[], keys: Value[], reverse: boolean): Value[] {
  const v = values.slice();
  const k = keys.slice();
  const less = (i: number, j: number): boolean => compare("<", k[i], k[j]);
  stableSort(
    {
      less: reverse ? (i, j) => less(j, i) : less,
      swap: (i, j) => {
        [v[i], v[j]] = [v[j], v[i]];
        [k[i], k[j]] = [k[j], k[i]];
      },
    },
    v.length,
  );
  return v;
}

test("sorted's fast paths order exactly like Go's sort.Stable", () => {
  for (let trial = 0; trial < 400; trial++) {
    const kind = rnd(3);
    const n = 1 + rnd(60);
    const keys: Value[] = [];
    for (let i = 0; i < n; i++) keys.push(randomKey(kind));
    const values: Value[] = keys.map((_, i) => i); // distinct values reveal stability
    const reverse = rnd(2) === 1;
    const keyFn = new SBuiltin("k", (args) => keys[args[0] as number]);
    const kwargs: [string, Value][] = [["key", keyFn], ["reverse", reverse]];
    const got = call(UNIVERSE.sorted, [new SList(values)], kwargs) as SList;
    assert.deepEqual(got.elems, reference(values, keys, reverse), `keys ${repr(new SList(keys))} reverse=${reverse}`);
    // Without a key function the values themselves are the keys.
    const plain = call(UNIVERSE.sorted, [new SList(keys)], [["reverse", reverse]]) as SList;
    assert.deepEqual(plain.elems, reference(keys, keys, reverse));
  }
});

test("sorted reports the last comparison error of Go's sequence", () => {
  // Go keeps sorting after a failed comparison and reports the last error seen.
  const values: Value[] = [];
  for (let i = 0; i < 45; i++) values.push(i % 11 === 3 ? "s" : i % 13 === 5 ? null : i);
  // Expected messages from go.starlark.net for these very inputs.
  const msg = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return "no error";
  };
  assert.equal(msg(() => call(UNIVERSE.sorted, [new SList(values)], null)), "int < string not implemented");
  assert.equal(
    msg(() => call(UNIVERSE.sorted, [new SList(values)], [["reverse", true]])),
    "int < NoneType not implemented",
  );
});
