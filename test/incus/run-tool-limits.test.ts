// The tool's own limits (a time budget, a memory cap) are not Incus's: a run they stop is
// reported apart from Incus's outcome (`stopped_by`, no Incus error text, exit 3), and the CLI's
// defaults let a scriptlet that Incus finishes finish (issues H item 4, N "Limits").
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const BIN = path.resolve(__dirname, "../../../bin/incus-scriptlet.js");
const dir = mkdtempSync(path.join(os.tmpdir(), "tool-limits-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

function scriptlet(name: string, body: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, `def instance_placement(request, candidate_members):\n${body}`);
  return f;
}

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, "run", ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const LOOP = scriptlet("loop.placement.star", "    n = 0\n    for i in range(1000000000):\n        n += i\n    log_info(n)\n");
const BIG_LIST = scriptlet("list.placement.star", "    x = list(range(8000000))\n    log_info(len(x))\n");

test("a time budget given with --timeout-ms stops the run as the tool's limit, not Incus's error (exit 3)", () => {
  const r = run([LOOP, "--timeout-ms", "200", "--json"]);
  assert.equal(r.code, 3, r.err);
  const p = JSON.parse(r.out).placements[0];
  assert.equal(p.error, null);
  assert.equal(p.target, null);
  assert.match(p.stopped_by, /^stopped by the tool's time budget of 200 ms \(not an Incus limit/);
  assert.equal(p.incus_message, undefined);
});

test("a memory cap given with --memory-mb stops list(range(8000000)); without it the list fits, as in Incus", () => {
  const capped = run([BIG_LIST, "--memory-mb", "32", "--json"]);
  assert.equal(capped.code, 3, capped.err);
  assert.match(JSON.parse(capped.out).placements[0].stopped_by, /memory cap of 32 MiB/);
  const free = run([BIG_LIST, "--json"]);
  assert.equal(free.code, 0, free.err);
  const p = JSON.parse(free.out).placements[0];
  assert.equal(p.stopped_by, undefined);
  assert.deepEqual(p.logs.map((l: { message: string }) => l.message), ["Instance placement scriptlet: 8000000"]);
});

test("text and JUnit outputs say the tool stopped the run (a JUnit error, not a failure)", () => {
  const text = run([LOOP, "--timeout-ms", "200"]);
  assert.equal(text.code, 3);
  assert.match(text.out, /stopped: {4}stopped by the tool's time budget/);
  assert.doesNotMatch(text.out, /Failed instance placement scriptlet/);
  const junit = run([LOOP, "--timeout-ms", "200", "--format", "junit"]);
  assert.match(junit.out, /failures="0" errors="1"/);
  assert.match(junit.out, /<error type="tool-limit" message="stopped by the tool's time budget/);
});

test("limits that are not positive numbers are usage errors", () => {
  for (const [flag, v] of [["--timeout-ms", "abc"], ["--memory-mb", "-1"]]) {
    const r = run([LOOP, flag, v]);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`${flag} takes a positive number`));
  }
});
