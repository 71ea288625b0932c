// Front-end benchmarks on a 5 MB scriptlet (issue H item 3), on the real CLI and the real
// language server over stdio:
//   bench: check-5mb-ms: MS ms            `incus-scriptlet check` of a 5 MB placement
//                                          scriptlet (78,000 small functions), wall clock of
//                                          the process, start-up included
//   bench: lsp-keystroke-5mb-ms: MS ms    one typed character (an incremental didChange) in
//                                          a function body in the middle of that document to
//                                          its publishDiagnostics, with the diagnostics delay
//                                          set to 0; median of 7 (the first after the open
//                                          lists what later edits reuse; the editor's
//                                          diagnostics include the sandboxed top-level run,
//                                          as `check`'s do). The digits typed after the line's
//                                          `0` make an octal-literal syntax error, so this also
//                                          measures re-analysis of a document with errors.
//   bench: lsp-keystroke-5mb-rename-ms: MS ms   the same, typing into a def's name in the
//                                          middle (a global renamed at each keystroke)
//   bench: lsp-keystroke-5mb-newline-top-ms: MS ms   the same, Enter near the top (every
//                                          later statement moves down a line)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from "vscode-languageserver-protocol/node";
import { BIN, LspClient } from "../test/support/lsp-client";
import { Requests } from "../server/src/lsp/protocol";

/** About `bytes` of scriptlet: many small functions, as issue H describes (5 MB: 78,000). */
export function manyFunctions(bytes: number): string {
  const out = ["# incus-scriptlet: placement", "def instance_placement(request, candidate_members):", "    return None", ""];
  let size = out.join("\n").length;
  for (let i = 0; size < bytes; i++) {
    const f = `def helper${i}(x):\n    y = x + ${i % 97}\n    return y\n`;
    out.push(f);
    size += f.length + 1;
  }
  return out.join("\n");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function checkBenchmark(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-front-"));
  try {
    const file = path.join(dir, "big.placement.star");
    writeFileSync(file, text);
    const t0 = performance.now();
    try {
      execFileSync(process.execPath, [BIN, "check", file], { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
    } catch {
      // A finding exits 1: the time is what counts here.
    }
    return `bench: check-5mb-ms: ${(performance.now() - t0).toFixed(0)} ms`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function keystrokeBenchmark(text: string): Promise<string[]> {
  const client = new LspClient({ activeCluster: "sample", diagnosticsDelayMs: 0 });
  try {
    await client.initialize();
    // The server loads the active cluster after start-up and then analyses its documents
    // again: wait for that before opening, so the keystrokes do not wait behind it.
    await client.conn.sendRequest(Requests.refresh, {});
    const uri = "file:///bench/big.placement.star";
    const opened = client.nextDiagnostics(uri, 1, 900_000);
    void client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "incus-scriptlet", version: 1, text } });
    await opened;
    let version = 1;
    /** The median time of 7 edits (`at` the k-th one's position and text) to their diagnostics. */
    const typing = async (at: (k: number) => { line: number; character: number; text: string }) => {
      const times: number[] = [];
      for (let k = 0; k < 7; k++) {
        const { line, character, text: typed } = at(k);
        version++;
        const published = client.nextDiagnostics(uri, version, 900_000);
        const t0 = performance.now();
        void client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: typed }],
        });
        await published;
        times.push(performance.now() - t0);
      }
      return median(times).toFixed(0);
    };
    const lines = text.split("\n");
    // Into the body of a function in the middle of the file.
    const body = lines.findIndex((l, n) => n > lines.length / 2 && l.startsWith("    y = x + "));
    const inBody = await typing((k) => ({ line: body, character: lines[body].length + k, text: "1" }));
    // Into the name of another function there.
    const def = lines.findIndex((l, n) => n > lines.length / 2 + 30 && l.startsWith("def helper"));
    const inName = await typing((k) => ({ line: def, character: "def helper".length + k, text: "x" }));
    // Enter at the end of the first line.
    const top = await typing(() => ({ line: 0, character: lines[0].length, text: "\n" }));
    return [
      `bench: lsp-keystroke-5mb-ms: ${inBody} ms`,
      `bench: lsp-keystroke-5mb-rename-ms: ${inName} ms`,
      `bench: lsp-keystroke-5mb-newline-top-ms: ${top} ms`,
    ];
  } finally {
    await client.close();
  }
}

if (require.main === module) {
  const text = manyFunctions(5_000_000);
  (async () => {
    console.log(checkBenchmark(text));
    try {
      console.log((await keystrokeBenchmark(text)).join("\n"));
    } catch (e) {
      // Too slow to measure (the wait per event is bounded): say so, without failing the
      // benchmarks that run after this one.
      console.error(`lsp-keystroke-5mb: ${(e as Error).message.split("\n")[0]}`);
      console.log("bench: lsp-keystroke-5mb-ms: NaN ms");
    }
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
