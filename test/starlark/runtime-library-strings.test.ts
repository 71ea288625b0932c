// The library's strings behaviour against go.starlark.net: each case of
// runtime-library-cases/strings.txt evaluated by our runtime must give the value repr or the
// error message that go.starlark.net gave (runtime-library-cases/strings.jsonl).

import { test } from "node:test";
import { checkCases, loadCases } from "./runtime-library-support";

test("strings: results and error messages equal go.starlark.net's", () => {
  checkCases(loadCases("strings.jsonl"));
});
