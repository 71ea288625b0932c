#!/usr/bin/env node
// Entry point of the incus-scriptlet CLI; the implementation lives in server/src/cli.
// First relaunch with a large native stack for the Starlark sandbox (see native-stack.ts).
const relaunched = require("../out/server/src/starlark/sandbox/native-stack.js").relaunchWithLargeStack();
if (relaunched !== undefined) process.exit(relaunched);
require("../out/server/src/cli/main.js").main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => { console.error(err && err.message ? err.message : String(err)); process.exit(2); },
);
