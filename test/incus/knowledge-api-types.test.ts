// The API value types handed to scriptlets: field names, order and types as Incus's marshal rule
// produces them from the Go structs, per version.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { resolveVersion } from "../../server/src/incus/knowledge/versions";
import { apiTypes } from "../../server/src/incus/knowledge/api-types";

// The shared facts folder sits beside the project root (../shared), as in CI.
const OPENAPI = path.resolve(__dirname, "../../../../shared/incus-metadata/rest-api-7.3.yaml");

const names = (version: string, type: string) => apiTypes(version).fields(type).map((f) => f.name);

test("ClusterMember: embedded ClusterMemberPut fields come first, then the member's own, in struct order", () => {
  for (const v of ["6.0.4", "7.3.0", "main"]) {
    assert.deepEqual(names(v, "ClusterMember"), [
      "roles", "failure_domain", "description", "config", "groups",
      "server_name", "url", "database", "status", "message", "architecture",
    ]);
  }
  const config = apiTypes("7.3.0").field("ClusterMember", "config");
  assert.deepEqual(config?.type, { kind: "dict", of: { kind: "string" } });
  assert.equal(config?.from, "api.ClusterMemberPut");
  assert.equal(apiTypes("7.3.0").get("ClusterMember")?.starlarkName, "ClusterMember");
});

test("candidate_members hold api.ClusterMember, the request is scriptlet.InstancePlacement", () => {
  const t = apiTypes("7.3.0");
  assert.equal(t.root("candidate_member"), "ClusterMember");
  assert.equal(t.get(t.root("request")!)?.goType, "scriptlet.InstancePlacement");
});

test("placement request: InstancePut, then InstancesPost fields, then reason and project", () => {
  const req = names("7.3.0", "InstancePlacement");
  assert.deepEqual(req.slice(-7), ["name", "source", "instance_type", "type", "start", "reason", "project"]);
  assert.equal(req[0], "architecture");
  assert.ok(req.includes("config") && req.includes("devices") && req.includes("profiles"));
  assert.deepEqual(apiTypes("7.3.0").field("InstancePlacement", "devices")?.type, {
    kind: "dict", of: { kind: "dict", of: { kind: "string" } },
  });
  assert.deepEqual(apiTypes("7.3.0").field("InstancePlacement", "source")?.type, { kind: "object", type: "InstanceSource" });
});

test("InstancePut gained disk_only after 6.0", () => {
  assert.ok(!names("6.0.4", "Instance").includes("disk_only"));
  assert.ok(names("7.3.0", "Instance").includes("disk_only"));
});

test("authorization details: flat RequestDetails on 6.0, nested under RequestDetails in 7.x", () => {
  const v6 = apiTypes("6.0.4");
  const root6 = v6.root("authorization_details")!;
  assert.equal(root6, "RequestDetails");
  assert.deepEqual(names("6.0.4", root6), ["Username", "Protocol", "IsAllProjectsRequest", "ProjectName"]);

  const v7 = apiTypes("7.3.0");
  const root7 = v7.root("authorization_details")!;
  const wrapper = v7.get(root7)!;
  assert.equal(wrapper.starlarkName, "", "an anonymous Go struct has an empty type name");
  assert.deepEqual(wrapper.fields.map((f) => f.name), ["RequestDetails", "Chain", "Certificate"]);
  // An embedded *pointer* is not flattened: it is a field that may be None.
  assert.deepEqual(v7.field(root7, "RequestDetails")?.type, { kind: "optional", of: { kind: "object", type: "RequestDetails" } });
  assert.equal(v7.field(root7, "Username"), undefined);
  assert.deepEqual(v7.field(root7, "Chain")?.type, { kind: "list", of: { kind: "optional", of: { kind: "object", type: "Certificate" } } });
  assert.equal(v7.get("Certificate")?.goType, "x509.Certificate");
});

test("times become empty objects; []byte is a list of ints before bytes marshalling landed", () => {
  for (const v of ["6.0.4", "7.3.0", "main"]) {
    assert.deepEqual(apiTypes(v).field("Instance", "created_at")?.type, { kind: "object", type: "Time" });
    assert.deepEqual(apiTypes(v).fields("Time"), []);
  }
  assert.deepEqual(apiTypes("7.3.0").field("Certificate", "Raw")?.type, { kind: "list", of: { kind: "int" } });
  assert.deepEqual(apiTypes("main").field("Certificate", "Raw")?.type, { kind: "bytes" });
});

test("instance resources and member state shapes", () => {
  assert.deepEqual(names("6.0.4", "InstanceResources"), ["cpu_cores", "memory_size", "root_disk_size"]);
  assert.deepEqual(names("7.3.0", "ClusterMemberState"), ["sysinfo", "storage_pools"]);
  assert.deepEqual(apiTypes("7.3.0").field("ClusterMemberState", "storage_pools")?.type, {
    kind: "dict", of: { kind: "object", type: "StoragePoolState" },
  });
  assert.ok(names("7.3.0", "Resources").includes("cpu"));
  assert.deepEqual(apiTypes("7.3.0").field("Resources", "cpu")?.type, { kind: "object", type: "ResourcesCPU" });
});

test("NVRAM variable type only where the NVRAM builtins exist", () => {
  assert.equal(apiTypes("7.3.0").root("nvram_variable"), undefined);
  assert.ok(apiTypes("main").get(apiTypes("main").root("nvram_variable")!));
});

test("every object type referenced by a field is described", () => {
  for (const v of ["6.0.4", "7.3.0", "main"]) {
    const t = apiTypes(v);
    const check = (ref: { kind: string; of?: unknown; type?: string }, where: string): void => {
      if (ref.kind === "object") assert.ok(t.get(ref.type!), `${v}: ${where} refers to unknown ${ref.type}`);
      if (ref.of) check(ref.of as typeof ref, where);
    };
    for (const name of t.names()) for (const f of t.fields(name)) check(f.type, `${name}.${f.name}`);
  }
});

test("version strings resolve to releases of the manifest", () => {
  assert.equal(apiTypes("6.0.4").version, "6.0.4");
  assert.equal(apiTypes("v7.3.0").version, "7.3.0");
  assert.equal(apiTypes("7.1").version, "7.1.0");
  assert.equal(apiTypes("6.0").version, "6.0.6", "a series without a patch: its newest release");
  assert.equal(apiTypes("6.0.9").version, "6.0.6", "an unknown patch: the newest release at or below it");
  assert.equal(apiTypes("6.12").version, "6.0.6", "feature releases between the LTS and 7.0: the newest 6.0.x");
  assert.equal(apiTypes("8.0").version, "main");
  assert.deepEqual(resolveVersion("7.3.0"), { version: "7.3.0", exact: true });
  assert.deepEqual(resolveVersion("7.3"), { version: "7.3.0", exact: false });
  assert.equal(resolveVersion("banana"), undefined);
});

test("field names agree with Incus's OpenAPI description for every api.* type it describes", { skip: !existsSync(OPENAPI) && "rest-api-7.3.yaml not available" }, () => {
  const doc = parse(readFileSync(OPENAPI, "utf8")) as { definitions: Record<string, { properties?: Record<string, unknown> }> };
  const t = apiTypes("7.3.0");
  let compared = 0;
  for (const name of t.names()) {
    const type = t.get(name)!;
    const def = doc.definitions[name];
    if (!type.goType.startsWith("api.") || !def?.properties) continue;
    compared++;
    assert.deepEqual(type.fields.map((f) => f.name).sort(), Object.keys(def.properties).sort(), name);
  }
  assert.ok(compared > 40, `only ${compared} types compared`);
});
