// Spawns the real language server (`incus-scriptlet lsp --stdio`) and talks to it over the
// protocol, as an editor does. Collects published diagnostics per URI.
import { fork, spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
  InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification, ConfigurationRequest, ShutdownRequest, ExitNotification, type Diagnostic,
  DidChangeConfigurationNotification,
} from "vscode-languageserver-protocol/node";

import { Requests } from "../../server/src/lsp/protocol";

export const BIN = path.resolve(__dirname, "../../../bin/incus-scriptlet.js");

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  private readonly diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  private readonly waiters: { uri: string; resolve: (d: Diagnostic[]) => void; minVersion?: number }[] = [];
  settings: Record<string, unknown>;
  stderr = "";

  /** `server`: the Node arguments that start the server (default: the CLI's `lsp --stdio`).
   *  `launch.fork`: start it as VS Code's language client does (child_process.fork of the
   *  module, which also opens an IPC channel, speaking over stdio); `launch.env`: its
   *  environment; `launch.command`: the program `server` are the arguments of (default: Node). */
  constructor(settings: Record<string, unknown> = {}, server: string[] = [BIN, "lsp", "--stdio"], launch: { fork?: boolean; env?: NodeJS.ProcessEnv; command?: string } = {}) {
    this.settings = settings;
    const env = launch.env ?? process.env;
    this.proc = launch.fork
      ? fork(server[0], server.slice(1), { silent: true, env })
      : spawn(launch.command ?? process.execPath, server, { stdio: ["pipe", "pipe", "pipe"], env });
    this.proc.stderr!.on("data", (d) => (this.stderr += String(d)));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === "incus" ? this.settings : null)));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && (w.minVersion === undefined || (p.version ?? 0) >= w.minVersion)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    this.conn.listen();
  }

  async initialize(): Promise<void> {
    await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
      workspaceFolders: null,
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
  }

  /** Opens a document and waits for its first diagnostics. */
  open(uri: string, text: string, version = 1, languageId = uri.endsWith(".star") ? "incus-scriptlet" : "incus-yaml"): Promise<Diagnostic[]> {
    const p = this.nextDiagnostics(uri, version);
    void this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    return p;
  }

  change(uri: string, text: string, version: number): Promise<Diagnostic[]> {
    const p = this.nextDiagnostics(uri, version);
    void this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return p;
  }

  async setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { incus: settings } });
    // The server applies settings asynchronously (it pulls them back); this request answers
    // once it has reloaded them.
    await this.conn.sendRequest(Requests.refresh, {});
  }

  nextDiagnostics(uri: string, minVersion?: number, timeoutMs = 20000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; server stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, minVersion, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  async close(): Promise<void> {
    try {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    this.conn.dispose();
    this.proc.kill();
  }
}
