// `incus-scriptlet test [FILE|DIR...] [--format text|junit]`: run `*.placement.test.yaml`
// scenario tests on the simulator. Exit 0 all passed, 1 a case failed, 2 malformed input.
import { exitCode, findTestFiles, runTestFile, summarize, type FileResult } from "../incus/scenario/run-tests";
import { formatJunit, formatText } from "../incus/scenario/report";
import { flag, FlagError, parseArgs } from "../util/argv";

const USAGE = `usage: incus-scriptlet test [FILE|DIR...] [--format text|junit]

Runs the cases of placement scenario tests (*.placement.test.yaml; directories are searched
recursively, default the current directory) on the placement simulator. Prints one line per
case and "N passed, N failed". Exit status: 0 all passed, 1 a case failed, 2 malformed input.
`;

const SPECS = [
  { names: ["--format"], kind: "string" as const, key: "format" },
  { names: ["-h", "--help"], kind: "boolean" as const, key: "help" },
];

export async function testCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, SPECS);
  } catch (e) {
    if (e instanceof FlagError) {
      process.stderr.write(`incus-scriptlet test: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (flag(args, "help")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = flag(args, "format") ?? "text";
  if (format !== "text" && format !== "junit") {
    process.stderr.write(`incus-scriptlet test: --format must be text or junit, not "${format}"\n`);
    return 2;
  }
  const { files, missing } = findTestFiles([...args.positional, ...args.rest]);
  for (const m of missing) process.stderr.write(`incus-scriptlet test: ${m}: no such file or directory\n`);
  if (files.length === 0) {
    process.stderr.write(`incus-scriptlet test: no *.placement.test.yaml files found\n`);
    return 2;
  }
  const results: FileResult[] = [];
  for (const f of files) results.push(await runTestFile(f));
  const summary = summarize(results);
  if (missing.length) summary.malformed += missing.length;
  process.stdout.write(format === "junit" ? formatJunit(results, summary) : formatText(results, summary, files.length > 1));
  return exitCode(summary);
}
