// The hostile-input suite for snapshots (H, items 5-7 and G3): malformed files of every kind —
// wrong types, truncated, huge, deeply nested, bad encodings, alias bombs — each must end,
// inside its limits, with a readable message and a FILE:LINE:COL position; never a throw.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { loadSnapshot, parseSnapshotText, type SnapshotError } from "../../server/src/incus/snapshot";
import { firstInvalidUtf8, readSnapshotText } from "../../server/src/incus/snapshot/read-text";
import { bigClusterDocument } from "./fake-server";
import { tempDir } from "../support/temp-dir";

const tmp = tempDir("snapshot-hostile-");
const root = path.resolve(__dirname, "../../..");
const bin = path.join(root, "bin/incus-scriptlet.js");

function errorsOf(text: string | Buffer, name: string): SnapshotError[] {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  let loaded;
  assert.doesNotThrow(() => (loaded = loadSnapshot(file)));
  const errors = loaded!.errors;
  assert.ok(errors && errors.length > 0, `${name} loaded without an error`);
  for (const e of errors) {
    assert.ok(e.line >= 1 && e.col >= 1, JSON.stringify(e));
    assert.ok(e.message.length > 5 && !/\bat .*\.js:\d+/.test(e.message), e.message);
  }
  return errors;
}

test("wrong types, in JSON and YAML, each at its position", () => {
  const cases: [string, string, RegExp, number][] = [
    ['{"members": "node1"}', "a.json", /^members: expected a list, got string "node1"$/, 1],
    ['{\n  "instances": [\n    {"name": 5}\n  ]\n}', "b.json", /^instances\[0\]\.name: expected string, got number 5$/, 3],
    ['{"instances": [{"name": "c", "config": {"limits.cpu": [1]}}]}', "c.json", /config\["limits\.cpu"\]: expected a string/, 1],
    ['{"nope": 1}', "d.json", /unknown top-level key "nope"/, 1],
    ["[1, 2]", "e.json", /must be a mapping/, 1],
    ["members:\n  - server_name: n1\n    status: [x]\n", "f.yaml", /^members\[0\]\.status: expected string, got a list$/, 3],
    ['{"instances": [{"name": "c", "status_code": 1e400}]}', "g.json", /status_code/, 1],
    ['{"resources": {"n1": "lots"}}', "h.json", /^resources\.n1: expected a mapping, got string "lots"$/, 1],
    ['{"capture": {"errors": [{"request": 1}]}}', "i.json", /^capture\.errors\[0\]\.(request|message): /, 1],
  ];
  for (const [text, name, message, line] of cases) {
    const [first] = errorsOf(text, name);
    assert.match(first.message, message, name);
    assert.equal(first.line, line, `${name}: ${JSON.stringify(first)}`);
  }
});

test("truncated files: JSON cut anywhere and YAML cut mid-structure say where", () => {
  const doc = JSON.stringify(bigClusterDocument(3, 50), null, 2);
  for (const cut of [1, 10, Math.floor(doc.length / 2), doc.length - 2]) {
    const errors = errorsOf(doc.slice(0, cut), `cut-${cut}.incus-cluster.json`);
    assert.match(errors[0].message, /^invalid JSON: /);
    const lines = doc.slice(0, cut).split("\n").length;
    assert.ok(errors[0].line >= lines - 1 && errors[0].line <= lines + 1, `cut at ${cut}: line ${errors[0].line}, text has ${lines} lines`);
  }
  const yaml = errorsOf('members:\n  - server_name: "n1\n', "cut.yaml");
  assert.match(yaml[0].message, /^invalid YAML: /);
});

test("bad encodings: UTF-16, invalid UTF-8 (with its line and column), NUL bytes; a UTF-8 BOM is fine", () => {
  const utf16 = errorsOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("{}", "utf16le")]), "u16.json");
  assert.match(utf16[0].message, /UTF-16; save the snapshot as UTF-8/);
  const bad = errorsOf(Buffer.concat([Buffer.from('{\n  "members": [{"server_name": "nö'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]\n}')]), "bad.json");
  assert.match(bad[0].message, /not UTF-8: byte 0xc3 at offset \d+/);
  assert.deepEqual([bad[0].line, bad[0].col], [2, 34]);
  const nul = errorsOf(Buffer.from('{"members": []}\u0000'), "nul.json");
  assert.match(nul[0].message, /NUL byte/);
  const bom = path.join(tmp, "bom.json");
  writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"members": [{"server_name": "n1"}]}')]));
  assert.equal(loadSnapshot(bom).errors, undefined);
  // The validator itself: overlong, surrogate, truncated sequences.
  assert.equal(firstInvalidUtf8(Buffer.from([0x41, 0xc0, 0x80])), 1);
  assert.equal(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80])), 0);
  assert.equal(firstInvalidUtf8(Buffer.from([0x41, 0xe2, 0x82])), 1);
  assert.equal(firstInvalidUtf8(Buffer.from("añ€😀", "utf8")), -1);
});

test("depth and width: deep nesting is refused at its position; alias bombs and duplicate keys are errors", () => {
  const deep = errorsOf('{"members": ' + "[".repeat(100_000) + "]".repeat(100_000) + "}", "deep.json");
  assert.match(deep[0].message, /nested more than 256 levels deep/);
  assert.deepEqual([deep[0].line, deep[0].col], [1, 13 + 255]);
  const deepYaml = errorsOf("members: " + "[".repeat(50_000), "deep.yaml");
  assert.match(deepYaml[0].message, /nested more than 256 levels deep/);
  const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill("*" + String.fromCharCode(96 + i)).join(", ")}]`);
  const bombErrors = errorsOf(bomb.join("\n") + "\n", "bomb.yaml");
  assert.match(bombErrors[0].message, /invalid YAML|alias|unknown top-level key/i);
  const dup = errorsOf("members: []\nmembers: []\n", "dup.yaml");
  assert.match(dup[0].message, /invalid YAML: .*(unique|duplicate)/i);
  // Wide: 200,000 keys in one config map still loads (no per-key recursion).
  const wide = { instances: [{ name: "c", config: Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`user.k${i}`, "v"])) }] };
  assert.equal(parseSnapshotText(JSON.stringify(wide), "wide.json").errors, undefined);
});

test("empty, blank, null, non-snapshot texts", () => {
  for (const [text, name] of [["", "empty.json"], ["   \n", "blank.json"], ["null", "null.json"], ["42", "num.json"], ["{", "open.json"], ["{}{}", "two.json"]] as const) {
    errorsOf(text, name);
  }
  // An empty YAML file is an empty snapshot (every section defaults): allowed.
  assert.equal(parseSnapshotText("", "empty.yaml").errors, undefined);
});

test("huge: a file over the size limit is refused before reading; a 20+ MB file with a late error points at it", () => {
  const file = path.join(tmp, "over.json");
  writeFileSync(file, "{}" + " ".repeat(2048));
  const r = readSnapshotText(file, 1024);
  assert.match(r.error!.message, /snapshot is 0 MB; the limit is 0 MB|the limit is/);
  const doc = bigClusterDocument(10, 50_000);
  (doc.instances as Record<string, unknown>[])[49_999].status = { not: "a string" };
  const text = JSON.stringify(doc, null, 1);
  assert.ok(text.length > 20 * 1048576);
  const errors = errorsOf(text, "late.json");
  assert.match(errors[0].message, /^instances\[49999\]\.status: expected string, got a mapping$/);
  const expectedLine = text.slice(0, text.indexOf('"status": {')).split("\n").length;
  assert.equal(errors[0].line, expectedLine);
});

test("the CLI on a broken snapshot: exit 2, FILE:LINE:COL, no stack trace", () => {
  const file = path.join(tmp, "cli-broken.incus-cluster.json");
  writeFileSync(file, '{"members": [{"server_name": "n1", "status": 3}]}');
  const r = spawnSync(process.execPath, [bin, "run", path.join(root, "examples/spread.placement.star"), "--cluster", file], { encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cli-broken\.incus-cluster\.json:1:\d+: error: members\[0\]\.status: expected string, got number 3/);
  assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/);
});
