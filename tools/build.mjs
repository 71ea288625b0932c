// Build: type-check and compile everything with tsc into out/, then bundle the Starlark
// runtime (the code that runs *inside* the QuickJS sandbox) into one self-contained script.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as esbuild from "esbuild";

execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "."], { stdio: "inherit" });

const runtimeEntry = "server/src/starlark/runtime/index.ts";
if (existsSync(runtimeEntry)) {
  await esbuild.build({
    entryPoints: [runtimeEntry],
    bundle: true,
    format: "iife",
    target: "es2020",
    outfile: "out/runtime/starlark-runtime.js",
    logLevel: "warning",
  });
}
