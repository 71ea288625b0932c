// The sandbox's QuickJS, re-optimised for speed: binaryen's wasm-opt (npm package binaryen)
// run over the published @jitl/quickjs-wasmfile-release-sync module, which is built for size
// (-Oz). Same imports, exports and behaviour, so the published JS glue loads it
// (sandbox/quickjs-module.ts); QuickJS's bytecode loop runs ~10 % faster (issue M: measured
// A/B on bench/cpu.star, CPU ms per call of main(), 6 runs each: 602-626 against 658-709).
// Called by tools/build.mjs; writes out/runtime/quickjs.wasm and a stamp beside it, and does
// nothing when the stamp says the output was made from the same input with the same flags
// (the optimisation takes ~20 s).
//
//   node tools/optimize-quickjs.mjs [OUT]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";

const require = createRequire(import.meta.url);

/** wasm-opt's passes: -O3 with more inlining into QuickJS's interpreter (the sizes in
 *  binaryen's units); the WebAssembly features the published module uses (Node >= 20). */
export const FLAGS = [
  "-O3", "--inlining-optimizing", "-fimfs=120", "-aimfs=20", "-ocimfs=1000",
  "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals",
];

export function optimizeQuickJS(out = "out/runtime/quickjs.wasm") {
  const input = path.join(path.dirname(require.resolve("@jitl/quickjs-wasmfile-release-sync")), "emscripten-module.wasm");
  const wasmOpt = path.join(path.dirname(require.resolve("binaryen/package.json")), "bin", "wasm-opt");
  const binaryenVersion = JSON.parse(readFileSync(require.resolve("binaryen/package.json"), "utf8")).version;
  const stamp = createHash("sha256").update(readFileSync(input)).update(JSON.stringify([FLAGS, binaryenVersion])).digest("hex");
  const stampFile = `${out}.stamp`;
  if (existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return false;
  mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.tmp`;
  execFileSync(process.execPath, [wasmOpt, input, ...FLAGS, "-o", tmp], { stdio: ["ignore", "inherit", "inherit"] });
  // (Compiling it checks it is a valid module before it replaces the last one.)
  new WebAssembly.Module(readFileSync(tmp));
  renameSync(tmp, out);
  writeFileSync(stampFile, stamp);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const made = optimizeQuickJS(process.argv[2]);
  console.log(made ? "optimized QuickJS written" : "optimized QuickJS up to date");
}
