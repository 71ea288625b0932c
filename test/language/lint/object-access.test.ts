// Lint rule object-access: Incus objects have attributes only; unknown fields fail.
import { test } from "node:test";
import assert from "node:assert/strict";
import { objectAccess } from "../../../server/src/language/scriptlet/lint/object-access";
import { lint, placement } from "./helpers";

test("flagged: subscript on an object, unknown field", () => {
  const sub = lint(objectAccess, placement('    x = request["name"]\n    log_info(x)\n'));
  assert.deepEqual(sub.map((d) => d.code), ["object-subscript"]);
  const field = lint(objectAccess, placement("    log_info(request.archtecture)\n"));
  assert.deepEqual(field.map((d) => d.code), ["unknown-field"]);
  assert.match(field[0].message, /Invalid field "archtecture"/);
});

test("clean: known attributes, dict subscripts", () => {
  assert.deepEqual(lint(objectAccess, placement('    log_info(request.name, request.config["limits.cpu"])\n    for m in candidate_members:\n        log_info(m.server_name)\n')), []);
});
