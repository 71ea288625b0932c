// G6 + H6: `check` as a CI gate. --fail-on decides which findings fail the run (exit codes
// documented in the README and `check --help`: 0 below the threshold, 1 at/above, 2 usage).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const root = path.resolve(__dirname, "../..");
const bin = path.join(root, "bin/incus-scriptlet.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: root });
const warningOnly = "test/fixtures/check/warning-only.placement.star";
const errorAndWarning = "test/fixtures/check/error-and-warning.placement.star";

test("check --fail-on: error (default), warning, never", () => {
  const cases: [string[], string, number][] = [
    [[], warningOnly, 0],
    [["--fail-on", "error"], warningOnly, 0],
    [["--fail-on", "warning"], warningOnly, 1],
    [["--fail-on", "never"], warningOnly, 0],
    [[], errorAndWarning, 1],
    [["--fail-on", "warning"], errorAndWarning, 1],
    [["--fail-on", "never"], errorAndWarning, 0],
  ];
  for (const [flags, file, code] of cases) {
    const r = cli("check", file, ...flags);
    assert.equal(r.status, code, `check ${file} ${flags.join(" ")}: ${r.stdout}${r.stderr}`);
    // The findings are printed whatever the threshold.
    assert.match(r.stdout, /warning: request\.reason is never "migration"/);
  }
});

test("check usage errors exit 2 with a message", () => {
  const bad = cli("check", warningOnly, "--fail-on", "info");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--fail-on must be one of error, warning, never, not "info"/);
  assert.equal(cli("check", "no-such-file.placement.star").status, 2);
  assert.equal(cli("check", warningOnly, "--frobnicate").status, 2);
  assert.match(cli("check", "--help").stdout, /Exit codes: 0 no finding at or above the --fail-on level \(default: error\), 1 at least one/);
});

// ---- H6: SARIF and JUnit, validated against the public schemas (test/fixtures/schemas/README.md)

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { tempDir } from "./support/temp-dir";

const schemas = path.join(root, "test/fixtures/schemas");
const tmp = tempDir("incus-ci-");

/** The OASIS schema is draft-04 (`id`); Ajv 8 reads it as draft-07 once `id` is `$id` (no draft-04-only keywords are used in it). */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.join(schemas, "sarif-schema-2.1.0.json"), "utf8"));
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

test("check --format sarif is valid SARIF 2.1.0 with rules, 1-based regions and the tool's name and version", () => {
  // A non-ASCII name before the error: SARIF columns count UTF-16 units, like the text output's.
  const dir = path.join(tmp, "dir with space");
  require("node:fs").mkdirSync(dir, { recursive: true });
  const odd = path.join(dir, "ünïcode.placement.star");
  writeFileSync(odd, 'def instance_placement(request, candidate_members):\n    s = "é"; log_info(s, nope)\n');
  const r = cli("check", errorAndWarning, warningOnly, odd, "--format", "sarif");
  assert.equal(r.status, 1, r.stderr);
  const log = JSON.parse(r.stdout) as any;
  const validate = sarifValidator();
  assert.ok(validate(log as object), JSON.stringify(validate.errors, null, 1));
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, "incus-scriptlet");
  assert.equal(run.tool.driver.version, JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version);
  assert.deepEqual(run.tool.driver.rules.map((x: { id: string }) => x.id).sort(), ["resolve", "unknown-reason"]);
  // Every result points at its rule and at the position the text output prints.
  const text = cli("check", errorAndWarning, warningOnly, odd).stdout.trim().split("\n");
  assert.equal(run.results.length, text.length);
  for (const res of run.results) {
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
    const loc = res.locations[0].physicalLocation;
    const file = decodeURIComponent(loc.artifactLocation.uri);
    const line = `${loc.artifactLocation.uriBaseId ? file : require("node:url").fileURLToPath(loc.artifactLocation.uri)}:${loc.region.startLine}:${loc.region.startColumn}: ${res.level}: ${res.message.text}`;
    assert.ok(text.includes(line), `${line}\nnot in\n${text.join("\n")}`);
    assert.ok(loc.region.endColumn > loc.region.startColumn || loc.region.endLine > loc.region.startLine);
  }
  // A clean file: a valid log with no results, exit 0.
  const clean = JSON.parse(cli("check", "examples/spread.placement.star", "--format", "sarif").stdout) as any;
  assert.ok(validate(clean as object));
  assert.deepEqual(clean.runs[0].results, []);
});

test("run --format junit: one testcase per placement, a failure where Incus would refuse, valid against the JUnit XSD", () => {
  const bad = path.join(tmp, "refuse-some.placement.star");
  // Refuses api01 only (evacuation stops there, after web01 was placed); its log line carries XML specials and a control character.
  writeFileSync(bad, 'def instance_placement(request, candidate_members):\n    log_info("<&\\"\\x01>")\n    if request.name == "api01":\n        set_target("nowhere")\n');
  const r = cli("run", bad, "--format", "junit", "--", "cluster", "evacuate", "node01");
  assert.equal(r.status, 1, r.stderr);
  const file = path.join(tmp, "report.xml");
  writeFileSync(file, r.stdout);
  const lint = spawnSync("xmllint", ["--noout", "--schema", path.join(schemas, "junit-10.xsd"), file], { encoding: "utf8" });
  assert.equal(lint.status, 0, lint.stderr);
  const json = JSON.parse(cli("run", bad, "--json", "--", "cluster", "evacuate", "node01").stdout);
  const cases = r.stdout.match(/<testcase /g) ?? [];
  assert.equal(cases.length, json.placements.length);
  assert.equal(json.placements.length, 2);
  assert.match(r.stdout, /<testsuite [^>]*tests="2" failures="1"/);
  assert.match(r.stdout, /<testcase name="web01 \(evacuation\)"[^>]*>\n\s*<system-out>target: node03/);
  assert.match(r.stdout, /<testcase name="api01 \(evacuation\)"[^>]*>\n\s*<failure type="incus-refused" message="[^"]*Failed to run: Invalid member name: nowhere"/);
  // The XML parses back to the same log text (xmllint prints the decoded content).
  const out = execFileSync("xmllint", ["--xpath", "string(//testcase[1]/system-out)", file], { encoding: "utf8" });
  assert.match(out, /log info: Instance placement scriptlet: <&"\uFFFD>/);
  assert.equal(cli("run", bad, "--format", "xml").status, 2);
});
