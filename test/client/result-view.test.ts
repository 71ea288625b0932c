// The result view, the diagnostics and the what-if texts, from real simulator runs on the sample.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePlacementCommand } from "../../server/src/incus/placement/command";
import { clusterFromSnapshot } from "../../server/src/incus/placement/from-snapshot";
import { simulate } from "../../server/src/incus/placement/simulate";
import type { ClusterSnapshot } from "../../server/src/incus/snapshot";
import { NO_SCRIPTLET } from "../../server/src/lsp/cluster-requests";
import { problemsOf } from "../../client/src/placement/result-diagnostics";
import { escapeHtml, renderResultHtml, resultTitle } from "../../client/src/placement/result-html";
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
  return { result, command, file: "/tmp/a.placement.star", cluster: "Sample cluster", connection: "sample", generation: 1, entryLine: 0, incusVersion: "7.3", ranAt: new Date(0) };
}

/** The server's simulator, as incus/simulate runs it (the client holds no simulator). */
async function simulateOn(snapshot: ClusterSnapshot, src: string, command: string[]) {
  const cluster = clusterFromSnapshot(snapshot);
  return simulate(cluster, src, parsePlacementCommand(command), { version: cluster.serverVersion, localMember: cluster.localMember });
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
  const result = await simulateOn(snapshot, NO_SCRIPTLET, ["cluster", "evacuate", "node03"]);
  const w = describeWhatIf(result, "node03");
  assert.equal(w.moves.length + w.failures.length, sample().model.instancesOn("node03").length);
  assert.ok(w.moves.some((m) => / → node\d\d$/.test(m)), w.moves.join("\n"));
  assert.ok(w.moves.some((m) => /stopped, stays on node03/.test(m)), "GPU instances cannot move: " + w.moves.join("\n"));
  assert.equal(listLines(["a", "b", "c"], 2), "• a\n• b\n… and 1 more");
});

test("several placements start with a summary table; the title names the command; error positions link to the scriptlet", async () => {
  const { snapshot } = sample();
  const command = ["cluster", "evacuate", "node03"];
  const result = await simulateOn(snapshot, NO_SCRIPTLET, command);
  assert.ok(result.placements.length > 1);
  const html = renderResultHtml(report(result, command));
  const overview = html.indexOf('id="overview"');
  assert.ok(overview > 0 && overview < html.indexOf('id="placement-0"'), "the summary comes before the sections");
  for (const p of result.placements) assert.match(html, new RegExp(`data-summary="${p.instance}"`));
  assert.equal(resultTitle(report(result, command)), "✓ evacuate node03 — Sample cluster");
  const failing = await simulateOn(snapshot, FAILING, ["create", "--empty", "c1"]);
  const one = renderResultHtml(report(failing, ["create", "--empty", "c1"]), "'none'", { scriptletUri: "file:///tmp/a.placement.star" });
  assert.doesNotMatch(one, /id="overview"/, "one placement needs no summary");
  assert.match(one, /href="command:incus\.internal\.openPosition\?[^"]*%5B%22file%3A%2F%2F%2Ftmp%2Fa\.placement\.star%22%2C2%2C/);
  assert.match(resultTitle(report(failing, ["create", "--empty", "c1"])), /^✗ create c1 — Sample cluster$/);
});

test("a stale result says so first", () => {
  const html = renderResultHtml(report({ placements: [] } as never, ["create", "--empty", "c1"]), "'none'", { stale: "this result is from Sample cluster; the active cluster is now prod." });
  assert.match(html, /<div class="stale" id="stale"><b>Stale:<\/b> this result is from Sample cluster; the active cluster is now prod\./);
});
