#!/usr/bin/env node
// Entry point of the incus-scriptlet CLI; the implementation lives in server/src/cli.
// The exit waits until stdout and stderr are flushed (a pipe would otherwise cut the output).
const { exitWhenFlushed, installOutputGuards } = require("../out/server/src/cli/output.js");
installOutputGuards();
require("../out/server/src/cli/main.js").main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (err) => { process.stderr.write(`${err && err.message ? err.message : String(err)}\n`); return exitWhenFlushed(2); },
);
