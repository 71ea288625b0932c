// `*.placement.test.yaml` files in VS Code's Testing view: one test item per file, one child
// per case (at its `name:`), run by the language server; a failure is reported at the case
// with what differed (at the expect key that did not hold).
import * as vscode from "vscode";
import type { ScriptletLanguageClient } from "../language/language-client";
import type { Log } from "../output";
import { listCases, runCases, type PlacementTestCase } from "./scenario-protocol";

export const TEST_FILE_GLOB = "**/*.placement.test.{yaml,yml}";

const toRange = (r: PlacementTestCase["range"]) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

export class PlacementTestController implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController("incus.placementTests", "Incus placement scenarios");
  private readonly disposables: vscode.Disposable[] = [this.controller];
  /** The last outcome per case item id, for e2e checks. */
  readonly lastOutcome = new Map<string, { status: string; messages: string[] }>();

  constructor(
    private readonly lc: ScriptletLanguageClient,
    private readonly log: Log,
  ) {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discoverAll();
      else await this.refreshFile(item.uri!);
    };
    this.controller.refreshHandler = () => this.discoverAll();
    this.controller.createRunProfile("Run", vscode.TestRunProfileKind.Run, (req, token) => this.run(req, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher(TEST_FILE_GLOB);
    watcher.onDidCreate((u) => void this.refreshFile(u));
    watcher.onDidChange((u) => void this.refreshFile(u));
    watcher.onDidDelete((u) => this.controller.items.delete(u.toString()));
    this.disposables.push(
      watcher,
      vscode.workspace.onDidOpenTextDocument((d) => this.isTestFile(d.uri) && void this.refreshFile(d.uri)),
      vscode.workspace.onDidChangeTextDocument((e) => this.isTestFile(e.document.uri) && void this.refreshFile(e.document.uri)),
    );
  }

  private isTestFile(uri: vscode.Uri): boolean {
    return uri.scheme === "file" && /\.placement\.test\.ya?ml$/.test(uri.path);
  }

  async discoverAll(): Promise<void> {
    for (const uri of await vscode.workspace.findFiles(TEST_FILE_GLOB, "**/node_modules/**")) await this.refreshFile(uri);
  }

  fileItem(uri: vscode.Uri): vscode.TestItem {
    let item = this.controller.items.get(uri.toString());
    if (!item) {
      item = this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
      item.canResolveChildren = true;
      this.controller.items.add(item);
    }
    return item;
  }

  /** (Re)reads a file's cases from the language server. */
  async refreshFile(uri: vscode.Uri): Promise<vscode.TestItem> {
    const file = this.fileItem(uri);
    try {
      const { cases, problems } = await listCases(this.lc, uri.toString());
      file.error = problems.length ? problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`).join("\n") : undefined;
      file.children.replace(
        cases.map((c) => {
          const item = this.controller.createTestItem(`${uri.toString()}#${c.index}`, c.name, uri);
          item.range = toRange(c.range);
          return item;
        }),
      );
    } catch (e) {
      file.error = (e as Error).message;
    }
    return file;
  }

  /** Runs the given items (files or cases), or every file. */
  async run(request: vscode.TestRunRequest, token?: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    const byFile = new Map<string, { file: vscode.TestItem; cases: vscode.TestItem[] | "all" }>();
    const add = (item: vscode.TestItem) => {
      const fileId = item.id.split("#")[0];
      const file = this.controller.items.get(fileId) ?? item;
      const entry = byFile.get(fileId) ?? { file, cases: [] as vscode.TestItem[] };
      if (item.id === fileId) entry.cases = "all";
      else if (entry.cases !== "all") entry.cases.push(item);
      byFile.set(fileId, entry);
    };
    if (request.include) request.include.forEach(add);
    else this.controller.items.forEach(add);
    try {
      for (const { file, cases } of byFile.values()) {
        if (token?.isCancellationRequested) break;
        await this.refreshFile(file.uri!);
        const items: vscode.TestItem[] = [];
        file.children.forEach((c) => items.push(c));
        const chosen = cases === "all" ? items : items.filter((i) => cases.some((c) => c.id === i.id));
        for (const i of chosen) run.started(i);
        const only = cases === "all" ? undefined : chosen.map((i) => Number(i.id.split("#")[1]));
        const res = await runCases(this.lc, file.uri!.toString(), only);
        for (const p of res.problems) {
          const msg = new vscode.TestMessage(p.message);
          msg.location = new vscode.Location(file.uri!, toRange(p.range));
          for (const i of chosen) run.errored(i, msg);
        }
        for (const c of res.cases) {
          const item = items.find((i) => i.id === `${file.uri!.toString()}#${c.index}`);
          if (!item) continue;
          const messages = c.messages.map((m) => {
            const msg = new vscode.TestMessage(m.message);
            msg.location = new vscode.Location(file.uri!, toRange(m.range));
            return msg;
          });
          this.lastOutcome.set(item.id, { status: c.status, messages: c.messages.map((m) => m.message) });
          if (c.summary) run.appendOutput(`${c.name}:\r\n  ${c.summary.replace(/\n/g, "\r\n  ")}\r\n`, undefined, item);
          if (c.status === "passed") run.passed(item, c.durationMs);
          else if (c.status === "failed") run.failed(item, messages, c.durationMs);
          else run.errored(item, messages, c.durationMs);
        }
      }
    } catch (e) {
      this.log.error(`placement tests: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(`Incus: running placement tests failed: ${(e as Error).message}`);
    } finally {
      run.end();
    }
  }

  /** Runs one case (the CodeLens), through the controller so the Testing view shows it. */
  async runCase(uri: vscode.Uri, index: number): Promise<{ status: string; messages: string[] } | undefined> {
    const file = await this.refreshFile(uri);
    const item = file.children.get(`${uri.toString()}#${index}`);
    if (!item) return undefined;
    await this.run(new vscode.TestRunRequest([item]));
    return this.lastOutcome.get(item.id);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** "Run case" over each case's `name:` in a test file. */
export class PlacementTestCodeLens implements vscode.CodeLensProvider {
  constructor(private readonly lc: ScriptletLanguageClient) {}

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    try {
      const { cases } = await listCases(this.lc, doc.uri.toString());
      return cases.map((c) => new vscode.CodeLens(toRange(c.range), { title: "▶ Run case", command: "incus.runPlacementTestCase", arguments: [doc.uri, c.index] }));
    } catch {
      return [];
    }
  }
}
