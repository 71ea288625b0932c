// CodeLens positions come from the parsed scriptlet (server side), not from a pattern.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Analysis } from "../../server/src/language/scriptlet/analysis";
import { entryLines, placementCodeLenses } from "../../server/src/lsp/placement-entry";

const analyse = (text: string, kind: "placement" | "authorization" = "placement") => new Analysis("file:///a.placement.star", text, { kind, version: "7.3" });

test("entry points are the top-level instance_placement definitions only", () => {
  const text = "# x\ndef helper():\n  pass\ndef instance_placement(request, candidate_members):\n    pass\n    def instance_placement(x):\n        pass\n";
  assert.deepEqual(entryLines(analyse(text)), [3]);
  assert.deepEqual(entryLines(analyse("def instance_placementx(): pass\n")), []);
  // A definition split over lines, with a comment in between, is still found (a pattern over one line was not enough).
  assert.deepEqual(entryLines(analyse("def \\\n  instance_placement(request, candidate_members):\n    pass\n")), [0]);
  assert.deepEqual(entryLines(analyse("def instance_placement(request, candidate_members):\n    pass\n", "authorization")), []);
});

test("each entry point gets Run placement on the active cluster and Run as…", () => {
  const lenses = placementCodeLenses(analyse("def instance_placement(request, candidate_members):\n    pass\n"), "file:///a.placement.star", "Sample cluster");
  assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]), [
    [0, "$(play) Run placement on Sample cluster", "incus.runPlacement"],
    [0, "Run as…", "incus.runPlacementAs"],
  ]);
  assert.deepEqual(lenses[0].command?.arguments, [{ uri: "file:///a.placement.star" }]);
});
