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
