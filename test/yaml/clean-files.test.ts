// Correct files stay clean: real `incus ... show` output of Incus 6.0.4 behind the edit headers,
// hand-written instance/profile/project/server/preseed files, and the repository's examples.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { recognizeIncusYaml } from "../../server/src/language/yaml";
import { clusterCtx, diags, FIXTURES, NO_CLUSTER, ROOT } from "./helpers";

const clean = path.join(FIXTURES, "clean");

for (const name of readdirSync(clean).sort()) {
  test(`clean: ${name}`, () => {
    const text = readFileSync(path.join(clean, name), "utf8");
    assert.ok(recognizeIncusYaml(name, text), "recognised");
    for (const [label, ctx] of [["cluster", clusterCtx()], ["none", NO_CLUSTER], ["7.3", clusterCtx("7.3")]] as const) {
      // Without a cluster, "cannot check" information is expected; nothing else.
      const ds = diags(name, text, ctx).filter((d) => d.severity !== "hint" && (label !== "none" || d.severity !== "information"));
      assert.deepEqual(ds.map((d) => `${d.range.start.line + 1}: ${d.message}`), [], `${label}`);
    }
  });
}

test("examples/*.incus.yaml are recognised and clean", () => {
  const dir = path.join(ROOT, "examples");
  const files = readdirSync(dir).filter((f) => /\.incus\.ya?ml$/.test(f));
  assert.ok(files.length >= 3, files.join(","));
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), "utf8");
    assert.ok(recognizeIncusYaml(f, text), f);
    const ds = diags(f, text, NO_CLUSTER).filter((d) => d.severity !== "hint" && d.severity !== "information");
    assert.deepEqual(ds.map((d) => `${f}:${d.range.start.line + 1}: ${d.message}`), []);
  }
});

test("no input makes the service throw", () => {
  const nasty = ["", "\u0000", "config: [", "config:\n  a: !!binary xx\n", "devices:\n  x: [1, {type: disk}]\n", "- a\n- b\n", "config:\n  raw.qemu.scriptlet: |\n    def (\n", "&a [*a]"];
  for (const t of nasty) assert.doesNotThrow(() => diags("w.instance.incus.yaml", t), JSON.stringify(t));
});
