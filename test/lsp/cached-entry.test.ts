// The packaged server's entry (server/src/lsp/cached-entry.ts) runs the bundle beside it through
// V8's code cache: the program must behave the same with no cache, a fresh one, a corrupt one
// and a cache made for another bundle, and a missing or rejected cache is written anew.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { tempDir } from "../support/temp-dir";

const ENTRY = path.resolve(__dirname, "../../server/src/lsp/cached-entry.js");
const NATIVE_STACK = path.resolve(__dirname, "../../server/src/starlark/sandbox/native-stack.js");

/** A stand-in bundle that shows what the loader hands it: arguments, module globals, require. */
const BUNDLE = `
const os = require("node:os");
const helper = require("./helper.js");
process.stdout.write(JSON.stringify({
  args: process.argv.slice(2),
  dirname: __dirname,
  filename: __filename,
  exportsIsModuleExports: exports === module.exports,
  helper: helper.answer,
  sum: [1, 2, 3].map((x) => x * 2).reduce((a, b) => a + b, 0),
  hasOs: typeof os.homedir === "function",
}));
`;

/** The entry and the one module it requires, in tsc's layout (the .vsix has them bundled in one
 *  file); `dir` is the entry's folder. */
function stage(bundle = BUNDLE): { dir: string; cache: string } {
  const root = tempDir("cached-entry-");
  const dir = path.join(root, "lsp");
  mkdirSync(path.join(root, "starlark/sandbox"), { recursive: true });
  mkdirSync(dir);
  copyFileSync(NATIVE_STACK, path.join(root, "starlark/sandbox/native-stack.js"));
  copyFileSync(ENTRY, path.join(dir, "main.js"));
  writeFileSync(path.join(dir, "main.bundle.js"), bundle);
  writeFileSync(path.join(dir, "helper.js"), "exports.answer = 42;\n");
  return { dir, cache: path.join(root, "cache") };
}

function runEntry(dir: string, cache: string): unknown {
  const out = execFileSync(process.execPath, [path.join(dir, "main.js"), "--stdio", "x"], { env: { ...process.env, INCUS_SCRIPTLET_COMPILE_CACHE: cache } });
  return JSON.parse(out.toString());
}

const cacheFiles = (cache: string) => {
  try {
    return readdirSync(cache).filter((f) => f.endsWith(".cache"));
  } catch {
    return [];
  }
};

test("the bundle runs as a module beside the entry: arguments, __dirname, __filename, require", () => {
  const { dir, cache } = stage();
  assert.deepEqual(runEntry(dir, cache), {
    args: ["--stdio", "x"],
    dirname: dir,
    filename: path.join(dir, "main.bundle.js"),
    exportsIsModuleExports: true,
    helper: 42,
    sum: 12,
    hasOs: true,
  });
});

test("the first start writes a cache the next start uses; the program's output is the same", () => {
  const { dir, cache } = stage();
  const cold = runEntry(dir, cache);
  const files = cacheFiles(cache);
  assert.equal(files.length, 1, "one cache file after the first start");
  const written = readFileSync(path.join(cache, files[0]));
  assert.ok(written.length > 0);
  assert.deepEqual(runEntry(dir, cache), cold);
  // an accepted cache is not rewritten
  assert.deepEqual(readFileSync(path.join(cache, files[0])), written);
});

test("a corrupt cache costs a normal compile, is rejected and written anew", () => {
  const { dir, cache } = stage();
  const expected = runEntry(dir, cache);
  const [file] = cacheFiles(cache);
  const garbage = Buffer.from("not a V8 code cache".repeat(50));
  writeFileSync(path.join(cache, file), garbage);
  assert.deepEqual(runEntry(dir, cache), expected);
  assert.notDeepEqual(readFileSync(path.join(cache, file)), garbage);
});

test("a changed bundle gets its own cache, never the old one's code, even at the same length", () => {
  const { dir, cache } = stage();
  runEntry(dir, cache);
  // Same length: V8's own check of cached data (the source's length) would accept the old code.
  writeFileSync(path.join(dir, "main.bundle.js"), BUNDLE.replace("x * 2", "x * 3"));
  assert.equal((runEntry(dir, cache) as { sum: number }).sum, 18);
  assert.equal((runEntry(dir, cache) as { sum: number }).sum, 18);
  assert.equal(cacheFiles(cache).length, 2);
});

test("INCUS_SCRIPTLET_COMPILE_CACHE=off runs without a cache and writes none", () => {
  const { dir, cache } = stage();
  const out = execFileSync(process.execPath, [path.join(dir, "main.js")], { env: { ...process.env, INCUS_SCRIPTLET_COMPILE_CACHE: "off", XDG_CACHE_HOME: cache } });
  assert.equal((JSON.parse(out.toString()) as { sum: number }).sum, 12);
  assert.deepEqual(cacheFiles(path.join(cache, "incus-scriptlet")), []);
});
