// The library's numbers behaviour against go.starlark.net: each case of
// runtime-library-cases/numbers.txt evaluated by our runtime must give the value repr or the
// error message that go.starlark.net gave (runtime-library-cases/numbers.jsonl).

import { test } from "node:test";
import { checkCases, loadCases } from "./runtime-library-support";

test("numbers: results and error messages equal go.starlark.net's", () => {
  checkCases(loadCases("numbers.jsonl"));
});
