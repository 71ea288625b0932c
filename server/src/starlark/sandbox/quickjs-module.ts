// The QuickJS WebAssembly module the sandbox runs on. The build re-optimises the published
// module for speed (tools/optimize-quickjs.mjs: binaryen's wasm-opt over the same module, so
// its JS glue loads it) into quickjs.wasm beside the runtime bundle; where that file is not
// (a build that skipped it), the published module itself.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { getQuickJS, newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC, type QuickJSWASMModule } from "quickjs-emscripten";

/** Where the build writes the optimised module: beside the runtime bundle (`bundlePath`). */
export function optimizedModulePath(bundlePath: string): string {
  return path.join(path.dirname(bundlePath), "quickjs.wasm");
}

/** Which module loadQuickJS loaded (undefined before it did). */
export let loadedModule: "optimized" | "published" | undefined;

export function loadQuickJS(bundlePath: string): Promise<QuickJSWASMModule> {
  const file = optimizedModulePath(bundlePath);
  if (!existsSync(file)) {
    loadedModule = "published";
    return getQuickJS();
  }
  loadedModule = "optimized";
  const bytes = readFileSync(file);
  const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmBinary }));
}
