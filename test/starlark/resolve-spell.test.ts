import { test } from "node:test";
import assert from "node:assert/strict";
import { compareCodePoints, nearest } from "../../server/src/starlark/resolve/spell";

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
