// The library's universe behaviour against go.starlark.net: each case of
// runtime-library-cases/universe.txt evaluated by our runtime must give the value repr or the
// error message that go.starlark.net gave (runtime-library-cases/universe.jsonl).

import { test } from "node:test";
import { checkCases, loadCases } from "./runtime-library-support";

test("universe: results and error messages equal go.starlark.net's", () => {
  checkCases(loadCases("universe.jsonl"));
});
