// The sandbox runs on the build's speed-optimised QuickJS (tools/optimize-quickjs.mjs), which
// must be a drop-in for the published module: the same imports and exports (the published JS
// glue binds them by name), and the same answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { getQuickJS } from "quickjs-emscripten";
import { compile, Session } from "../../server/src/starlark/engine";
import { goStarlarkDefault } from "../../server/src/starlark/resolve";
import { runtimeBundlePath } from "../../server/src/starlark/sandbox/session";
import { loadedModule, loadQuickJS, optimizedModulePath } from "../../server/src/starlark/sandbox/quickjs-module";

const optimized = optimizedModulePath(runtimeBundlePath());
const published = path.join(path.dirname(require.resolve("@jitl/quickjs-wasmfile-release-sync")), "emscripten-module.wasm");

test("the build wrote the optimised module and sessions run on it", async () => {
  assert.ok(existsSync(optimized), `${optimized} (npm run build makes it)`);
  const s = await Session.create();
  try {
    assert.equal(loadedModule, "optimized");
  } finally {
    s.dispose();
  }
});

test("the optimised module has the published module's imports and exports", () => {
  // (WebAssembly's types are not in this project's libs.)
  type Descriptor = { module?: string; name: string; kind: string };
  const WA = (globalThis as unknown as {
    WebAssembly: { Module: { new (b: Uint8Array): object; imports(m: object): Descriptor[]; exports(m: object): Descriptor[] } };
  }).WebAssembly;
  const shape = (file: string) => {
    const m = new WA.Module(readFileSync(file));
    // (wasm-opt may list the imports in another order: the glue binds them by name)
    const sorted = (ds: Descriptor[]) => ds.map((d) => `${d.module ?? ""}.${d.name}:${d.kind}`).sort();
    return { imports: sorted(WA.Module.imports(m)), exports: sorted(WA.Module.exports(m)) };
  };
  assert.deepEqual(shape(optimized), shape(published));
});

test("the optimised and the published module give the same answers", async () => {
  // QuickJS itself on both (the same JS: numbers, strings, regexps, bigints, JSON, sorting,
  // exceptions), then a Starlark program on the sandbox (the optimised module).
  const js = `
    const out = [];
    out.push(0.1 + 0.2, 2 ** 53 + 1, (123.456).toFixed(2), Math.floor(-7 / 2), -7 % 3, 1e21 + "");
    out.push(String(2n ** 100n), String((-(2n ** 70n)) / 3n), "ÄbC".toLowerCase(), "abc".localeCompare("abd"));
    out.push(/(a+)(b*)/.exec("xaabbby").join("|"), "a,b,,c".split(","), JSON.stringify({ b: [1, "x"], a: null }));
    out.push([5, 1, 4, 2, 3].sort((x, y) => x - y), [..."héllo"].length, encodeURIComponent("a b/ü"));
    try { null.x } catch (e) { out.push(e.constructor.name) }
    let h = 0; for (let i = 0; i < 100000; i++) h = (h * 31 + i) % 1000000007;
    out.push(h, new Map([[1, 2]]).get(1), Object.keys({ z: 1, 1: 2, a: 3 }));
    JSON.stringify(out);`;
  const answer = async (load: () => ReturnType<typeof getQuickJS>) => {
    const ctx = (await load()).newContext();
    try {
      const r = ctx.unwrapResult(ctx.evalCode(js));
      const s = ctx.getString(r);
      r.dispose();
      return s;
    } finally {
      ctx.dispose();
    }
  };
  assert.equal(await answer(() => loadQuickJS(runtimeBundlePath())), await answer(getQuickJS));
  const src = "def main():\n    d = {str(i): i * i for i in range(50)}\n    return [sorted(d.keys())[:3], len(d.values()), '%x' % 255, 7 // -2, hash('abc')]\n";
  const r = compile("m.star", src, { dialect: goStarlarkDefault, predeclared: [] });
  const s = await Session.create();
  try {
    assert.equal(s.init(r.program!).error, undefined);
    const res = s.call("main");
    assert.deepEqual(res.value, [["0", "1", "10"], 50, "ff", -4, 96354]);
  } finally {
    s.dispose();
  }
});
