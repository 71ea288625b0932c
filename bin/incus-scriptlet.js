#!/usr/bin/env node
// Entry point of the incus-scriptlet CLI; the implementation lives in server/src/cli.
require("../out/server/src/cli/main.js").main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => { console.error(err && err.message ? err.message : String(err)); process.exit(2); },
);
