// The conformance harness itself (chunk splitting, expected-error comments, Go regexps) and
// the static parts of go.starlark.net's suite, which must pass entirely. The run-time files
// are exercised by `npm run conformance`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { goRegexp, goUnquote, readChunks, runResolveFile, runSyntaxFile } from "../../tools/conformance";

test("chunks keep the file's line numbers and collect ### expectations per line", () => {
  const text = 'x = 1\ny = x + "" ### "unknown binary op"\n---\nz = 1\nfail("a") ### `fail: a`\n';
  const chunks = readChunks("f.star", text);
  assert.equal(chunks.length, 2);
  assert.deepEqual([...chunks[0].wantErrs.keys()], [2]);
  assert.deepEqual([...chunks[1].wantErrs.keys()], [5]);
  assert.equal(chunks[1].firstLine, 4);
  assert.equal(chunks[1].source.split("\n")[3], "z = 1");
  assert.ok(chunks[1].wantErrs.get(5)!.test("fail: a"));
});

test("Go string literals and RE2 patterns are read as Go reads them", () => {
  assert.equal(goUnquote('"a\\"b\\\\.\\x41"'), 'a"b\\.A');
  assert.equal(goUnquote("`raw\\d`"), "raw\\d");
  assert.equal(goUnquote("not quoted"), undefined);
  assert.ok(goRegexp("(?i)HELLO").test("say hello"));
  assert.ok(goRegexp("index -?\\d+ out of range").test("index -3 out of range: ..."));
  assert.ok(!goRegexp("\\Aabc\\z").test("abcd"));
});

test("resolve/testdata/resolve.star passes entirely", () => {
  const r = runResolveFile();
  assert.deepEqual(r.failures, []);
  assert.ok(r.passed > 30);
});

test("syntax/testdata/errors.star passes entirely", () => {
  const r = runSyntaxFile();
  assert.deepEqual(r.failures, []);
  assert.ok(r.passed > 40);
});
