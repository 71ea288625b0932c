// The matrix and diff pages, from real simulations on the sample: failing scenarios stand out,
// every member has its bars, names are escaped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { renderDiffHtml } from "../../client/src/views/diff-html";
import { renderMatrixHtml } from "../../client/src/views/matrix-html";
import { parsePlacementCommand } from "../../server/src/incus/placement/command";
import { failureMatrix } from "../../server/src/incus/scenario/matrix";
import { placementDiff } from "../../server/src/incus/scenario/diff";
import { clusterFromSnapshot } from "../../server/src/incus/placement/from-snapshot";
import { sample } from "./sample";

const cluster = () => clusterFromSnapshot(sample().snapshot);

const SPREAD = readFileSync(path.resolve(__dirname, "../../../examples/spread.placement.star"), "utf8");
const PIN = 'def instance_placement(request, candidate_members):\n    for m in candidate_members:\n        if m.server_name == "node02":\n            set_target("node02")\n';

test("the matrix page marks failing scenarios, the landing member and the failed member; one load row per member", async () => {
  const m = await failureMatrix(cluster(), SPREAD, parsePlacementCommand(["create", "--empty", "new-instance"]), { commandText: "create --empty new-instance" });
  const html = renderMatrixHtml(m, "spread<1>.placement.star", "the sample");
  assert.match(html, /<tr class="fail" data-scenario="evacuate:node06" data-outcome="nowhere">/);
  assert.match(html, /<tr class="" data-scenario="baseline" data-outcome="ok">/);
  assert.match(html, /<td class="num down" data-member="node01">9<\/td>/, "node01 offline: its cell is struck through");
  assert.match(html, /<td class="num landed" data-member="node06">5 ★<\/td>/);
  assert.equal((html.match(/<tr><td>node0\d<\/td><td><div class="bar/g) ?? []).length, 6);
  assert.match(html, /spread&lt;1&gt;\.placement\.star/);
  assert.doesNotMatch(html, /<script/);
});

test("the diff page lists the moved replays and draws before/after bars per member", async () => {
  const d = await placementDiff(cluster(), SPREAD, PIN);
  const html = renderDiffHtml(d, "HEAD:spread.placement.star", "the editor's text", "the sample");
  assert.match(html, /<h2>Placements that change \(\d+\)<\/h2>/);
  assert.match(html, /<tr data-change="moved" data-instance="web01"><td>web01<\/td><td>default<\/td><td>new<\/td><td>node06<\/td><td>→ node02<\/td><\/tr>/);
  const node02 = /<tr data-member="node02">.*?<\/tr>/.exec(html)![0];
  assert.match(node02, /<td class="num">\+\d+<\/td><\/tr>$/);
  assert.match(html, /<p id="summary" class="bad">\d+ placements change\.<\/p>/);
});
