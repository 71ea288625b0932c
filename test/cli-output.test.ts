// H1: no output path loses bytes. Every CLI output goes through server/src/cli/output.ts; these
// tests drive the real binary through real pipes: a fast reader, a slow one, one that closes
// after a few bytes (`head -c`), and a file, each with 20+ MB, and check the bytes and exit codes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { textLines } from "../server/src/cli/run";
import type { SimulationResult } from "../server/src/incus/placement/result";
import { bigClusterDocument, snapshotHandler, startFakeIncus } from "./incus/fake-server";
import { tempDir } from "./support/temp-dir";

const root = path.resolve(__dirname, "../..");
const bin = path.join(root, "bin/incus-scriptlet.js");
const big = path.join(root, "test/fixtures/output/big-log.placement.star");
const tmp = tempDir("incus-output-");
const MB = 1 << 20;

/** Runs a shell pipeline; returns the pipeline's stdout, stderr and each command's status. */
function pipeline(cmd: string): { stdout: string; stderr: string; statuses: number[] } {
  const r = spawnSync("bash", ["-c", `${cmd}; echo "statuses:\${PIPESTATUS[*]}" >&2`], { cwd: root, encoding: "utf8", maxBuffer: 256 * MB });
  const m = /statuses:([\d ]+)\n?$/.exec(r.stderr);
  return { stdout: r.stdout, stderr: r.stderr.replace(/statuses:[\d ]+\n?$/, ""), statuses: m ? m[1].trim().split(" ").map(Number) : [] };
}

const node = JSON.stringify(process.execPath);
const cli = `${node} ${JSON.stringify(bin)}`;

test("run --json through a pipe: every byte arrives, valid JSON, documented exit code", () => {
  const file = path.join(tmp, "run.json");
  const toFile = spawnSync(process.execPath, [bin, "run", big, "--json", "--", "create", "--empty", "c1"], { cwd: root, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * MB });
  assert.equal(toFile.status, 0, String(toFile.stderr));
  const r = pipeline(`${cli} run ${big} --json -- create --empty c1 | tee ${file} | wc -c`);
  assert.deepEqual(r.statuses, [0, 0, 0], r.stderr);
  const size = Number(r.stdout.trim());
  assert.ok(size > 20 * MB, `only ${size} bytes`);
  assert.equal(size, toFile.stdout.length);
  const parsed = JSON.parse(readFileSync(file, "utf8"));
  assert.equal(parsed.placements[0].logs.length, 2000);
  // The streamed JSON is byte for byte what JSON.stringify(…, null, 2) gives.
  assert.equal(readFileSync(file, "utf8"), JSON.stringify(parsed, null, 2) + "\n");
});

test("run text output through a slow reader arrives whole", async () => {
  const child = spawn(process.execPath, [bin, "run", big], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let bytes = 0;
  let tail = Buffer.alloc(0);
  // A reader that takes a pause after every chunk: the writer must wait, not exit.
  child.stdout.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
    tail = Buffer.concat([tail, chunk]).subarray(-200);
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 2);
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  assert.equal(code, 0);
  assert.ok(bytes > 20 * MB, `only ${bytes} bytes`);
  assert.match(tail.toString("utf8"), /→ node\d\d \(Incus's default: fewest instances\)\n$/);
});

test("a reader that closes early (head -c) ends the run quietly with its exit code", () => {
  const r = pipeline(`${cli} run ${big} --json -- create --empty c1 | head -c 1000 | wc -c`);
  assert.deepEqual(r.statuses, [0, 0, 0]);
  assert.equal(r.stdout.trim(), "1000");
  assert.equal(r.stderr, "", "EPIPE must not print anything");
  // A failing placement keeps its own code (1) even when the reader is gone.
  const bad = path.join(tmp, "bad.placement.star");
  require("node:fs").writeFileSync(bad, 'def instance_placement(request, candidate_members):\n    set_target("nowhere")\n');
  const r2 = pipeline(`${cli} run ${bad} -- create --empty c1 | head -c 3 >/dev/null`);
  assert.deepEqual(r2.statuses, [1, 0]);
  assert.equal(r2.stderr, "");
});

test("a closed stdout (reader gone before the first byte) is not a crash", () => {
  const r = pipeline(`${cli} run ${big} --json -- create --empty c1 | true`);
  assert.deepEqual(r.statuses, [0, 0]);
  assert.equal(r.stderr, "");
});

test("the text formatter takes 2 million log lines (no spread, no recursion)", () => {
  const logs = Array.from({ length: 2_000_000 }, (_, i) => ({ level: "info", message: `line ${i}` }));
  const result = { placements: [{ instance: "c1", project: "default", reason: "new", candidates: ["node1"], excluded: [], target: "node1", logs, error: null, counts: { node1: 0 }, chosenBy: "default", tiedWith: [], notes: [] }] } as unknown as SimulationResult;
  let lines = 0;
  let last = "";
  for (const line of textLines(result, "x", "6.0.4")) {
    lines++;
    last = line;
  }
  assert.equal(lines, 2_000_000 + 5);
  assert.match(last, /→ node1/);
});

test("snapshot to stdout through a pipe and with -o -: the whole 20+ MB document", async () => {
  const doc = bigClusterDocument(3, 20_000);
  for (const inst of doc.instances) inst.description = "d".repeat(700);
  const fake = await startFakeIncus(snapshotHandler(doc));
  try {
    const out = path.join(tmp, "snap.yaml");
    const runPipe = (extra: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn("bash", ["-c", `${cli} snapshot --socket ${fake.socketPath} ${extra} | cat > ${out}; exit \${PIPESTATUS[0]}`], { cwd: root });
        let stderr = "";
        child.stderr.on("data", (c) => (stderr += c));
        child.on("close", (code) => resolve({ code, stderr }));
      });
    for (const extra of ["", "-o -"]) {
      const r = await runPipe(extra);
      assert.equal(r.code, 0, r.stderr);
      const size = statSync(out).size;
      assert.ok(size > 20 * MB, `only ${size} bytes`);
      const text = readFileSync(out, "utf8");
      assert.match(text, /name: c19999\n/);
    }
  } finally {
    await fake.close();
  }
});
