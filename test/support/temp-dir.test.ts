// tempDir's directories are gone once the process that made them exits, whether its tests
// passed or an assertion failed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

test("temp dirs are removed when the process exits, also after a failure", () => {
  for (const fail of [false, true]) {
    const script = `const { tempDir } = require(${JSON.stringify(require.resolve("./temp-dir"))});
      const a = tempDir("temp-dir-test-"), b = tempDir("temp-dir-test-");
      require("node:fs").writeFileSync(a + "/f", "x");
      console.log(JSON.stringify([a, b]));
      ${fail ? 'throw new Error("a failing test");' : ""}`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    assert.equal(r.status, fail ? 1 : 0, r.stderr);
    const dirs = JSON.parse(r.stdout.trim()) as string[];
    assert.equal(dirs.length, 2);
    for (const dir of dirs) assert.equal(existsSync(dir), false, dir);
  }
});
