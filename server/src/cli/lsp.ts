// `incus-scriptlet lsp --stdio`: the language server for any editor.
export async function lspCommand(argv: string[]): Promise<number> {
  if (!argv.includes("--stdio") && !argv.some((a) => a.startsWith("--node-ipc") || a.startsWith("--socket") || a.startsWith("--pipe"))) {
    process.stderr.write("usage: incus-scriptlet lsp --stdio\n");
    return 2;
  }
  require("../lsp/main");
  // The connection keeps the process alive; never resolve so main() does not exit.
  return new Promise<number>(() => undefined);
}
