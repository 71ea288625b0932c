// Lint rule set-target-member: set_target to a member not in the active cluster.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTargetMember } from "../../../server/src/language/scriptlet/lint/set-target-member";
import { CLUSTER, lint, placement } from "./helpers";

test("flagged: an unknown member, with the closest name suggested", () => {
  const ds = lint(setTargetMember, placement('    set_target("node4")\n'), { cluster: CLUSTER });
  assert.deepEqual(ds.map((d) => d.code), ["unknown-member"]);
  assert.match(ds[0].message, /node4/);
});

test("clean: a known member, or no active cluster to check against", () => {
  assert.deepEqual(lint(setTargetMember, placement('    set_target("node2")\n'), { cluster: CLUSTER }), []);
  assert.deepEqual(lint(setTargetMember, placement('    set_target("node4")\n')), []);
});
