// Runs the cases of `*.placement.test.yaml` files on the simulator: load the file, its
// scriptlet and cluster once, then per case apply `given`, parse `run`, simulate, compare.
// Nothing here throws for bad input: every problem becomes a positioned result.
import { readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { clusterFromSnapshot } from "../placement/from-snapshot";
import { CommandError, parsePlacementCommand } from "../placement/command";
import { simulateCommand } from "../placement/simulate";
import { IncusRefusal } from "../placement/incus-flags";
import type { SimulationResult } from "../placement/result";
import { formatErrors, loadSnapshot, sampleSnapshotPath, type ClusterSnapshot } from "../snapshot";
import type { SourceRange } from "../snapshot/locate";
import { compareExpect, type Difference } from "./expect";
import { applyGiven, givenPath } from "./given";
import { shellWords, ShellWordsError } from "./shell-words";
import { isScenarioTestFile, parseTestFileText, type ParsedTestFile, type TestFileProblem } from "./test-file";

export type CaseStatus = "passed" | "failed" | "error";

export interface CaseResult {
  file: string;
  index: number;
  name: string;
  /** Where the case starts in the file (its list item). */
  range: SourceRange;
  /** passed; failed (an expectation did not hold); error (the case could not run: malformed, unknown member, command refused). */
  status: CaseStatus;
  differences: Difference[];
  problems: TestFileProblem[];
  /** The case itself is not well-formed (the file needs fixing: exit 2). */
  malformed?: boolean;
  /** What the simulator predicted, when it ran. */
  result?: SimulationResult;
  durationMs: number;
}

export interface FileResult {
  file: string;
  /** Problems that stop the whole file (bad YAML, missing scriptlet, broken cluster). */
  problems: TestFileProblem[];
  cases: CaseResult[];
}

export interface RunTestOptions {
  /** Read the scriptlet from here instead of the disk (an editor's unsaved text). */
  scriptletText?: (absPath: string) => string | undefined;
  /** Only the cases with these indexes. */
  only?: number[];
  /** Text of the test file itself, when it is not read from disk. */
  text?: string;
}

/** Expands the command line's FILE|DIR arguments into test files (directories recursively). */
export function findTestFiles(args: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (isScenarioTestFile(entry.name)) files.push(full);
    }
  };
  for (const a of args.length ? args : ["."]) {
    let st;
    try {
      st = statSync(a);
    } catch {
      missing.push(a);
      continue;
    }
    if (st.isDirectory()) walk(a);
    else files.push(a);
  }
  return { files, missing };
}

function fileProblem(file: string, range: SourceRange, message: string): TestFileProblem {
  return { file, ...range, message };
}

/** Loads the snapshot a test file names ("sample" = the bundled sample), relative to the file. */
function loadCluster(parsed: ParsedTestFile): { snapshot?: ClusterSnapshot; problems: TestFileProblem[] } {
  const where = parsed.locate(["cluster"]);
  const file = parsed.cluster === "sample" ? sampleSnapshotPath() : path.resolve(path.dirname(parsed.file), parsed.cluster);
  const loaded = loadSnapshot(file);
  if (loaded.errors) {
    const detail = formatErrors(loaded.errors.slice(0, 3)).trim().replace(/\n/g, "; ");
    return { problems: [fileProblem(parsed.file, where, `cluster snapshot ${parsed.cluster} does not load: ${detail}`)] };
  }
  return { snapshot: loaded.snapshot, problems: [] };
}

export async function runTestFile(file: string, opts: RunTestOptions = {}): Promise<FileResult> {
  let text = opts.text;
  if (text === undefined) {
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
      return { file, problems: [{ file, line: 1, col: 1, endLine: 1, endCol: 1, message: `cannot read test file: ${reason}` }], cases: [] };
    }
  }
  const parsed = parseTestFileText(text, file);
  const out: FileResult = { file, problems: [...parsed.problems], cases: [] };
  if (parsed.problems.length || !parsed.scriptlet) {
    // The cases' own problems are still worth showing, each at its case.
    out.cases = parsed.cases.filter((c) => c.problems.length).map((c) => ({
      file, index: c.index, name: c.name, range: c.range, status: "error", differences: [], problems: c.problems, malformed: true, durationMs: 0,
    }));
    return out;
  }
  const scriptletPath = path.resolve(path.dirname(file), parsed.scriptlet);
  let src = opts.scriptletText?.(scriptletPath);
  if (src === undefined) {
    try {
      src = readFileSync(scriptletPath, "utf8");
    } catch (e) {
      out.problems.push(fileProblem(file, parsed.locate(["scriptlet"]), `cannot read scriptlet ${parsed.scriptlet}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`));
      return out;
    }
  }
  const cluster = loadCluster(parsed);
  if (!cluster.snapshot) {
    out.problems.push(...cluster.problems);
    return out;
  }
  for (const c of parsed.cases) {
    if (opts.only && !opts.only.includes(c.index)) continue;
    const started = performance.now();
    const base = { file, index: c.index, name: c.name, range: c.range };
    type Outcome = Omit<CaseResult, keyof typeof base | "durationMs" | "differences"> & { differences?: Difference[] };
    const done = (r: Outcome): CaseResult => ({ ...base, differences: [], ...r, durationMs: performance.now() - started });
    if (!c.test) {
      out.cases.push(done({ status: "error", problems: c.problems, malformed: true }));
      continue;
    }
    const given = applyGiven(cluster.snapshot, c.test.given);
    if (given.problems.length) {
      out.cases.push(done({ status: "error", problems: given.problems.map((p) => fileProblem(file, parsed.locate(givenPath(c.index, p), typeof p.path[p.path.length - 1] === "string" && p.path[0] === "unavailable_pools" && p.path.length === 2), p.message)) }));
      continue;
    }
    const runRange = parsed.locate(["cases", c.index, "run"]);
    let argv: string[] = [];
    try {
      argv = shellWords(c.test.run.replace(/^\s*incus\s+/, ""));
      parsePlacementCommand(argv);
    } catch (e) {
      if (e instanceof CommandError || e instanceof ShellWordsError) {
        out.cases.push(done({ status: "error", problems: [fileProblem(file, runRange, `command refused: ${e.message}`)] }));
        continue;
      }
      if (!(e instanceof IncusRefusal)) throw e;
      // The incus client itself refuses the command. A case that expects an error may test
      // exactly that (simulateCommand turns it into the client's words); otherwise it is a
      // mistake in the test, shown where the command is.
      if (c.test.expect.error === undefined && c.test.expect.error_contains === undefined) {
        out.cases.push(done({ status: "error", problems: [fileProblem(file, runRange, `command refused by the incus client: ${e.message}`)] }));
        continue;
      }
    }
    const placementCluster = clusterFromSnapshot(given.snapshot);
    const version = parsed.incusVersion ?? placementCluster.serverVersion;
    let result: SimulationResult;
    try {
      result = await simulateCommand(placementCluster, src, argv, { version, localMember: placementCluster.localMember });
    } catch (e) {
      // The simulator refusing a command it cannot model is the case's problem, not a crash.
      out.cases.push(done({ status: "error", problems: [fileProblem(file, runRange, `the simulator refused the command: ${(e as Error).message}`)] }));
      continue;
    }
    const differences = compareExpect(c.test.expect, result);
    out.cases.push(done({ status: differences.length ? "failed" : "passed", differences, problems: [], result }));
  }
  return out;
}

export interface TestSummary {
  passed: number;
  /** Cases whose expectation did not hold or that could not run. */
  failed: number;
  /** Malformed input: a file that could not run at all, or a case that is not well-formed. */
  malformed: number;
}

export function summarize(files: FileResult[]): TestSummary {
  const s = { passed: 0, failed: 0, malformed: 0 };
  for (const f of files) {
    if (f.problems.length) s.malformed++;
    for (const c of f.cases) {
      if (c.status === "passed") s.passed++;
      else s.failed++;
      if (c.malformed) s.malformed++;
    }
  }
  return s;
}

/** 0 all passed, 1 a case failed, 2 malformed input. */
export function exitCode(s: TestSummary): number {
  return s.malformed ? 2 : s.failed ? 1 : 0;
}
