// The language server's side of scenario tests, the failure matrix and the placement diff
// (issue J): diagnostics and completion of `*.placement.test.yaml` buffers, and the requests the
// VS Code client sends (it stays thin: every simulation runs here).
//   incus/placementTest/cases   {uri}              → the cases and their ranges (Testing view, CodeLens)
//   incus/placementTest/run     {uri, only?}       → each case's outcome, at its range
//   incus/placementMatrix       {uri, command?}    → the failure matrix of the scriptlet in the editor
//   incus/placementDiff         {uri, against}     → git HEAD's or the server's scriptlet → the editor's
import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Connection } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { CommandError, parsePlacementCommand } from "../incus/placement/command";
import { IncusRefusal } from "../incus/placement/incus-flags";
import { placementDiff } from "../incus/scenario/diff";
import { failureMatrix } from "../incus/scenario/matrix";
import { runTestFile } from "../incus/scenario/run-tests";
import { formatDifference } from "../incus/scenario/expect";
import { isScenarioTestFile, parseTestFileText } from "../incus/scenario/test-file";
import { loadSnapshot, sampleSnapshotPath } from "../incus/snapshot";
import type { CompletionItem } from "../language/scriptlet/completion";
import type { ClusterNames } from "../language/scriptlet/context";
import type { Diagnostic } from "../language/scriptlet/diagnostic";
import { placementTestCompletion, placementTestDiagnostics, toRange } from "../language/placement-test";
import type { ActiveCluster } from "./cluster-context";
import {
  Requests, type PlacementDiffAnswer, type PlacementDiffParams, type PlacementMatrixAnswer, type PlacementMatrixParams,
  type PlacementTestCasesAnswer, type PlacementTestRunAnswer,
} from "./protocol";
import type { Settings } from "./settings";


export interface ScenarioHost {
  document(uri: string): TextDocument | undefined;
  documents(): TextDocument[];
  cluster(): ActiveCluster | undefined;
  settings(): Settings;
}

function filePath(uri: string): string | undefined {
  try {
    return uri.startsWith("file:") ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export function isPlacementTestDocument(doc: TextDocument): boolean {
  return isScenarioTestFile(doc.uri);
}

/** Names of the cluster a test file runs on (its `cluster:`), cached per snapshot file and mtime. */
const namesCache = new Map<string, { mtimeMs: number; names?: ClusterNames }>();

function testFileNames(doc: TextDocument, active: ActiveCluster | undefined): ClusterNames | undefined {
  const file = filePath(doc.uri);
  const parsed = parseTestFileText(doc.getText(), file ?? doc.uri);
  const snapshotPath = parsed.cluster === "sample" ? sampleSnapshotPath() : file ? path.resolve(path.dirname(file), parsed.cluster) : undefined;
  if (!snapshotPath) return active?.names;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(snapshotPath).mtimeMs;
  } catch {
    return undefined; // the runner says the file is missing, at `cluster:`
  }
  const hit = namesCache.get(snapshotPath);
  if (hit && hit.mtimeMs === mtimeMs) return hit.names;
  const loaded = loadSnapshot(snapshotPath);
  const names = loaded.snapshot
    ? {
        source: parsed.cluster === "sample" ? "the sample cluster" : parsed.cluster,
        members: loaded.snapshot.members.map((m) => m.server_name),
        groups: loaded.snapshot.groups.map((g) => g.name),
        projects: loaded.snapshot.projects.map((p) => p.name),
      }
    : undefined;
  namesCache.set(snapshotPath, { mtimeMs, names });
  return names;
}

export function placementTestDocumentDiagnostics(doc: TextDocument, active: ActiveCluster | undefined): Diagnostic[] {
  return placementTestDiagnostics(filePath(doc.uri) ?? doc.uri, doc.getText(), testFileNames(doc, active));
}

export function placementTestDocumentCompletion(doc: TextDocument, offset: number, active: ActiveCluster | undefined): CompletionItem[] {
  return placementTestCompletion(doc.getText(), offset, testFileNames(doc, active));
}

type TestRunResponse = PlacementTestRunAnswer;

function textOf(host: ScenarioHost, uri: string): string | undefined {
  const open = host.document(uri);
  if (open) return open.getText();
  const file = filePath(uri);
  if (!file) return undefined;
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function listCases(host: ScenarioHost, uri: string): PlacementTestCasesAnswer {
  const text = textOf(host, uri);
  if (text === undefined) return { cases: [], problems: [{ message: `cannot read ${uri}`, range: toRange({ line: 1, col: 1, endLine: 1, endCol: 1 }) }] };
  const parsed = parseTestFileText(text, filePath(uri) ?? uri);
  return {
    cases: parsed.cases.map((c) => ({ index: c.index, name: c.name, range: toRange(parsed.locate(["cases", c.index, "name"])) })),
    problems: parsed.problems.map((p) => ({ message: p.message, range: toRange(p) })),
  };
}

async function runTests(host: ScenarioHost, uri: string, only?: number[]): Promise<TestRunResponse> {
  const file = filePath(uri);
  const text = textOf(host, uri);
  if (!file || text === undefined) return { problems: [{ message: `cannot read ${uri}`, range: toRange({ line: 1, col: 1, endLine: 1, endCol: 1 }) }], cases: [] };
  // Unsaved scriptlet edits count: the editor's text of an open scriptlet wins over the disk.
  const open = new Map(host.documents().map((d) => [filePath(d.uri), d]));
  const res = await runTestFile(file, { text, only, scriptletText: (p) => open.get(p)?.getText() });
  const parsed = parseTestFileText(text, file);
  return {
    problems: res.problems.map((p) => ({ message: p.message, range: toRange(p) })),
    cases: res.cases.map((c) => {
      const nameRange = toRange(parsed.locate(["cases", c.index, "name"]));
      const expectRange = toRange(parsed.locate(["cases", c.index, "expect"]));
      const messages =
        c.status === "failed"
          ? c.differences.map((d) => ({ message: formatDifference(d), range: toRange(parsed.locate(["cases", c.index, "expect", d.key], true)) }))
          : c.problems.map((p) => ({ message: p.message, range: toRange(p) }));
      const placements = c.result?.placements ?? [];
      const summary = placements.length
        ? placements.map((p) => `${p.instance || "(none)"} → ${p.error ? `error: ${p.incusMessage ?? p.error}` : (p.target ?? "nowhere")}`).join("\n")
        : "";
      return { index: c.index, name: c.name, range: c.status === "failed" && !messages.length ? expectRange : nameRange, status: c.status, messages, durationMs: c.durationMs, summary };
    }),
  };
}

async function matrix(host: ScenarioHost, params: PlacementMatrixParams): Promise<PlacementMatrixAnswer> {
  const text = textOf(host, params.uri);
  const active = host.cluster();
  if (text === undefined) return { error: `cannot read ${params.uri}` };
  if (!active) return { error: "no active cluster could be loaded (see the Incus output)" };
  const command = params.command?.length ? params.command : ["create", "--empty", "new-instance"];
  try {
    const op = parsePlacementCommand(command);
    const version = host.settings().incusVersion || active.version;
    const result = await failureMatrix(active.cluster, text, op, { version, localMember: active.cluster.localMember, commandText: command.join(" ") });
    return { result, cluster: active.names.source };
  } catch (e) {
    if (e instanceof CommandError || e instanceof IncusRefusal) return { error: e.message };
    return { error: (e as Error).message };
  }
}

function gitHead(file: string): Promise<{ text?: string; error?: string }> {
  return new Promise((resolve) => {
    execFile("git", ["show", `HEAD:./${path.basename(file)}`], { cwd: path.dirname(file), timeout: 10_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) resolve({ error: `git HEAD has no version of ${path.basename(file)}: ${(stderr || err.message).trim()}` });
      else resolve({ text: stdout });
    });
  });
}

async function diff(host: ScenarioHost, params: PlacementDiffParams): Promise<PlacementDiffAnswer> {
  const text = textOf(host, params.uri);
  const active = host.cluster();
  if (text === undefined) return { error: `cannot read ${params.uri}` };
  if (!active) return { error: "no active cluster could be loaded (see the Incus output)" };
  let oldText: string | undefined;
  let oldLabel: string;
  if (params.against === "head") {
    const file = filePath(params.uri);
    if (!file) return { error: "only a file on disk has a git HEAD version" };
    const head = await gitHead(file);
    if (head.error !== undefined) return { error: head.error };
    oldText = head.text;
    oldLabel = `HEAD:${path.basename(file)}`;
  } else {
    oldText = (active.snapshot.server.config as Record<string, string> | undefined)?.["instances.placement.scriptlet"];
    if (!oldText) return { error: `${active.names.source} has no instances.placement.scriptlet set` };
    oldLabel = `the scriptlet of ${active.names.source}`;
  }
  const version = host.settings().incusVersion || active.version;
  const result = await placementDiff(active.cluster, oldText!, text, { version, localMember: active.cluster.localMember });
  return { result, cluster: active.names.source, oldLabel, newLabel: "the editor's text" };
}

export function registerScenarioRequests(connection: Connection, host: ScenarioHost): void {
  connection.onRequest(Requests.placementTestCases, (p) => listCases(host, p.uri));
  connection.onRequest(Requests.placementTestRun, (p) => runTests(host, p.uri, p.only));
  connection.onRequest(Requests.placementMatrix, (p) => matrix(host, p));
  connection.onRequest(Requests.placementDiff, (p) => diff(host, p));
}
