// The result view, the diagnostics and the what-if texts, from real simulator runs on the sample.
import { test } from "node:test";
import assert from "node:assert/strict";
import { configuredScriptlet, NO_SCRIPTLET, simulateOn } from "../../client/src/placement/local-simulation";
import { problemsOf } from "../../client/src/placement/result-diagnostics";
import { escapeHtml, renderResultHtml } from "../../client/src/placement/result-html";
import type { RunReport } from "../../client/src/placement/run-report";
import { describeWhatIf, listLines } from "../../client/src/placement/what-if";
import { sample } from "./sample";

const SPREAD = `def instance_placement(request, candidate_members):
    log_info("placing <", request.name, ">")
    set_target(candidate_members[-1].server_name)
`;

const FAILING = `def instance_placement(request, candidate_members):
    x = {}
    return x["missing"]
`;

function report(result: RunReport["result"], command: string[]): RunReport {
  return { result, command, file: "/tmp/a.placement.star", cluster: "Sample cluster", incusVersion: "7.3", via: "extension-host", ranAt: new Date(0) };
}

test("the result view shows candidates with counts, the chosen member, members left out and logs", async () => {
  const command = ["create", "--empty", "c1"];
  const result = await simulateOn(sample().snapshot, SPREAD, command);
  const p = result.placements[0];
  assert.equal(p.error, null);
  const html = renderResultHtml(report(result, command));
  assert.match(html, /<h1>Placement: <code>incus create --empty c1<\/code><\/h1>/);
  assert.match(html, new RegExp(`<tr class="chosen" data-member="${p.target}"><td>★ ${p.target}</td><td class="num">\\d+</td><td>chosen</td>`));
  for (const c of p.candidates) assert.match(html, new RegExp(`data-member="${c}"`));
  for (const e of p.excluded) assert.match(html, new RegExp(`<tr data-excluded="${e.member}"><td>${e.member}</td><td>${escapeHtml(e.why).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</td>`));
  assert.ok(p.excluded.some((e) => e.member === "node04"), "the evacuated member is left out");
  assert.match(html, /placing &lt;c1&gt;/, "log lines are escaped");
  assert.doesNotMatch(html, /<script/);
  assert.match(html, /Content-Security-Policy/);
});

test("an error is shown and becomes a problem at its line", async () => {
  const result = await simulateOn(sample().snapshot, FAILING, ["create", "--empty", "c1"]);
  const html = renderResultHtml(report(result, ["create", "--empty", "c1"]));
  assert.match(html, /class="error" data-role="error"><b>Error:<\/b> Failed instance placement scriptlet: Failed to run: /);
  const problems = problemsOf(result, 0);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].line, 2, "the failing line (0-based)");
  assert.match(problems[0].message, /^c1: Failed instance placement scriptlet: /);
});

test("a compile error points at its position", async () => {
  const result = await simulateOn(sample().snapshot, "def instance_placement(request, candidate_members):\n    return undefined_name\n", ["create", "--empty", "c1"]);
  const problems = problemsOf(result, 0);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].line, 1);
  assert.ok(problems[0].character > 0);
});

test("what-if texts for an evacuation, stops included", async () => {
  const { snapshot } = sample();
  assert.deepEqual(configuredScriptlet(snapshot), { src: NO_SCRIPTLET, configured: false });
  const result = await simulateOn(snapshot, NO_SCRIPTLET, ["cluster", "evacuate", "node03"]);
  const w = describeWhatIf(result, "node03");
  assert.equal(w.moves.length + w.failures.length, sample().model.instancesOn("node03").length);
  assert.ok(w.moves.some((m) => / → node\d\d$/.test(m)), w.moves.join("\n"));
  assert.ok(w.moves.some((m) => /stopped, stays on node03/.test(m)), "GPU instances cannot move: " + w.moves.join("\n"));
  assert.equal(listLines(["a", "b", "c"], 2), "• a\n• b\n… and 1 more");
});
