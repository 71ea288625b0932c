// Language server entry point: `node main.js --stdio` (any editor, and the VS Code client) or
// `--node-ipc`. Over stdio the server first relaunches itself with a large native stack, as
// the CLI does (sandbox/native-stack.ts): the stack decides how deep a scriptlet may nest
// before the parser must refuse it (syntax/stack-budget.ts), and Node's default one stops at
// 600 levels where go.starlark.net — and so Incus — goes to ~150,000 (issue H item 2). This
// process then only waits and passes its exit code on. The protocol modules load after that
// decision: a process that only waits never loads them.
import { serveWithLargeStack } from "../starlark/sandbox/native-stack";

const relaunched = process.argv.includes("--stdio") ? serveWithLargeStack() : undefined;
if (relaunched === undefined) serveHere();
else
  void relaunched.then((code) => {
    if (code === undefined) serveHere();
    else process.exit(code);
  });

function serveHere(): void {
  (require("./serve") as typeof import("./serve")).serve();
}
