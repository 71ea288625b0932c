// The one generator command (`npm run gen:incus`) reproduces the committed knowledge exactly from
// the Incus sources of every release. Needs $INCUS_REPO (see test/support/incus-sources.ts) and a
// Go toolchain (crypto/x509 for the authorization certificate chain); skipped with a reason otherwise.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { incusSources } from "../support/incus-sources";

const root = path.resolve(__dirname, "../../..");
const knowledge = path.join(root, "server/src/incus/knowledge");
const { repo, skip } = incusSources();
let goroot = "";
try {
  goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
} catch {
  // no Go toolchain
}

test("gen:incus reproduces releases.json, api-types.json and config-catalog.json", { skip: skip || (!goroot && "no Go toolchain") }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gen-incus-"));
  try {
    // The unreleased head recorded in the manifest and our key notes are inputs too.
    for (const f of ["releases.json", "config-key-notes.json"]) copyFileSync(path.join(knowledge, f), path.join(dir, f));
    execFileSync(process.execPath, [path.join(root, "out/tools/gen-incus.js"), "--repo", repo, "--goroot", goroot, "--out-dir", dir], { cwd: root, stdio: "pipe" });
    for (const f of ["releases.json", "api-types.json", "config-catalog.json"]) {
      assert.equal(readFileSync(path.join(dir, f), "utf8"), readFileSync(path.join(knowledge, f), "utf8"), `${f} differs from the generator's output`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
