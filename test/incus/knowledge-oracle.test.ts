// Checks the knowledge data against a real Incus: the test cluster of tools/incus-cluster
// (skipped locally when it is not running, a failure under CI). The values a real placement
// scriptlet receives must have exactly the attributes, in exactly the order, that api-types.json
// says for the server's version; validation errors must render from our stored formats.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { requireCluster, clusterAvailable, incus, must, setScriptlet, captureLogs, cleanupInstances } from "../support/incus-cluster";
import { apiTypes } from "../../server/src/incus/knowledge/api-types";
import { toSnapshot } from "../../server/src/incus/knowledge/versions";
import { builtin, renderValidationError, validationMessages } from "../../server/src/incus/knowledge/scriptlets";
import { goSprintf } from "../../server/src/incus/knowledge/go-format";

after(async () => {
  if (clusterAvailable()) await cleanupInstances();
});

/** Top-level keys, in order, of the repr of a Starlark dict/object: {"a": ..., "b": ...}. */
export function reprKeys(repr: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < repr.length; i++) {
    const c = repr[i];
    if (c === '"') {
      let j = i + 1;
      while (repr[j] !== '"') j += repr[j] === "\\" ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(repr.slice(i, j + 1)) as string);
      expectKey = false;
      i = j;
    } else if (c === "{" || c === "[" || c === "(") {
      depth++;
      expectKey = depth === 1 && c === "{";
    } else if (c === "}" || c === "]" || c === ")") depth--;
    else if (c === "," && depth === 1) expectKey = true;
  }
  return keys;
}

test("reprKeys reads top-level keys only", () => {
  assert.deepEqual(reprKeys('{"a": {"x": 1}, "b": ["c", "d"], "e": "f, \\"g\\": h"}'), ["a", "b", "e"]);
});

test("real Incus: scriptlet values have the fields api-types.json lists, in that order", async (t) => {
  if (!requireCluster(t)) return;
  await cleanupInstances();
  const server = JSON.parse(must(await incus(["query", "/1.0"]))) as { environment: { server_version: string } };
  const types = apiTypes(toSnapshot(server.environment.server_version));

  const src = [
    "def instance_placement(request, candidate_members):",
    '    log_info("T1 ", type(request))',
    '    log_info("R1 ", request)',
    '    log_info("T2 ", type(candidate_members[0]))',
    '    log_info("R2 ", candidate_members[0])',
    '    log_info("R3 ", get_cluster_member_state(candidate_members[0].server_name))',
    '    log_info("R4 ", get_instance_resources())',
    '    log_info("R5 ", get_project("default"))',
    '    log_info("Q1 ", get_cluster_member_resources("no-such-member")) if QUIRK else None',
    "    set_target(candidate_members[0].server_name)",
    "",
  ].join("\n");
  // 6.0 returns a string for a non-candidate member; 7.x fails the whole run, so only ask on 6.0.
  const quirk = builtin("placement", "get_cluster_member_resources", types.version)?.quirks?.[0];
  must(await setScriptlet(src.replace("QUIRK", quirk ? "True" : "False")), "setting the placement scriptlet");
  const got = await captureLogs(() => incus(["create", "--empty", "knowledge-oracle"]));
  must(got.value, "incus create --empty");
  const line = (tag: string) => {
    const l = got.logs.find((x) => x.message.startsWith(tag + " "));
    assert.ok(l, `no ${tag} log line in ${JSON.stringify(got.logs.map((x) => x.message))}`);
    return l.message.slice(tag.length + 1);
  };
  assert.equal(line("T1"), "InstancePlacement");
  assert.equal(line("T2"), "ClusterMember");
  const names = (type: string) => types.fields(type).map((f) => f.name);
  assert.deepEqual(reprKeys(line("R1")), names(types.root("request")!));
  assert.deepEqual(reprKeys(line("R2")), names("ClusterMember"));
  assert.deepEqual(reprKeys(line("R3")), names("ClusterMemberState"));
  assert.deepEqual(reprKeys(line("R4")), names("InstanceResources"));
  assert.deepEqual(reprKeys(line("R5")), names("Project"));
  if (quirk) assert.equal(line("Q1"), quirk.value);
});

test("real Incus: validation errors render from the stored format strings", async (t) => {
  if (!requireCluster(t)) return;
  const r = await setScriptlet("def instance_placement(request):\n    pass\n");
  assert.notEqual(r.code, 0);
  const expected = goSprintf(validationMessages.messages.argMismatch, "required", "instance_placement", ["request"], ["request", "candidate_members"]);
  assert.ok(r.stderr.includes(expected), `${r.stderr} should contain ${expected}`);

  const r2 = await setScriptlet("x = 1\n");
  assert.ok(r2.stderr.includes(goSprintf(validationMessages.messages.missingOne, "instance_placement")), r2.stderr);

  const r3 = await setScriptlet("instance_placement = 1\n");
  assert.ok(r3.stderr.includes(goSprintf(validationMessages.messages.mistyped, "instance_placement", "required", "int")), r3.stderr);
  const r4 = await setScriptlet("def instance_placement(request, members):\n    pass\n");
  const rendered = renderValidationError({
    mismatched: [{ name: "instance_placement", optional: false, defined: ["request", "members"], expected: ["request", "candidate_members"] }],
  })!;
  assert.ok(r4.stderr.includes(rendered), `${r4.stderr} should contain ${rendered}`);
  await setScriptlet(null);
});
