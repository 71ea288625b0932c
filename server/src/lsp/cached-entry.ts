// The packaged server's entry (tools/package.mjs bundles this file as out/server/src/lsp/main.js
// and the real server as main.bundle.js beside it): it runs the 1.7 MB bundle through V8's code
// cache, so a server start after the first one skips compiling it.
//
// Why: on a cold start V8 spends ~110 ms compiling the bundle and the functions start-up calls
// (profile of the first Run placement, issue M). Node 20 has no module compile cache
// (`module.enableCompileCache` is Node 22), and the v8-compile-cache package caches only what
// V8 compiles eagerly at load; the data made here after start-up (`createCachedData` once the
// server has answered) also holds every function the start-up ran. V8 checks the data against
// the source and its own version and flags, and rejects data that does not match, so a stale
// or foreign cache costs one normal compile, never a wrong program.
//
// The cache lives in the user's cache directory (an installed extension's folder may be
// read-only), keyed by a hash of the bundle (V8's own check compares only the source's length,
// so a changed bundle of the same length must never find the old code) and V8's version; set
// INCUS_SCRIPTLET_COMPILE_CACHE=off to run without it, or to a directory to put it there.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import { serveWithLargeStack } from "../starlark/sandbox/native-stack";

const BUNDLE = path.join(__dirname, "main.bundle.js");
/** After start-up has run (the first requests answered), the cache is written once. */
const WRITE_AFTER_MS = 1500;

function cacheFile(source: string): string | undefined {
  const setting = process.env.INCUS_SCRIPTLET_COMPILE_CACHE;
  if (setting === "off") return undefined;
  const dir = setting || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "incus-scriptlet");
  const hash = createHash("sha1").update(source).digest("hex").slice(0, 20);
  return path.join(dir, `server-${hash}-v8-${process.versions.v8}.cache`);
}

function readCache(file: string | undefined): Buffer | undefined {
  try {
    return file ? readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the code V8 holds for the bundle now; a failure only means the next start compiles. */
function writeCache(file: string, script: vm.Script): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, file);
  } catch {
    // a read-only or full disk: run without a cache
  }
}

function run(): void {
  const source = readFileSync(BUNDLE, "utf8");
  const file = cacheFile(source);
  const cachedData = readCache(file);
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData });
  const load = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  const bundle = new Module(BUNDLE, module);
  bundle.filename = BUNDLE;
  load.call(bundle.exports, bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, __dirname);
  if (file && (!cachedData || script.cachedDataRejected)) {
    let written = false;
    const write = () => {
      if (!written) writeCache(file, script);
      written = true;
    };
    // Once start-up is done; or at exit, when the server ends sooner (a short session, or a
    // client that sends `exit` and then SIGTERM at once). The signal is re-raised after the
    // write, so the process ends as it would have without this handler.
    setTimeout(write, WRITE_AFTER_MS).unref();
    process.once("exit", write);
    process.once("SIGTERM", () => {
      write();
      process.kill(process.pid, "SIGTERM");
    });
  }
}

// Over stdio the server runs relaunched on a large native stack (main.ts says why); the
// decision comes first, so the process that only waits never reads or compiles the bundle.
const relaunched = process.argv.includes("--stdio") ? serveWithLargeStack() : undefined;
if (relaunched === undefined) run();
else
  void relaunched.then((code) => {
    if (code === undefined) run();
    else process.exit(code);
  });
