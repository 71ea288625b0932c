import { test } from "node:test";
import assert from "node:assert/strict";
import { compareCodePoints, nearest, Speller } from "../../server/src/starlark/resolve/spell";

test("nearest suggests a close name, ignoring case and underscores", () => {
  assert.equal(nearest("hollo", ["hello", "print"]), "hello");
  assert.equal(nearest("prnt", ["print", "len"]), "print");
  assert.equal(nearest("getinstances", ["get_instances", "get_project"]), "get_instances");
  assert.equal(nearest("Log_Info", ["log_info"]), "log_info");
});

test("nearest suggests nothing beyond 50% typos", () => {
  assert.equal(nearest("goodbye", ["abc", "print"]), "");
  assert.equal(nearest("ab", ["xy"]), "");
  assert.equal(nearest("x", []), "");
});

test("nearest prefers the first of equally near candidates, as Go does", () => {
  assert.equal(nearest("abd", ["abc", "abe"]), "abc");
  assert.equal(nearest("abd", ["abe", "abc"]), "abe");
});

test("distances count UTF-8 bytes, as go.starlark.net's do", () => {
  // "e" → "é" is one code point edit but two byte edits (é is 0xC3 0xA9), and a 4-byte
  // name allows fewer than 2: no suggestion, where counting code points would give one.
  assert.equal(nearest("cafe", ["café"]), "");
  assert.equal(nearest("cafeteria", ["caféteria"]), "caféteria");
});

test("names sort by code point like Go's sort.Strings", () => {
  const names = ["\u{1F600}", "\uFF21", "b", "a"];
  assert.deepEqual([...names].sort(compareCodePoints), ["a", "b", "\uFF21", "\u{1F600}"]);
  assert.equal(compareCodePoints("ab", "a") > 0, true);
  assert.equal(compareCodePoints("a", "a"), 0);
});

test("the speller's unsorted scan picks what Go's scan of the sorted names picks", () => {
  // Deterministic pseudo-random names over a small alphabet, so that ties are frequent.
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = ["a", "b", "_", "B", "é", "c"];
  const word = () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
  const speller = new Speller();
  let suggestions = 0;
  for (let i = 0; i < 2000; i++) {
    const names = Array.from({ length: Math.floor(next() * 12) }, word);
    const x = word();
    const expected = nearest(x, [...names].sort(compareCodePoints));
    assert.equal(speller.nearestInSortedOrder(x, names), expected, `${x} among ${names.join(",")}`);
    if (expected !== "") suggestions++;
  }
  assert.ok(suggestions > 500, "the comparison exercised real suggestions");
});
