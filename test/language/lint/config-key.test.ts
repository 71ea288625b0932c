// Lint rule config-key: request.config lookups of keys that are not instance config keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import { configKey } from "../../../server/src/language/scriptlet/lint/config-key";
import { lint, placement } from "./helpers";

test("flagged: a misspelt instance key", () => {
  const ds = lint(configKey, placement('    log_info(request.config.get("limits.cpus"))\n'));
  assert.deepEqual(ds.map((d) => d.code), ["unknown-config-key"]);
});

test("clean: known keys and free-form user.* keys", () => {
  assert.deepEqual(lint(configKey, placement('    log_info(request.config.get("limits.cpu"), request.config.get("user.team"))\n')), []);
});
