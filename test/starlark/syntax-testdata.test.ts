// go.starlark.net's own syntax test files, run against our parser: syntax/testdata/errors.star
// (each chunk must give exactly the expected first error, or none) and scan.star (a large
// valid file). Skipped when Debian's golang-starlark-dev is not installed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { parse } from "../../server/src/starlark/syntax";
import { readChunks } from "./syntax-chunkedfile";

const testdata = "/usr/share/gocode/src/go.starlark.net/syntax/testdata";
const skip = existsSync(testdata) ? false : "go.starlark.net sources not installed";

test("errors.star: every chunk reports go.starlark.net's first error", { skip }, () => {
  const failures: string[] = [];
  let checked = 0;
  for (const chunk of readChunks(`${testdata}/errors.star`)) {
    const { errors } = parse("errors.star", chunk.source);
    const first = errors[0];
    checked++;
    if (chunk.want.size === 0) {
      if (first) failures.push(`chunk at line ${chunk.firstLine}: unexpected error ${first.pos.line}:${first.pos.col}: ${first.msg}`);
      continue;
    }
    const rx = first && chunk.want.get(first.pos.line);
    if (!first) failures.push(`chunk at line ${chunk.firstLine}: no error, want ${[...chunk.want.values()].join(", ")}`);
    else if (!rx) failures.push(`${first.pos.line}:${first.pos.col}: unexpected error ${first.msg}`);
    else if (!rx.test(first.msg)) failures.push(`${first.pos.line}: error "${first.msg}" does not match ${rx}`);
  }
  assert.deepEqual(failures, []);
  assert.ok(checked >= 50, `only ${checked} chunks`);
});

test("scan.star parses without errors", { skip }, () => {
  const { file, errors } = parse("scan.star", readFileSync(`${testdata}/scan.star`, "utf8"));
  assert.deepEqual(errors, []);
  assert.ok(file.stmts.length > 10);
  assert.ok(file.comments.length > 10);
});
