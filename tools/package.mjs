// `npm run package`: the extension as a .vsix, bundled with esbuild.
//
//   dist/vsix/ (staging; the .vsix is packed from here with `vsce package --no-dependencies`)
//     package.json                      the manifest, without scripts/devDependencies
//     out/client/src/extension.js       the client, one bundle (vscode external)
//     out/server/src/lsp/main.bundle.js the language server, one bundle: the Starlark engine,
//                                       the Incus knowledge JSON catalogs (imported, so inlined)
//     out/server/src/lsp/main.js        the entry the client starts: runs main.bundle.js through
//                                       V8's code cache (server/src/lsp/cached-entry.ts)
//     out/server/src/lsp/emscripten-module.wasm   QuickJS (release-sync variant of
//                                       quickjs-emscripten), next to each bundle that loads it
//     out/runtime/starlark-runtime.js   the runtime that runs inside QuickJS (tools/build.mjs)
//     out/runtime/quickjs.wasm          QuickJS re-optimised for speed, which the sandbox loads
//                                       (tools/optimize-quickjs.mjs; the module above is its
//                                       fallback when it is missing)
//     out/examples/sample-cluster.document.json   the bundled sample pre-read (tools/sample-document.mjs)
//     examples/ schemas/*.json syntaxes/ snippets/ ...  whatever the manifest references
//
// The bundles keep the paths of tsc's output, so code that finds its files relative to
// __dirname (the runtime bundle, the sample cluster, the server module the client starts)
// works unchanged: every project module's __dirname is rewritten to its original out/ dir.
//
// Flags: --out FILE (default dist/incus-scriptlet-VERSION.vsix)   --no-build
// vsce: node_modules/.bin/vsce when the project has @vscode/vsce, else the e2e tools cache
// (tools/e2e/install.sh). @vscode/vsce 3.9.x runs on Node 20.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const args = process.argv.slice(2);
const outArg = args.includes("--out") ? args[args.indexOf("--out") + 1] : undefined;
const t0 = Date.now();
const say = (m) => console.log(`[package ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

const manifest = JSON.parse(fs.readFileSync("package.json", "utf8"));
const vsixFile = path.resolve(outArg ?? `dist/${manifest.name}-${manifest.version}.vsix`);

if (!args.includes("--no-build")) {
  say("npm run build");
  execFileSync("npm", ["run", "--silent", "build"], { stdio: "inherit" });
}

const stage = path.join(root, "dist/vsix");
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });

// ---- bundles --------------------------------------------------------------------------------
const wasmSource = path.join(path.dirname(fileURLToPath(import.meta.resolve("@jitl/quickjs-wasmfile-release-sync"))), "emscripten-module.wasm");
// quickjs-emscripten statically requires all four of its variants; the sandbox only loads
// RELEASE_SYNC (getQuickJS). The others are replaced by a stub so the bundle carries one wasm.
const UNUSED_VARIANTS = /^@jitl\/quickjs-wasmfile-(debug-sync|debug-asyncify|release-asyncify)$/;
const quickjsVariants = {
  name: "quickjs-variants",
  setup(b) {
    b.onResolve({ filter: UNUSED_VARIANTS }, (a) => ({ path: a.path, namespace: "unused-variant" }));
    // The variant loads its emscripten module with import(), which would pick the ESM build
    // (import.meta.url: meaningless in a CJS bundle); the CJS build finds the wasm at
    // __dirname + "/emscripten-module.wasm", i.e. beside the bundle.
    b.onResolve({ filter: /^@jitl\/quickjs-wasmfile-release-sync\/emscripten-module$/ }, () => ({
      path: path.join(path.dirname(wasmSource), "emscripten-module.cjs"),
    }));
    b.onLoad({ filter: /.*/, namespace: "unused-variant" }, (a) => ({
      contents: `module.exports = { get default() { throw new Error(${JSON.stringify(`${a.path} is not packaged`)}); } };`,
      loader: "js",
    }));
  },
};

// __dirname of a project module = its directory in tsc's output (out/<dir of the .ts>).
function dirnamePlugin(outfile) {
  return {
    name: "project-dirname",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (a) => {
        const rel = path.relative(root, a.path);
        if (rel.startsWith("..") || rel.startsWith("node_modules")) return undefined;
        let src = await fs.promises.readFile(a.path, "utf8");
        if (/\b__dirname\b/.test(src)) {
          const original = path.join("out", path.dirname(rel));
          const fromBundle = path.relative(path.dirname(outfile), original) || ".";
          src = src.replace(/\b__dirname\b/g, `require("node:path").join(__dirname, ${JSON.stringify(fromBundle)})`);
        }
        return { contents: src, loader: "ts" };
      });
    },
  };
}

const entries = [
  // The server bundle, and the entry the client starts: it loads the bundle through V8's code
  // cache (server/src/lsp/cached-entry.ts).
  { in: "server/src/lsp/main.ts", out: "out/server/src/lsp/main.bundle.js" },
  { in: "server/src/lsp/cached-entry.ts", out: "out/server/src/lsp/main.js" },
  { in: "client/src/extension.ts", out: "out/client/src/extension.js" },
];
for (const e of entries) {
  if (!fs.existsSync(e.in)) throw new Error(`${e.in} missing: nothing to bundle`);
  const outfile = path.join(stage, e.out);
  const r = await esbuild.build({
    entryPoints: [e.in],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile,
    external: ["vscode"],
    // ESM entry points first: some packages (jsonc-parser) ship a UMD "main" whose
    // require("./impl/...") calls esbuild cannot follow, and the bundle then dies at start.
    mainFields: ["module", "main"],
    minify: true,
    keepNames: true,
    sourcemap: false,
    metafile: true,
    logLevel: "warning",
    plugins: [quickjsVariants, dirnamePlugin(e.out)],
  });
  const inputs = Object.keys(r.metafile.inputs);
  const kb = (fs.statSync(outfile).size / 1024).toFixed(0);
  const jsons = inputs.filter((i) => i.endsWith(".json") && !i.includes("node_modules")).map((i) => path.basename(i));
  say(`${e.out}: ${kb} KiB, ${inputs.length} modules${jsons.length ? `; inlined ${jsons.join(", ")}` : ""}`);
  if (inputs.some((i) => i.includes("quickjs-wasmfile-release-sync"))) {
    fs.copyFileSync(wasmSource, path.join(path.dirname(outfile), "emscripten-module.wasm"));
    say(`${path.join(path.dirname(e.out), "emscripten-module.wasm")}: QuickJS wasm (release-sync)`);
  }
}

// ---- files --------------------------------------------------------------------------------
const copy = (rel) => {
  if (!fs.existsSync(rel)) return false;
  fs.cpSync(rel, path.join(stage, rel), { recursive: true, filter: (src) => !/\.(map|ts)$/.test(src) });
  return true;
};
if (!fs.existsSync("out/runtime/starlark-runtime.js")) throw new Error("out/runtime/starlark-runtime.js missing (npm run build)");
copy("out/runtime/starlark-runtime.js");
if (!copy("out/runtime/quickjs.wasm")) throw new Error("out/runtime/quickjs.wasm missing (npm run build)");
// the sample's pre-read document (tools/sample-document.mjs): without it the sample still loads,
// but a new server's first Run placement reads its YAML cold
if (!copy("out/examples/sample-cluster.document.json")) throw new Error("out/examples/sample-cluster.document.json missing (npm run build)");
// the server's sandbox extensions (tools/build.mjs; the test-only ones stay out)
for (const f of fs.readdirSync("server/src", { recursive: true }).map(String).filter((f) => f.endsWith(".sandbox.ts"))) {
  const rel = `out/runtime/ext/${path.basename(f, ".sandbox.ts")}.js`;
  if (!copy(rel)) throw new Error(`${rel} missing (npm run build)`);
}
// docs/images: the README's screenshot, kept as a relative link inside the package.
for (const rel of ["README.md", "LICENSE", "LICENSE.md", "CHANGELOG.md", "examples", "schemas", "docs/images", ".vscodeignore"]) copy(rel);

// every file the manifest points at (grammars, snippets, language configurations, icons, ...)
const referenced = new Set();
(function walk(v, key) {
  if (typeof v === "string") {
    if (/^\.?\/?[\w@.-]+\/[\w@./-]+\.\w+$/.test(v) && key !== "main" && key !== "browser" && fs.existsSync(v) && fs.statSync(v).isFile()) referenced.add(path.normalize(v));
  } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
})(manifest.contributes ?? {}, "");
if (manifest.icon) referenced.add(path.normalize(manifest.icon));
for (const rel of referenced) copy(rel);

const staged = { ...manifest };
delete staged.scripts;
delete staged.devDependencies;
delete staged.bin;
fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(staged, null, 2)}\n`);

// ---- smoke check ----------------------------------------------------------------------------
// A bundle can build and still die at its first require (a module esbuild could not follow);
// the packaged server must answer `initialize` and run a placement before the .vsix is written.
{
  const server = path.join(stage, "out/server/src/lsp/main.js");
  const child = spawn(process.execPath, [server, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const send = (m) => { const b = JSON.stringify({ jsonrpc: "2.0", ...m }); child.stdin.write(`Content-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`); };
  // the framed messages read so far (Content-Length bytes after each header)
  const answerOf = (id) => {
    const buf = Buffer.from(stdout);
    for (let at = 0; ; ) {
      const head = buf.indexOf("\r\n\r\n", at);
      if (head < 0) return undefined;
      const length = Number(/Content-Length: (\d+)/i.exec(buf.subarray(at, head).toString())?.[1]);
      const body = buf.subarray(head + 4, head + 4 + length);
      if (body.length < length) return undefined;
      const message = JSON.parse(body.toString());
      if (message.id === id) return JSON.stringify(message.result ?? message.error);
      at = head + 4 + length;
    }
  };
  const wait = (id) => new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 60_000);
    const check = () => { const a = answerOf(id); if (a) { clearTimeout(timer); resolve(a); } };
    child.stdout.on("data", check);
    child.on("exit", () => { clearTimeout(timer); resolve(answerOf(id)); });
    check();
  });
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  send({ id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } });
  const init = await wait(1);
  // ... and run a placement on the bundled sample: the runtime and its sandbox extensions are
  // files beside the bundle, read at the first run, not at start.
  send({ method: "initialized", params: {} });
  const text = 'def instance_placement(request, candidate_members):\n    set_target(candidate_members[0].server_name)\n';
  send({ id: 2, method: "incus/simulate", params: { command: ["launch", "images:alpine/edge", "c1"], scriptlet: { uri: "file:///smoke.placement.star", text } } });
  const run = init ? await wait(2) : undefined;
  child.kill();
  if (!init?.includes('"capabilities"')) throw new Error(`the bundled language server did not answer initialize:\n${stderr.slice(-2000)}`);
  if (!run?.includes('"ok":true')) throw new Error(`the bundled language server could not run a placement: ${run ?? "no answer"}\n${stderr.slice(-2000)}`);
  say("out/server/src/lsp/main.js answers initialize and runs a placement over stdio");
}

// ---- vsce -----------------------------------------------------------------------------------
function findVsce() {
  const local = path.join(root, "node_modules/@vscode/vsce/vsce");
  if (fs.existsSync(local)) return local;
  const env = execFileSync("bash", ["-c", `. "${root}/tools/e2e/env.sh" && echo "$E2E_TOOLS_MODULES"`], { encoding: "utf8" }).trim();
  const cached = path.join(env, "@vscode/vsce/vsce");
  if (!fs.existsSync(cached)) {
    say("@vscode/vsce not installed: tools/e2e/install.sh");
    const r = spawnSync("bash", [path.join(root, "tools/e2e/install.sh")], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("tools/e2e/install.sh failed");
  }
  return cached;
}
const vsce = findVsce();
// .vscodeignore must not drop code staged above (the smoke check ran on the staging dir)
const listed = new Set(execFileSync(process.execPath, [vsce, "ls", "--no-dependencies"], { cwd: stage, encoding: "utf8" }).split("\n").filter(Boolean));
const dropped = fs.readdirSync(path.join(stage, "out"), { recursive: true }).map((f) => path.join("out", String(f))).filter((f) => fs.statSync(path.join(stage, f)).isFile() && !listed.has(f.split(path.sep).join("/")));
if (dropped.length) throw new Error(`.vscodeignore leaves staged files out of the .vsix: ${dropped.join(", ")}`);
fs.mkdirSync(path.dirname(vsixFile), { recursive: true });
say(`vsce package -> ${path.relative(root, vsixFile)}`);
const r = spawnSync(
  process.execPath,
  [vsce, "package", "--no-dependencies", "--skip-license", "--allow-missing-repository", "--allow-star-activation", "--no-rewrite-relative-links", "--out", vsixFile],
  { cwd: stage, stdio: ["ignore", "inherit", "inherit"] },
);
if (r.status !== 0) throw new Error(`vsce package exited ${r.status}`);
say(`${path.relative(root, vsixFile)}: ${(fs.statSync(vsixFile).size / 1024).toFixed(0)} KiB`);
