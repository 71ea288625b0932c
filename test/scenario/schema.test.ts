// schemas/placement-test.schema.json: generated from the runner's zod schemas, accepts the
// example tests, rejects what the runner rejects.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { placementTestJsonSchema } from "../../server/src/incus/scenario/json-schema";

const root = path.resolve(__dirname, "../../..");
const schema = JSON.parse(readFileSync(path.join(root, "schemas/placement-test.schema.json"), "utf8")) as Record<string, unknown>;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

test("the committed schema is the one generated from the zod schemas", () => {
  assert.deepEqual(schema, placementTestJsonSchema(), "stale: run npm run build && node out/tools/placement-test-schema.js");
});

test("the schema accepts the example tests and the issue's full example", () => {
  assert.ok(validate(parse(readFileSync(path.join(root, "examples/tests/spread.placement.test.yaml"), "utf8"))), JSON.stringify(validate.errors));
  const full = {
    scriptlet: "spread.placement.star",
    cluster: "prod.incus-cluster.yaml",
    incus_version: "6.0.4",
    cases: [{
      name: "gold instances avoid the gpu group",
      given: { offline: ["node2"], evacuated: ["node3"], unavailable_pools: { node4: ["remote"] }, instances: [{ name: "x1", location: "node1", project: "default", config: { "user.tier": "gold" } }] },
      run: "create --empty web7 -c user.tier=gold",
      expect: { target: "node4", error: null, logs_contain: ["placing web7"], placements: 3 },
    }],
  };
  assert.ok(validate(full), JSON.stringify(validate.errors));
});

test("the schema rejects unknown keys in given and expect, and a case without run", () => {
  assert.equal(validate({ scriptlet: "a.star", cases: [{ name: "x", run: "create --empty a", given: { down: ["n1"] } }] }), false);
  assert.equal(validate({ scriptlet: "a.star", cases: [{ name: "x", run: "create --empty a", expect: { member: "n1" } }] }), false);
  assert.equal(validate({ scriptlet: "a.star", cases: [{ name: "x" }] }), false);
});
