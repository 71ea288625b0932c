// The generators are deterministic and the committed data is what they produce.
// Needs the Incus source mirror and Go's stdlib sources; skipped when they are missing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "../../..");
const repo = "/work/.mirror/lxc+incus/repo";
// The shared facts folder sits beside the project root (../shared), as in CI.
const metadata = path.resolve(__dirname, "../../../../shared/incus-metadata");
const haveSources = existsSync(repo) && existsSync(metadata);
let goroot = "";
try {
  goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
} catch {
  // no Go toolchain
}

function run(script: string, out: string): string {
  execFileSync(process.execPath, [path.join(root, "out/tools", script), "--out", out], { cwd: root, stdio: "pipe" });
  return readFileSync(out, "utf8");
}

test("gen-catalog: same output twice, equal to the committed catalog", { skip: !haveSources && "Incus sources not available" }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gen-catalog-"));
  try {
    const a = run("gen-catalog.js", path.join(dir, "a.json"));
    const b = run("gen-catalog.js", path.join(dir, "b.json"));
    assert.equal(a, b);
    assert.equal(a, readFileSync(path.join(root, "server/src/incus/knowledge/config-catalog.json"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("gen-api-types: same output twice, equal to the committed types", { skip: (!haveSources || !goroot) && "Incus or Go sources not available" }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gen-api-types-"));
  try {
    const a = run("gen-api-types.js", path.join(dir, "a.json"));
    const b = run("gen-api-types.js", path.join(dir, "b.json"));
    assert.equal(a, b);
    assert.equal(a, readFileSync(path.join(root, "server/src/incus/knowledge/api-types.json"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
