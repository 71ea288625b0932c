// A child process for hostile-depth.test.ts: runs a scriptlet the way the CLI does — first
// relaunched with the CLI's large stack (sandbox/native-stack.ts, the same call
// bin/incus-scriptlet.js makes) — then compiles it, runs main() in a sandbox and prints
// one JSON line: {nesting, compile?: "line:col: msg", value?, error?, limit?, ms}.
// usage: node depth-runner.js FILE [EXPR-AFTER]   (EXPR-AFTER: a second file whose main()
// runs in a fresh session after the first, to show the sandbox is still usable)
import { readFileSync } from "node:fs";
import { relaunchWithLargeStack } from "../../server/src/starlark/sandbox/native-stack";

const code = relaunchWithLargeStack();
if (code !== undefined) process.exit(code);

/* eslint-disable @typescript-eslint/no-require-imports */
const { compile, Session } = require("../../server/src/starlark/engine") as typeof import("../../server/src/starlark/engine");
const { goStarlarkDefault } = require("../../server/src/starlark/resolve") as typeof import("../../server/src/starlark/resolve");
const { threadNestingLimit } = require("../../server/src/starlark/syntax") as typeof import("../../server/src/starlark/syntax");

async function runFile(file: string): Promise<Record<string, unknown>> {
  const start = Date.now();
  const r = compile("deep.star", readFileSync(file, "utf8"), { dialect: goStarlarkDefault, predeclared: [] });
  if (!r.program) {
    const d = r.diagnostics[0];
    return { compile: `${d.pos.line}:${d.pos.col}: ${d.msg}`, ms: Date.now() - start };
  }
  const s = await Session.create();
  try {
    const init = s.init(r.program, {});
    if (init.error) return { error: init.error.message, limit: init.error.limit, ms: Date.now() - start };
    const c = s.call("main");
    if (c.error) return { error: c.error.message, limit: c.error.limit, ms: Date.now() - start };
    return { value: typeof c.value === "string" ? c.value : JSON.stringify(c.value), ms: Date.now() - start };
  } finally {
    s.dispose();
  }
}

void (async () => {
  const out: Record<string, unknown> = { nesting: threadNestingLimit(), ...(await runFile(process.argv[2])) };
  if (process.argv[3]) out.after = await runFile(process.argv[3]);
  process.stdout.write(JSON.stringify(out) + "\n");
})();
