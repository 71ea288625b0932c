// Serves the protocol on the transport the arguments name: `--stdio` (any editor, and the
// VS Code client) or `--node-ipc`. vscode-languageserver picks the transport from the
// arguments; for stdio the input goes through a framing guard first (stdio-guard.ts: a lying
// Content-Length or a malformed header is reported on stderr and skipped, never a silent
// hang), and a client that closes our stdout ends the server quietly instead of crashing it.
import { format } from "node:util";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./server";
import { guardFraming } from "./stdio-guard";

export function serve(): void {
  if (process.argv.includes("--stdio")) {
    process.stdout.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE") process.stderr.write(`incus-scriptlet lsp: cannot write to the client: ${err.message}\n`);
      process.exit(0);
    });
    const input = guardFraming(process.stdin, { report: (message) => process.stderr.write(message + "\n") });
    // stdout carries the protocol: console output goes to stderr (vscode-languageserver does this
    // itself only when it opens stdio on its own).
    for (const level of ["log", "info", "warn", "error", "debug"] as const) console[level] = (...args: unknown[]) => void process.stderr.write(format(...args) + "\n");
    startServer(createConnection(ProposedFeatures.all, input, process.stdout));
  } else {
    startServer(createConnection(ProposedFeatures.all));
  }
}
