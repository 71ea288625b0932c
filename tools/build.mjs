// Build: type-check and compile everything with tsc into out/ (and pre-read the bundled
// sample's document), then bundle the code that
// runs *inside* the QuickJS sandbox: the Starlark runtime with its host bridge (one
// self-contained script defining $rt and $glue), and each sandbox extension (a
// `*.sandbox.ts` file anywhere under server/src or test/, see runtime/extensions.ts) into
// out/runtime/ext/<name>.js.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";

execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "."], { stdio: "inherit" });

// The bundled sample's document, read here once instead of by every first load
// (tools/sample-document.mjs).
const { writeSampleDocument } = await import("./sample-document.mjs");
writeSampleDocument();

const common = { bundle: true, format: "iife", target: "es2020", logLevel: "warning" };

await esbuild.build({
  ...common,
  entryPoints: ["server/src/starlark/runtime/index.ts"],
  outfile: "out/runtime/starlark-runtime.js",
});

const extensions = ["server/src", "test"].flatMap((dir) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".sandbox.ts"))
    .map((f) => path.join(dir, f)));
for (const entry of extensions) {
  await esbuild.build({
    ...common,
    entryPoints: [entry],
    outfile: `out/runtime/ext/${path.basename(entry, ".sandbox.ts")}.js`,
  });
}

// QuickJS re-optimised for speed (tools/optimize-quickjs.mjs; kept while its input is unchanged).
const { optimizeQuickJS } = await import("./optimize-quickjs.mjs");
optimizeQuickJS();
