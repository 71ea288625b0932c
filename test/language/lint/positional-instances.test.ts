// Lint rule positional-instances: get_instances/get_instances_count take project first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { positionalInstances } from "../../../server/src/language/scriptlet/lint/positional-instances";
import { lint, placement } from "./helpers";

test("flagged: positional filters", () => {
  const ds = lint(positionalInstances, placement('    n = get_instances_count("node1")\n    log_info(n)\n'));
  assert.deepEqual(ds.map((d) => d.code), ["positional-instance-filter"]);
});

test("clean: keyword filters and no filter", () => {
  assert.deepEqual(lint(positionalInstances, placement('    log_info(get_instances_count(location="node1"), get_instances())\n')), []);
});
