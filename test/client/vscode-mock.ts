// Just enough of the `vscode` module to activate the extension under node --test: commands,
// settings, output, tree view, webview, dialogs (scripted answers), documents read from disk.
// Anything not modelled here is a dummy constructor, so vscode-languageclient can load.
import Module from "node:module";
import { readFileSync } from "node:fs";
import * as path from "node:path";

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (l: Listener<T>) => {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  dispose(): void {
    this.fn();
  }
  static from(...ds: { dispose(): void }[]) {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
}

class Uri {
  constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  get fsPath(): string {
    return this.path;
  }
  static file(p: string): Uri {
    return new Uri("file", path.resolve(p));
  }
  static parse(s: string): Uri {
    const m = /^([a-z][a-z0-9+.-]*):(?:\/\/)?(.*)$/i.exec(s);
    return m ? new Uri(m[1], m[2].startsWith("/") ? m[2] : "/" + m[2]) : new Uri("file", s);
  }
  static from(c: { scheme: string; path: string }): Uri {
    return new Uri(c.scheme, c.path);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, path.posix.join(base.path, ...parts));
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: number | Position, b: number | Position, c?: number, d?: number) {
    this.start = typeof a === "number" ? new Position(a, b as number) : a;
    this.end = typeof a === "number" ? new Position(c!, d!) : (b as Position);
  }
  with(start?: Position, end?: Position): Range {
    return new Range(start ?? this.start, end ?? this.end);
  }
}

export class MockDocument {
  static fromFile(file: string): MockDocument {
    return new MockDocument(Uri.file(file), readFileSync(file, "utf8"));
  }
  readonly lines: string[];
  constructor(
    readonly uri: Uri,
    private readonly text: string,
    readonly languageId = "incus-scriptlet",
  ) {
    this.lines = text.split("\n");
  }
  getText(): string {
    return this.text;
  }
  get lineCount(): number {
    return this.lines.length;
  }
  lineAt(line: number) {
    const text = this.lines[line] ?? "";
    return { text, range: new Range(line, 0, line, text.length) };
  }
  save(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

export interface MockState {
  commands: Map<string, (...args: unknown[]) => unknown>;
  settings: Map<string, unknown>;
  output: string[];
  messages: { kind: string; text: string; detail?: string }[];
  /** Answers for showQuickPick/showInputBox/modal messages, taken in order (label text or a predicate). */
  answers: unknown[];
  webviews: { html: string; title: string }[];
  diagnostics: Map<string, unknown[]>;
  statusItems: { text: string; tooltip: unknown; backgroundColor?: { id: string } }[];
  /** setContext keys (when clauses). */
  contexts: Map<string, unknown>;
  treeProviders: Map<string, unknown>;
  configurationChanged: EventEmitter<{ affectsConfiguration(s: string): boolean }>;
  documentSaved: EventEmitter<unknown>;
}

export function installVscodeMock(): MockState {
  const state: MockState = {
    commands: new Map(),
    settings: new Map(),
    output: [],
    messages: [],
    answers: [],
    webviews: [],
    diagnostics: new Map(),
    statusItems: [],
    contexts: new Map(),
    treeProviders: new Map(),
    configurationChanged: new EventEmitter(),
    documentSaved: new EventEmitter(),
  };
  const noEvent = () => ({ dispose: () => undefined });
  const channel = () => {
    const log = (level: string) => (s: string) => state.output.push(`${level} ${s}`);
    return { info: log("info"), error: log("error"), warn: log("warn"), debug: log("debug"), trace: log("trace"), append: log("raw"), appendLine: log("raw"), show: () => undefined, dispose: () => undefined, onDidChangeLogLevel: noEvent, logLevel: 2, name: "Incus", replace: () => undefined, clear: () => undefined, hide: () => undefined };
  };
  const message = (kind: string) => async (text: string, ...rest: unknown[]) => {
    const opts = typeof rest[0] === "object" && rest[0] !== null ? (rest[0] as { modal?: boolean; detail?: string }) : undefined;
    state.messages.push({ kind, text, detail: opts?.detail });
    if (opts?.modal) return state.answers.shift();
    return undefined;
  };
  const vscode: Record<string, unknown> = {
    EventEmitter,
    Disposable,
    Uri,
    Range,
    Position,
    ThemeIcon: class {
      constructor(
        readonly id: string,
        readonly color?: unknown,
      ) {}
    },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    MarkdownString: class {
      isTrusted?: unknown;
      constructor(public value = "") {}
      appendMarkdown(text: string) {
        this.value += text;
        return this;
      }
    },
    TreeItem: class {
      constructor(
        readonly label: string,
        readonly collapsibleState: number,
      ) {}
    },
    CodeLens: class {
      constructor(
        readonly range: Range,
        readonly command: unknown,
      ) {}
    },
    Diagnostic: class {
      source?: string;
      constructor(
        readonly range: Range,
        readonly message: string,
        readonly severity: number,
      ) {}
    },
    SnippetString: class {
      constructor(readonly value: string) {}
    },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    FileType: { Unknown: 0, File: 1, Directory: 2 },
    FileChangeType: { Changed: 1, Created: 2, Deleted: 3 },
    FileSystemError: Object.assign(class extends Error {}, {
      FileNotFound: (m: unknown) => new Error(`FileNotFound: ${String(m)}`),
      NoPermissions: (m: unknown) => new Error(`NoPermissions: ${String(m)}`),
      Unavailable: (m: unknown) => new Error(`Unavailable: ${String(m)}`),
    }),
    commands: {
      registerCommand: (id: string, fn: (...a: unknown[]) => unknown) => {
        if (state.commands.has(id)) throw new Error(`command ${id} registered twice`);
        state.commands.set(id, fn);
        return new Disposable(() => state.commands.delete(id));
      },
      executeCommand: async (id: string, ...args: unknown[]) => {
        if (id === "setContext") {
          state.contexts.set(args[0] as string, args[1]);
          return undefined;
        }
        const fn = state.commands.get(id);
        if (!fn) throw new Error(`command ${id} not found`);
        return fn(...args);
      },
    },
    window: {
      createOutputChannel: channel,
      createStatusBarItem: () => {
        const item: MockState["statusItems"][number] & { show(): void; dispose(): void } = { text: "", tooltip: "", show: () => undefined, dispose: () => undefined };
        state.statusItems.push(item);
        return item;
      },
      createTreeView: (id: string, opts: { treeDataProvider: unknown }) => {
        state.treeProviders.set(id, opts.treeDataProvider);
        return { dispose: () => undefined };
      },
      createWebviewPanel: () => {
        const view = { html: "", title: "" };
        state.webviews.push(view);
        const panel = {
          webview: {
            cspSource: "vscode-resource:",
            get html() {
              return view.html;
            },
            set html(h: string) {
              view.html = h;
            },
          },
          set title(t: string) {
            view.title = t;
          },
          reveal: () => undefined,
          onDidDispose: noEvent,
          dispose: () => undefined,
        };
        return panel;
      },
      showInformationMessage: message("info"),
      showWarningMessage: message("warning"),
      showErrorMessage: message("error"),
      showQuickPick: async (items: { label: string }[] | Promise<{ label: string }[]>, options?: { canPickMany?: boolean }) => {
        const list = await items;
        const want = state.answers.shift();
        const match = (w: unknown) => list.find((i) => i.label === w || i.label.endsWith(String(w)));
        if (options?.canPickMany) return Array.isArray(want) ? want.map(match).filter(Boolean) : undefined;
        return match(want);
      },
      showInputBox: async () => state.answers.shift() as string | undefined,
      showSaveDialog: async () => undefined,
      withProgress: (_o: unknown, fn: (p: unknown, t: unknown) => unknown) => fn({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: noEvent }),
      showTextDocument: async () => ({ insertSnippet: async () => true }),
      activeTextEditor: undefined,
    },
    workspace: {
      getConfiguration: (section: string) => ({
        get: (key: string) => state.settings.get(`${section}.${key}`),
        update: async (key: string, value: unknown) => {
          state.settings.set(`${section}.${key}`, value);
          state.configurationChanged.fire({ affectsConfiguration: (s: string) => `${section}.${key}`.startsWith(s) });
        },
      }),
      onDidChangeConfiguration: state.configurationChanged.event,
      createFileSystemWatcher: () => ({ onDidChange: noEvent, onDidCreate: noEvent, onDidDelete: noEvent, dispose: () => undefined }),
      findFiles: async () => [],
      asRelativePath: (u: Uri) => u.fsPath,
      workspaceFolders: undefined,
      registerFileSystemProvider: () => new Disposable(),
      onDidSaveTextDocument: state.documentSaved.event,
      onDidChangeTextDocument: noEvent,
      onDidOpenTextDocument: noEvent,
      textDocuments: [],
      openTextDocument: async (arg: Uri | { language: string; content: string }) => {
        if (arg instanceof Uri) return new MockDocument(arg, readFileSync(arg.fsPath, "utf8"));
        return new MockDocument(Uri.parse("untitled:Untitled-1"), arg.content, arg.language);
      },
    },
    // The Test Explorer (placement tests of the scenarios feature): a controller that keeps its items.
    tests: {
      createTestController: (id: string, label: string) => {
        const items = new Map<string, unknown>();
        const collection = {
          add: (i: { id: string }) => items.set(i.id, i),
          delete: (id: string) => items.delete(id),
          get: (id: string) => items.get(id),
          replace: (list: { id: string }[]) => {
            items.clear();
            for (const i of list) items.set(i.id, i);
          },
          forEach: (f: (i: unknown) => void) => items.forEach((i) => f(i)),
          get size() {
            return items.size;
          },
        };
        const item = (itemId: string, itemLabel: string, uri?: unknown) => ({ id: itemId, label: itemLabel, uri, children: { ...collection, add: () => undefined, replace: () => undefined, forEach: () => undefined, size: 0 }, canResolveChildren: false });
        return { id, label, items: collection, createTestItem: item, createRunProfile: () => ({ dispose: () => undefined }), createTestRun: () => ({ started: () => undefined, passed: () => undefined, failed: () => undefined, errored: () => undefined, skipped: () => undefined, appendOutput: () => undefined, end: () => undefined }), dispose: () => undefined };
      },
    },
    TestRunProfileKind: { Run: 1, Debug: 2, Coverage: 3 },
    languages: {
      registerCodeLensProvider: () => new Disposable(),
      createDiagnosticCollection: () => ({
        set: (uri: Uri, list: unknown[]) => state.diagnostics.set(uri.toString(), list),
        dispose: () => undefined,
      }),
    },
  };
  const dummy = function Dummy() {} as unknown;
  const proxy = new Proxy(vscode, { get: (t, p) => (p in t ? t[p as string] : typeof p === "string" && p !== "then" ? dummy : undefined) });
  const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
  const original = M._load;
  M._load = function (req: string, ...rest: unknown[]) {
    if (req === "vscode") return proxy;
    return original.call(this, req, ...rest);
  };
  return state;
}
