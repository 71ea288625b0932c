#!/usr/bin/env node
// Entry point of the incus-scriptlet CLI; the implementation lives in server/src/cli.
// First relaunch with a large native stack for the Starlark sandbox (see native-stack.ts):
// the relaunched process writes the output itself (stdio inherited).
const relaunched = require("../out/server/src/starlark/sandbox/native-stack.js").relaunchWithLargeStack();
if (relaunched !== undefined) process.exit(relaunched);
// The exit waits until stdout and stderr are flushed (a pipe would otherwise cut the output).
const { exitWhenFlushed, installOutputGuards } = require("../out/server/src/cli/output.js");
installOutputGuards();
require("../out/server/src/cli/main.js").main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (err) => { process.stderr.write(`${err && err.message ? err.message : String(err)}\n`); return exitWhenFlushed(2); },
);
