// go.starlark.net's own resolver tests (resolve/testdata/resolve.star), driven as its
// resolve_test.go drives them: "M" is predeclared, "U" and "float" are universal, and a
// chunk's "option:NAME" text switches dialect options on.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { parse } from "../../server/src/starlark/syntax/index";
import { dialectFromOptionComments, resolveFile } from "../../server/src/starlark/resolve/index";
import { checkChunk, readChunks } from "./resolve-chunkedfile";

const dataFile = path.resolve(__dirname, "../../../test/starlark/resolve-testdata/resolve.star");
const chunks = readChunks(dataFile);

test("resolve.star has all its chunks", () => {
  assert.equal(chunks.length, 43);
});

for (const chunk of chunks) {
  test(`resolve.star chunk at line ${chunk.firstLine}`, () => {
    const { file, errors } = parse(dataFile, chunk.source);
    assert.deepEqual(errors.map((e) => e.msg), [], "the chunk parses");
    const diagnostics = resolveFile(file, {
      dialect: dialectFromOptionComments(chunk.source),
      isPredeclared: (name) => name === "M",
      isUniversal: (name) => name === "U" || name === "float",
    });
    const got = diagnostics.map((d) => ({ line: d.pos.line, msg: d.msg }));
    assert.deepEqual(checkChunk(chunk, got), []);
  });
}
