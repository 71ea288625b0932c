// Values, hashing and the insertion-ordered hash table behind dict and set
// (go.starlark.net value.go, hashtable.go).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SBuiltin, SBytes, SDict, SFloat, SList, SRange, SSet, STuple, hashKey, normBig, truth, typeName,
} from "../../server/src/starlark/runtime/values";
import { throwsMsg } from "./runtime-core-support";

test("type names and truth follow go.starlark.net", () => {
  assert.deepEqual(
    [null, true, 0, 10n ** 30n, "", new SFloat(0), new SBytes(""), new SList([]), new STuple([]), new SDict(), new SSet(), new SRange(0, 0, 1)].map(typeName),
    ["NoneType", "bool", "int", "int", "string", "float", "bytes", "list", "tuple", "dict", "set", "range"],
  );
  assert.deepEqual([null, false, 0, "", new SFloat(0), new SList([]), new SRange(3, 3, 1)].map(truth), [false, false, false, false, false, false, false]);
  assert.deepEqual([1, 10n ** 30n, "a", new SFloat(-0.5), new STuple([null]), new SRange(0, 1, 1)].map(truth), [true, true, true, true, true, true]);
});

test("bigints are normalised to numbers inside the safe range", () => {
  assert.equal(normBig(5n), 5);
  assert.equal(normBig(2n ** 53n - 1n), 9007199254740991);
  assert.equal(normBig(2n ** 53n), 2n ** 53n);
});

test("equal values share a hash key: 1 == 1.0, but True != 1", () => {
  assert.equal(hashKey(new SFloat(1)), hashKey(1));
  assert.equal(hashKey(new SFloat(2 ** 60)), hashKey(2n ** 60n));
  assert.equal(hashKey(new SFloat(-0)), hashKey(0));
  assert.notEqual(hashKey(true), hashKey(1));
  assert.notEqual(hashKey(new SBytes("a")), hashKey("a"));
  assert.equal(hashKey(new STuple([1, "a"])), hashKey(new STuple([new SFloat(1), "a"])));
  assert.notEqual(hashKey(new STuple(["a,", "b"])), hashKey(new STuple(["a", ",b"])));
  assert.equal(hashKey(new SFloat(NaN)), hashKey(new SFloat(NaN))); // NaN == NaN in Starlark
});

test("lists, dicts, sets and tuples of them are unhashable with Go's messages", () => {
  throwsMsg(() => hashKey(new SList([])), "unhashable type: list");
  throwsMsg(() => hashKey(new SDict()), "unhashable type: dict");
  throwsMsg(() => hashKey(new SSet()), "unhashable type: set");
  throwsMsg(() => hashKey(new STuple([1, new SList([])])), "unhashable type: list");
  throwsMsg(() => hashKey(new SRange(0, 1, 1)), "unhashable: range");
  const b = new SBuiltin("f", () => null);
  assert.equal(hashKey(b), hashKey(b));
  assert.notEqual(hashKey(b), hashKey(new SBuiltin("f", () => null)));
});

test("dicts keep insertion order; a deleted key goes to the end when reinserted", () => {
  const d = new SDict();
  for (const k of ["a", "b", "c"]) d.setKey(k, k.toUpperCase());
  d.setKey("a", "A2"); // update keeps its place
  assert.deepEqual(d.keys(), ["a", "b", "c"]);
  assert.equal(d.delete("a"), "A2");
  d.setKey("a", 1);
  assert.deepEqual(d.items(), [["b", "B"], ["c", "C"], ["a", 1]]);
  assert.equal(d.delete("zz"), undefined);
  assert.equal(d.len(), 3);
});

test("a reassigned key keeps its original representative: d[1.0] = 1; d[1] = 2", () => {
  const d = new SDict();
  const one = new SFloat(1);
  d.setKey(one, 1);
  d.setKey(1, 2);
  assert.equal(d.len(), 1);
  assert.equal(d.keys()[0], one);
  assert.equal(d.getKey(1), 2);
  assert.equal(d.getKey(true), undefined);
});

test("many deletions compact the table without losing order", () => {
  const d = new SDict();
  for (let i = 0; i < 100; i++) d.setKey(i, i * i);
  for (let i = 0; i < 100; i += 2) d.delete(i);
  d.setKey(0, "again");
  const keys = d.keys();
  assert.equal(keys.length, 51);
  assert.deepEqual(keys.slice(0, 3), [1, 3, 5]);
  assert.equal(keys[50], 0);
  assert.equal(d.getKey(99), 99 * 99);
});

test("frozen and iterated hash tables refuse mutation with Go's messages", () => {
  const d = new SDict();
  d.setKey("k", 1);
  const it = d.iterate();
  throwsMsg(() => d.setKey("x", 1), "cannot insert into hash table during iteration");
  throwsMsg(() => d.delete("k"), "cannot delete from hash table during iteration");
  throwsMsg(() => d.clear(), "cannot clear hash table during iteration");
  assert.equal(it.next(), "k");
  assert.equal(it.next(), undefined);
  it.done();
  d.setKey("x", 2);
  d.freeze();
  throwsMsg(() => d.setKey("y", 1), "cannot insert into frozen hash table");
  throwsMsg(() => d.delete("x"), "cannot delete from frozen hash table");
  const s = new SSet();
  s.freeze();
  throwsMsg(() => s.insert(1), "cannot insert into frozen hash table");
});

test("lookups hash the key first, but deleting from a never-used table does not", () => {
  throwsMsg(() => new SDict().getKey(new SList([])), "unhashable type: list");
  assert.equal(new SDict().delete(new SList([])), undefined);
  const d = new SDict();
  d.setKey(1, 1);
  throwsMsg(() => d.delete(new SList([])), "unhashable type: list");
});

test("lists lock during iteration and freeze deeply", () => {
  const inner = new SList([1]);
  const l = new SList([inner]);
  const it = l.iterate();
  throwsMsg(() => l.append(2), "cannot append to list during iteration");
  it.done();
  l.append(2);
  l.freeze();
  throwsMsg(() => l.append(3), "cannot append to frozen list");
  throwsMsg(() => inner.append(3), "cannot append to frozen list");
});

test("range length, indexing and slicing follow rangeValue", () => {
  const r = new SRange(10, 0, -3);
  assert.equal(r.len(), 4);
  assert.deepEqual([0, 1, 2, 3].map((i) => r.index(i)), [10, 7, 4, 1]);
  assert.equal(r.repr(), "range(10, 0, -3)");
  assert.equal(new SRange(0, 5, 1).repr(), "range(5)");
  assert.equal(new SRange(2, 5, 1).repr(), "range(2, 5)");
  assert.ok(r.contains(4));
  assert.ok(!r.contains(5));
  assert.ok(!r.contains(2n ** 40n));
});

test("small tables (linear scans) and big ones (indexed) behave alike across growth", () => {
  const d = new SDict();
  // churn a small table: holes are compacted, order is Go's
  for (let round = 0; round < 30; round++) {
    d.setKey("x" + (round % 4), round);
    if (round % 3 === 0) d.delete("x" + ((round + 1) % 4));
  }
  const small = d.items();
  assert.ok(d.len() <= 4);
  // grow past the linear-scan limit and back
  for (let i = 0; i < 20; i++) d.setKey(i, i);
  for (let i = 0; i < 20; i++) d.delete(i);
  assert.deepEqual(d.items(), small);
  for (const [k, v] of small) assert.equal(d.getKey(k), v);
  d.setKey(new STuple([1, "a"]), "t");
  assert.equal(d.getKey(new STuple([new SFloat(1), "a"])), "t");
});

test("hash keys of tuples holding tuples (built with a stack of their own) equal the recursive definition", () => {
  const enc = (k: unknown): string =>
    typeof k === "string" ? `s${k.length}:${k}` : typeof k === "number" || typeof k === "bigint" ? `n${k}` : typeof k === "boolean" ? (k ? "T" : "F") : "N";
  const recursive = (t: STuple): string => {
    let s = "\u0102(";
    for (const e of t.elems) s += enc(e instanceof STuple ? recursive(e) : hashKey(e)) + ",";
    return s + ")";
  };
  const T = (...a: ConstructorParameters<typeof STuple>[0]) => new STuple(a);
  let deep = T();
  for (let i = 0; i < 500; i++) deep = T(deep, i, T("x" + i));
  for (const t of [T(T()), T(1, T(2, T(), "x"), T(T(T(3))), null, true), T(T(1, 2), T(3, T(4, 5, T(new SFloat(6))), 7), 8), deep]) {
    assert.equal(hashKey(t), recursive(t));
  }
  // The first unhashable element in the recursive order raises its error.
  assert.throws(() => hashKey(T(1, T(2, new SList([])), T(new SDict()))), /^StarlarkError: unhashable type: list$|unhashable type: list/);
  // 200,000 levels: no recursion.
  let t = T();
  for (let i = 0; i < 200_000; i++) t = T(t);
  assert.equal(typeof hashKey(t), "string");
});
