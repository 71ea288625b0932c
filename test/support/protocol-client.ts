// The real language server (out/server/src/lsp/main.js) over stdio, spoken to through the shared
// protocol module as the VS Code client does: typed custom requests, the settings it pulls
// (workspace/configuration), the notifications it sends, published diagnostics.
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection, type NotificationType, type RequestType, type RequestType0, CancellationTokenSource } from "vscode-jsonrpc/node";

export const SERVER = path.resolve(__dirname, "../../server/src/lsp/main.js");

export interface ProtocolClientOptions {
  /** The `incus` settings section (nested, as VS Code sends it). */
  settings?: () => Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  rootUri?: string | null;
}

export class ProtocolClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly diagnostics = new Map<string, { message: string; code?: string | number; range: { start: { line: number } } }[]>();
  stderr = "";
  private readonly settings: () => Record<string, unknown>;

  constructor(private readonly options: ProtocolClientOptions = {}) {
    this.settings = options.settings ?? (() => ({}));
    this.proc = spawn(process.execPath, [SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"], env: options.env ?? process.env });
    this.proc.stderr!.on("data", (d) => (this.stderr += String(d)));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onRequest("workspace/configuration", (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === "incus" ? this.settings() : null)));
    this.conn.onRequest("workspace/codeLens/refresh", () => null);
    this.conn.onRequest("client/registerCapability", () => null);
    this.conn.onNotification("textDocument/publishDiagnostics", (p: { uri: string; diagnostics: never[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
    });
    this.conn.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
    });
    this.conn.listen();
  }

  async initialize(): Promise<void> {
    await this.conn.sendRequest("initialize", {
      processId: process.pid,
      rootUri: this.options.rootUri ?? null,
      capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true } } },
      workspaceFolders: null,
    });
    await this.conn.sendNotification("initialized", {});
  }

  /** Tells the server the settings changed (it pulls them again). */
  settingsChanged(): Promise<void> {
    return this.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
  }

  request<P, R>(type: RequestType<P, R, void>, params: P, cancelAfterMs?: number): Promise<R>;
  request<R>(type: RequestType0<R, void>): Promise<R>;
  request(type: RequestType<unknown, unknown, void> | RequestType0<unknown, void>, params?: unknown, cancelAfterMs?: number): Promise<unknown> {
    if (type.numberOfParams === 0) return this.conn.sendRequest(type as RequestType0<unknown, void>);
    if (cancelAfterMs === undefined) return this.conn.sendRequest(type as RequestType<unknown, unknown, void>, params);
    const source = new CancellationTokenSource();
    setTimeout(() => source.cancel(), cancelAfterMs);
    return this.conn.sendRequest(type as RequestType<unknown, unknown, void>, params, source.token);
  }

  onNotification<P>(type: NotificationType<P>, handler: (p: P) => void) {
    return this.conn.onNotification(type, handler);
  }

  open(uri: string, text: string, languageId = "incus-scriptlet", version = 1): Promise<void> {
    return this.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version, text } });
  }

  /** Waits for `cond`, polling (the server answers asynchronously). */
  async waitFor(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; server stderr: ${this.stderr.slice(-500)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 2000))]);
      void this.conn.sendNotification("exit");
    } catch {
      // already gone
    }
    this.conn.dispose();
    this.proc.kill();
  }
}
