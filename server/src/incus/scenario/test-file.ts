// The `*.placement.test.yaml` format: a scriptlet, a cluster, and cases (given → run → expect).
// Parsed with zod over the YAML node tree, so every problem carries FILE:LINE:COL. A bad case
// does not spoil the others: the file's top level is checked first, then each case on its own.
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import type { $ZodIssue } from "zod/v4/core";
import { INCUS_VERSIONS, resolveVersion } from "../knowledge/versions";
import { formatPath, nodeAt, offsetRange, rangeOf, type SourceRange } from "../snapshot/locate";
import { expectedName, typeName } from "../yaml-words";

/** A position in the test file and what is wrong there. */
export interface TestFileProblem extends SourceRange {
  file: string;
  message: string;
}

const configValue = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

export const givenInstanceSchema = z.strictObject({
  name: z.string().min(1).describe("Instance name"),
  location: z.string().min(1).describe("Cluster member the instance is on"),
  project: z.string().min(1).default("default").describe("Project of the instance"),
  type: z.enum(["container", "virtual-machine"]).default("container"),
  profiles: z.array(z.string()).optional().describe("Profiles (default: [default])"),
  config: z.record(z.string(), configValue).default({}).describe("Instance config, e.g. {user.tier: gold}"),
  status: z.string().optional().describe("Running (default), Stopped, ..."),
});

export const givenSchema = z.strictObject({
  offline: z.array(z.string().min(1)).default([]).describe("Members made offline for this case"),
  evacuated: z.array(z.string().min(1)).default([]).describe("Members made evacuated for this case (their instances stay where they are)"),
  unavailable_pools: z.record(z.string(), z.array(z.string().min(1))).default({}).describe("member → storage pools made unavailable on it"),
  instances: z.array(givenInstanceSchema).default([]).describe("Instances added to the cluster for this case"),
});

export const expectSchema = z.strictObject({
  target: z.string().min(1).optional().describe("The member every placement lands on"),
  target_in: z.array(z.string().min(1)).min(1).optional().describe("Members the placements may land on"),
  error: z.string().nullable().optional().describe("null: the command succeeds; a string: Incus's exact error text"),
  error_contains: z.string().min(1).optional().describe("A substring of Incus's error text"),
  logs_contain: z.array(z.string()).optional().describe("Substrings, each found in some log message of the scriptlet"),
  placements: z.number().int().min(0).optional().describe("Number of placements (evacuate: one per instance)"),
});

export const caseSchema = z.strictObject({
  name: z.string().min(1).describe("What the case checks"),
  given: givenSchema.default({ offline: [], evacuated: [], unavailable_pools: {}, instances: [] }).describe("Changes to the cluster for this case"),
  run: z.string().min(1).describe("The incus command (what follows `incus`): create|init|launch, move, cluster evacuate"),
  expect: expectSchema.default({}).describe("Every key optional; all given must hold"),
});

const fileShape = {
  $schema: z.string().optional(),
  scriptlet: z.string().min(1).describe("The placement scriptlet, relative to this file"),
  cluster: z.string().min(1).default("sample").describe("A cluster snapshot file relative to this file, or \"sample\" (the bundled sample)"),
  incus_version: z.union([z.string().min(1), z.number()]).transform((v) => String(v)).optional().describe("Incus version to simulate (default: the snapshot's), e.g. 6.0.4"),
};

const fileSchema = z.strictObject({
  ...fileShape,
  // Checked one by one below, so a bad case keeps its neighbours running.
  cases: z.array(z.unknown()).min(1),
});

/** The whole file in one schema, for the JSON Schema editors use. */
export const testFileSchema = z.strictObject({ ...fileShape, cases: z.array(caseSchema).min(1).describe("The scenarios") });

export type Given = z.infer<typeof givenSchema>;
export type Expect = z.infer<typeof expectSchema>;
export type TestCase = z.infer<typeof caseSchema>;

export interface ParsedCase {
  index: number;
  /** The case's name, when it has one (even a malformed case may). */
  name: string;
  range: SourceRange;
  /** Set when the case itself is well-formed. */
  test?: TestCase;
  problems: TestFileProblem[];
}

export interface ParsedTestFile {
  file: string;
  /** File-level problems (YAML syntax, top-level keys): nothing can run. */
  problems: TestFileProblem[];
  scriptlet?: string;
  cluster: string;
  incusVersion?: string;
  cases: ParsedCase[];
  /** The source range of a path into the document, e.g. ["cases", 0, "given", "offline", 1]. */
  locate(path: readonly PropertyKey[], atKey?: boolean): SourceRange;
}

export const TEST_FILE_SUFFIX = ".placement.test.yaml";

export function isScenarioTestFile(path: string): boolean {
  return path.endsWith(TEST_FILE_SUFFIX) || path.endsWith(".placement.test.yml");
}

export function parseTestFileText(text: string, file: string): ParsedTestFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const locate = (path: readonly PropertyKey[], atKey = false) => rangeOf(nodeAt(doc, path, atKey), lc);
  const base: ParsedTestFile = { file, problems: [], cluster: "sample", cases: [], locate };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    base.problems.push({ file, ...offsetRange(e.pos[0], e.pos[1], lc), message: `invalid YAML: ${e.message.split("\n")[0]}` });
    return base;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    base.problems.push({ file, line: 1, col: 1, endLine: 1, endCol: 1, message: `invalid YAML: ${(err as Error).message}` });
    return base;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    base.problems.push({ file, ...locate([]), message: "a placement test file is a mapping with keys scriptlet, cluster, incus_version, cases" });
    return base;
  }
  const top = fileSchema.safeParse(data, { reportInput: true });
  if (!top.success) {
    base.problems.push(...top.error.issues.flatMap((i) => issueProblems(i, [], file, locate)));
    // Still look at the cases, when there is a list of them: their problems help too.
    const raw = (data as { cases?: unknown }).cases;
    if (Array.isArray(raw)) base.cases = raw.map((c, i) => parseCase(c, i, file, locate));
    return base;
  }
  base.scriptlet = top.data.scriptlet;
  base.cluster = top.data.cluster;
  base.incusVersion = top.data.incus_version;
  if (base.incusVersion !== undefined && !resolveVersion(base.incusVersion)) {
    base.problems.push({ file, ...locate(["incus_version"]), message: `unknown Incus version "${base.incusVersion}"; known versions: ${INCUS_VERSIONS.join(", ")} (or a release number such as 6.0.4 or 7.3.0)` });
  }
  base.cases = top.data.cases.map((c, i) => parseCase(c, i, file, locate));
  return base;
}

function parseCase(raw: unknown, index: number, file: string, locate: ParsedTestFile["locate"]): ParsedCase {
  const path = ["cases", index];
  const name = raw && typeof raw === "object" && typeof (raw as { name?: unknown }).name === "string" ? (raw as { name: string }).name : `case ${index + 1}`;
  const range = locate(path);
  const parsed = caseSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    return { index, name, range, problems: parsed.error.issues.flatMap((i) => issueProblems(i, path, file, locate)) };
  }
  const problems: TestFileProblem[] = [];
  const e = parsed.data.expect;
  if (e.target !== undefined && e.target_in !== undefined) {
    problems.push({ file, ...locate([...path, "expect", "target_in"], true), message: "expect: give target or target_in, not both" });
  }
  if (e.error !== undefined && e.error_contains !== undefined && e.error === null) {
    problems.push({ file, ...locate([...path, "expect", "error_contains"], true), message: "expect: error: null (success) contradicts error_contains" });
  }
  return problems.length ? { index, name, range, problems } : { index, name, range, test: parsed.data, problems };
}

const CASE_KEYS = "name, given, run, expect";
const KEYS_AT: Record<string, string> = {
  "": "scriptlet, cluster, incus_version, cases",
  case: CASE_KEYS,
  given: "offline, evacuated, unavailable_pools, instances",
  expect: "target, target_in, error, error_contains, logs_contain, placements",
  instance: "name, location, project, type, profiles, config, status",
};

function keysFor(path: readonly PropertyKey[]): string | undefined {
  const rel = path.length >= 2 && path[0] === "cases" ? path.slice(2) : path;
  if (path.length === 0) return KEYS_AT[""];
  if (path.length === 2 && path[0] === "cases") return KEYS_AT.case;
  if (rel.length === 1) return KEYS_AT[String(rel[0])];
  if (rel.length === 3 && rel[0] === "given" && rel[1] === "instances") return KEYS_AT.instance;
  return undefined;
}

function issueProblems(issue: $ZodIssue, prefix: readonly PropertyKey[], file: string, locate: ParsedTestFile["locate"]): TestFileProblem[] {
  const full = [...prefix, ...issue.path];
  if (issue.code === "unrecognized_keys") {
    const expected = keysFor(full);
    return issue.keys.map((key) => ({
      file,
      ...locate([...full, key], true),
      message: `${full.length ? formatPath(full) + ": " : ""}unknown key "${key}"${expected ? ` (expected one of: ${expected})` : ""}`,
    }));
  }
  const where = full.length > 0 ? `${formatPath(full)}: ` : "";
  return [{ file, ...locate(full), message: where + describe(issue) }];
}

function describe(issue: $ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  if (issue.code === "invalid_type") {
    if (input === undefined) return `missing required key (expected ${expectedName(issue.expected)})`;
    return `expected ${expectedName(issue.expected)}, got ${typeName(input)}`;
  }
  if (issue.code === "invalid_value") return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  if (issue.code === "invalid_union") return `expected a string, got ${typeName(input)}`;
  if (issue.code === "too_small" && issue.origin === "string") return "must not be empty";
  if (issue.code === "too_small" && issue.origin === "array") return "must not be an empty list";
  if (issue.code === "too_small" && issue.origin === "number") return `must be at least ${String(issue.minimum)}`;
  return issue.message;
}



/** Ranges of each case's `name` value, for CodeLenses and test items (even malformed cases). */
export function caseNameRanges(parsed: ParsedTestFile): SourceRange[] {
  return parsed.cases.map((c) => parsed.locate(["cases", c.index, "name"]));
}
