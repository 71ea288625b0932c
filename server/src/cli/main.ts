// The incus-scriptlet command line. Subcommands are dispatched to one file each.
export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(usage());
      return 0;
    case "snapshot":
      return (require("./snapshot") as typeof import("./snapshot")).snapshotCommand(argv.slice(1));
    case "run":
      return (require("./run") as typeof import("./run")).runCommand(argv.slice(1));
    case "access":
      return (require("./access") as typeof import("./access")).accessCommand(argv.slice(1));
    case "lsp":
      return (require("./lsp") as typeof import("./lsp")).lspCommand(argv.slice(1));
    case "check":
      return (require("./check") as typeof import("./check")).checkCommand(argv.slice(1));
    case "test":
      return (require("./test") as typeof import("./test")).testCommand(argv.slice(1));
    case "matrix":
      return (require("./matrix") as typeof import("./matrix")).matrixCommand(argv.slice(1));
    case "diff":
      return (require("./diff") as typeof import("./diff")).diffCommand(argv.slice(1));
    default:
      process.stderr.write(`incus-scriptlet: unknown command "${command}"\n${usage()}`);
      return 2;
  }
}

function usage(): string {
  return [
    "usage: incus-scriptlet <command> [options]",
    "",
    "commands:",
    "  check FILE...      report compile errors and lint, worded as Incus words them",
    "  run FILE -- CMD    predict the placement Incus would make for an incus command",
    "  test [FILE|DIR]    run *.placement.test.yaml scenario tests on the simulator",
    "  matrix FILE        the placement under every single-member failure (N-1)",
    "  diff OLD NEW       what changing the placement scriptlet would move",
    "  access FILE        access matrix of an authorization scriptlet for one identity",
    "  snapshot           capture a cluster snapshot (read-only)",
    "  lsp --stdio        start the language server",
    "",
  ].join("\n");
}
