// The language server resolves whatever the parser recovered from a half-typed file: the
// resolver must never throw, whatever partial tree it gets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "../../server/src/starlark/syntax/index";
import { goStarlarkDefault, incusDialect, isUniverseName, resolveFile } from "../../server/src/starlark/resolve/index";

const source = readFileSync(path.resolve(__dirname, "../../../test/starlark/resolve-testdata/resolve.star"), "utf8");

test("resolving every truncation of a large file never throws", () => {
  let resolvedFiles = 0;
  for (let cut = 0; cut <= source.length; cut += 13) {
    const { file } = parse("cut.star", source.slice(0, cut));
    for (const dialect of [goStarlarkDefault, incusDialect("6.0.4")]) {
      const diagnostics = resolveFile(file, { dialect, isPredeclared: () => false, isUniversal: isUniverseName });
      for (const d of diagnostics) {
        assert.equal(typeof d.msg, "string");
        assert.ok(d.pos.line >= 1 && d.end.offset >= d.pos.offset, `${d.msg} has a sane range`);
      }
    }
    resolvedFiles++;
  }
  assert.ok(resolvedFiles > 100);
});

test("resolving a file with stray tokens everywhere never throws", () => {
  const lines = source.split("\n");
  for (const junk of [")", "def", "=", "lambda", "*", "for", "[", ":"]) {
    const mangled = lines.map((line, i) => (i % 5 === 0 ? line + " " + junk : line)).join("\n");
    const { file } = parse("junk.star", mangled);
    assert.doesNotThrow(() => resolveFile(file, { dialect: goStarlarkDefault, isPredeclared: () => false, isUniversal: isUniverseName }));
  }
});

test("long operator and postfix chains do not exhaust the stack", () => {
  const n = 50000;
  const chains: [string, string[]][] = [
    ["x = " + "a + ".repeat(n) + "b", ["a", "b"]],
    ["x = y" + ".f(a)[b][1:c]".repeat(n), ["a", "b", "c", "y"]],
    ["a" + ".b".repeat(n) + " = 1", ["a"]],
    ["a" + "[i]".repeat(n) + " += 1", ["a", "i"]],
  ];
  for (const [src, undefinedNames] of chains) {
    const { file } = parse("chain.star", src + "\n");
    const diagnostics = resolveFile(file, { dialect: goStarlarkDefault, isPredeclared: () => false, isUniversal: isUniverseName });
    const messages = [...new Set(diagnostics.map((d) => d.msg))].sort();
    assert.deepEqual(messages, undefinedNames.map((name) => `undefined: ${name}`));
  }
});
