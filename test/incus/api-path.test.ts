import * as assert from "node:assert/strict";
import { test } from "node:test";
import { apiPath } from "../../server/src/incus/client/api-path";

test("the default project is left out, other values are encoded in order", () => {
  assert.equal(apiPath("/1.0/profiles", { project: "default" }), "/1.0/profiles");
  assert.equal(apiPath("/1.0/profiles", { project: undefined }), "/1.0/profiles");
  assert.equal(apiPath("/1.0/networks", { project: "p 1", target: "node2" }), "/1.0/networks?project=p%201&target=node2");
  assert.equal(apiPath("/1.0/instances/c1/files", { path: "/etc/a b", project: "x" }), "/1.0/instances/c1/files?path=%2Fetc%2Fa%20b&project=x");
});

test("a path that already has a query gets the rest after &", () => {
  assert.equal(apiPath("/1.0/profiles?recursion=1", { project: "p" }), "/1.0/profiles?recursion=1&project=p");
});
