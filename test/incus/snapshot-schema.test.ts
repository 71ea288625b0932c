// The generated JSON Schema (schemas/cluster-snapshot.schema.json) matches the zod schemas,
// accepts what the loader accepts, and rejects what it rejects.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { sampleSnapshotPath } from "../../server/src/incus/snapshot";
import { snapshotJsonSchema } from "../../server/src/incus/snapshot/json-schema";
import { validateJsonSchema } from "./snapshot-json-validator";

const schemaFile = path.resolve(__dirname, "../../../schemas/cluster-snapshot.schema.json");
const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as Record<string, unknown>;

test("the committed schema file is what tools/gen-snapshot-schema.ts generates", () => {
  assert.deepEqual(schema, snapshotJsonSchema(), "stale: run npm run build && node out/tools/gen-snapshot-schema.js");
});

test("the JSON schema accepts the sample cluster", () => {
  const sample = parse(readFileSync(sampleSnapshotPath(), "utf8"));
  assert.deepEqual(validateJsonSchema(schema, sample), []);
});

test("the JSON schema accepts a minimal hand-written file (defaults make fields optional)", () => {
  assert.deepEqual(validateJsonSchema(schema, { members: [{ server_name: "a" }], instances: [{ name: "c1", config: { "limits.cpu": 4 } }] }), []);
});

test("the JSON schema rejects an unknown top-level key and a wrong type", () => {
  assert.notDeepEqual(validateJsonSchema(schema, { instance: [] }), []);
  assert.notDeepEqual(validateJsonSchema(schema, { members: [{ server_name: "a", roles: "database" }] }), []);
  assert.notDeepEqual(validateJsonSchema(schema, { members: [{ status: "Online" }] }), []);
});

test("the schema describes each top-level key with the request it comes from", () => {
  const props = schema.properties as Record<string, { description?: string }>;
  assert.match(props.members.description ?? "", /GET \/1\.0\/cluster\/members\?recursion=1/);
  assert.match(props.resources.description ?? "", /GET \/1\.0\/resources\?target=MEMBER/);
});
