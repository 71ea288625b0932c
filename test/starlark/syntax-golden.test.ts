// Differential check against go.starlark.net: syntax-golden/first-errors.json holds 800
// mutated snippets with the first syntax error go.starlark.net reports for each (or ok),
// recorded by syntax-golden/generate.mjs. Our first error must be identical: same
// message, same line and column.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "../../server/src/starlark/syntax";

interface GoldenCase {
  src: string;
  go: { ok?: boolean; line?: number; col?: number; msg?: string };
}

const file = path.resolve(__dirname, "../../../test/starlark/syntax-golden/first-errors.json");
const cases = JSON.parse(readFileSync(file, "utf8")) as GoldenCase[];

test("golden: our first syntax error is go.starlark.net's, on 800 mutated programs", () => {
  const mismatches: string[] = [];
  for (const { src, go } of cases) {
    const first = parse("x.star", src).errors[0];
    const ours = first ? `${first.pos.line}:${first.pos.col}: ${first.msg}` : "ok";
    const want = go.ok ? "ok" : `${go.line}:${go.col}: ${go.msg}`;
    if (ours !== want) mismatches.push(`${JSON.stringify(src.slice(0, 120))}\n  ours ${ours}\n  go   ${want}`);
  }
  assert.equal(mismatches.join("\n"), "");
  assert.ok(cases.filter((c) => !c.go.ok).length > 300);
});
