// The library's collections behaviour against go.starlark.net: each case of
// runtime-library-cases/collections.txt evaluated by our runtime must give the value repr or the
// error message that go.starlark.net gave (runtime-library-cases/collections.jsonl).

import { test } from "node:test";
import { checkCases, loadCases } from "./runtime-library-support";

test("collections: results and error messages equal go.starlark.net's", () => {
  checkCases(loadCases("collections.jsonl"));
});
