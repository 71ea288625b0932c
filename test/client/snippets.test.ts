// Every snippet of snippets/incus-scriptlet.json, expanded with its defaults, must run clean on
// the sample cluster with the simulator (the same one the CLI's `run` uses), for the default
// create and for commands that exercise its policy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parsePlacementCommand } from "../../server/src/incus/placement/command";
import { clusterFromSnapshot } from "../../server/src/incus/placement/from-snapshot";
import { simulate } from "../../server/src/incus/placement/simulate";
import { loadSnapshot } from "../../server/src/incus/snapshot";
import { expandSnippet } from "./snippet-expand";

const root = path.resolve(__dirname, "../../..");
const snippets = JSON.parse(readFileSync(path.join(root, "snippets/incus-scriptlet.json"), "utf8")) as Record<string, { prefix: string; body: string[]; description: string }>;
const loaded = loadSnapshot(path.join(root, "examples/sample-cluster.yaml"));
if (loaded.errors) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
const cluster = clusterFromSnapshot(loaded.snapshot);

const COMMANDS = [
  "create --empty new-instance",
  "create --empty web09 --config user.role=web",
  "create --empty g1 --config user.placement.group=gpu --target @gpu",
  "create --empty big --config limits.memory=16GiB",
  "create --empty t1 --project tenant-a",
  "move web01 --target @default",
  "cluster evacuate node02",
];

test("expandSnippet takes every default", () => {
  assert.equal(expandSnippet(["a ${1:x} b ${2:${3:y}} $0 ${4|p,q|} ${5}"]), "a x b y  p ");
});

test("there are snippets for the common placement policies", () => {
  const prefixes = Object.values(snippets).map((s) => s.prefix);
  for (const p of ["placement-spread", "placement-pin-group", "placement-pin-key", "placement-anti-affinity", "placement-memory-headroom"]) {
    assert.ok(prefixes.includes(p), `missing snippet ${p}`);
  }
});

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet "${name}" runs clean on the sample cluster`, async () => {
    const src = expandSnippet(snippet.body);
    assert.doesNotMatch(src, /\$\{|\$\d/, "placeholders left after expansion");
    for (const command of COMMANDS) {
      const result = await simulate(cluster, src, parsePlacementCommand(command.split(" ")), { localMember: cluster.localMember });
      assert.ok(result.placements.length > 0, `${command}: no placement`);
      for (const p of result.placements) {
        assert.equal(p.error, null, `${command}: ${p.instance}: ${p.incusMessage ?? p.error}\n--- scriptlet ---\n${src}`);
      }
    }
  });
}
