// Starts the Incus scriptlet language server (out/server/src/lsp/main.js) over node IPC,
// restarts it on demand, and is the client's one way to ask it something: every custom
// request and notification is typed by the shared protocol module (server/src/lsp/protocol.ts,
// types and message names only). The server owns the clusters and runs every simulation.
import { existsSync } from "node:fs";
import * as vscode from "vscode";
import { largeStackCommand } from "../../../server/src/starlark/sandbox/native-stack";
import { LanguageClient, TransportKind, type LanguageClientOptions, type NotificationType, type RequestType, type RequestType0, type ServerOptions } from "vscode-languageclient/node";
import type { Log } from "../output";
import { readSettings } from "../settings";

export const SERVER_MODULE = "out/server/src/lsp/main.js";
export const SNAPSHOT_GLOB = "**/*.incus-cluster.{yaml,yml,json}";

/** What the client needs of a connection to the server (a LanguageClient, or a test's stdio one). */
export interface ServerChannel {
  /** `args`: the params (none for a RequestType0), then an optional cancellation token. */
  sendRequest(type: RequestType<unknown, unknown, void> | RequestType0<unknown, void>, ...args: unknown[]): Promise<unknown>;
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): vscode.Disposable;
  sendNotification<P>(type: NotificationType<P>, params: P): Promise<void>;
  stop(): Promise<void>;
}

/** Tests replace how the channel is made (a real server over stdio, no VS Code); undefined: LanguageClient. */
let channelFactory: ((log: Log) => Promise<ServerChannel>) | undefined;
export function setServerChannelFactory(factory: ((log: Log) => Promise<ServerChannel>) | undefined): void {
  channelFactory = factory;
}

export class ServerUnavailable extends Error {}

export class ScriptletLanguageClient implements vscode.Disposable {
  private channel: ServerChannel | undefined;
  private starting: Promise<ServerChannel | undefined> | undefined;
  private failure: string | undefined;
  private readonly handlers: { type: NotificationType<unknown>; handler: (p: unknown) => void }[] = [];
  private readonly attached: vscode.Disposable[] = [];
  private readonly startedEvent = new vscode.EventEmitter<void>();
  /** Fires after every (re)start: views ask again. */
  readonly onDidStart = this.startedEvent.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
  ) {}

  /** Calls `handler` for a server notification, across restarts. */
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): void {
    const entry = { type: type as NotificationType<unknown>, handler: handler as (p: unknown) => void };
    this.handlers.push(entry);
    if (this.channel) this.attached.push(this.channel.onNotification(entry.type, entry.handler));
  }

  /** A typed request; waits for a starting server, and says why when there is none. */
  async request<P, R>(type: RequestType<P, R, void>, params: P, token?: vscode.CancellationToken): Promise<R>;
  async request<R>(type: RequestType0<R, void>): Promise<R>;
  async request(type: RequestType<unknown, unknown, void> | RequestType0<unknown, void>, params?: unknown, token?: vscode.CancellationToken): Promise<unknown> {
    const channel = this.channel ?? (await (this.starting ?? this.start()));
    if (!channel) throw new ServerUnavailable(`the Incus language server is not running: ${this.failure ?? "it did not start"}`);
    if (type.numberOfParams === 0) return channel.sendRequest(type);
    return token ? channel.sendRequest(type, params, token) : channel.sendRequest(type, params);
  }

  /** A typed notification to the server (dropped, with a log line, when none is running). */
  async notify<P>(type: NotificationType<P>, params: P): Promise<void> {
    const channel = this.channel;
    if (!channel) {
      this.log.error(`${type.method}: the language server is not running`);
      return;
    }
    await channel.sendNotification(type, params);
  }

  start(): Promise<ServerChannel | undefined> {
    this.starting ??= this.open().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async open(): Promise<ServerChannel | undefined> {
    try {
      const channel = channelFactory ? await channelFactory(this.log) : await this.openLanguageClient();
      this.channel = channel;
      this.failure = undefined;
      for (const h of this.handlers) this.attached.push(channel.onNotification(h.type, h.handler));
      this.log.info("language server started");
      this.startedEvent.fire();
      return channel;
    } catch (e) {
      this.failure = (e as Error).message;
      this.log.error(`language server failed to start: ${this.failure}`);
      void vscode.window.showErrorMessage(`Incus: the language server failed to start: ${this.failure}`);
      return undefined;
    }
  }

  private async openLanguageClient(): Promise<ServerChannel> {
    const module = this.context.asAbsolutePath(SERVER_MODULE);
    if (!existsSync(module)) throw new Error(`${module} is missing (build with npm run build)`);
    // The server reaches remotes through the incus client config: give it the one `incus.configPath` names.
    const configPath = readSettings().configPath;
    const env = configPath ? { ...process.env, INCUS_CONF: configPath } : process.env;
    // The server runs on a large native stack, so that it follows a scriptlet nested as deep
    // as Incus does (server/src/lsp/main.ts): started through a shell that raises the stack
    // limit and execs Node (one Node start), or where that is not available started plainly,
    // and it relaunches itself if it can. ELECTRON_RUN_AS_NODE: the extension host's binary
    // may be Electron's. The debug launch is one process the debugger attaches to (no relaunch).
    const large = largeStackCommand([module]);
    const asNode = { ...env, ELECTRON_RUN_AS_NODE: "1" };
    const debugArgs = ["--nolazy", "--inspect=6009", module];
    const serverOptions: ServerOptions = large
      ? {
          run: { command: large.command, args: large.args, transport: TransportKind.stdio, options: { env: { ...asNode, ...large.env } } },
          debug: { command: process.execPath, args: debugArgs, transport: TransportKind.stdio, options: { env: { ...asNode, INCUS_SCRIPTLET_STACK_KB: "debug" } } },
        }
      : {
          run: { module, transport: TransportKind.stdio, options: { env } },
          debug: { module, transport: TransportKind.ipc, options: { env, execArgv: debugArgs.slice(0, 2) } },
        };
    const watcher = vscode.workspace.createFileSystemWatcher(SNAPSHOT_GLOB);
    this.attached.push(watcher);
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: "incus-scriptlet", scheme: "file" },
        { language: "incus-scriptlet", scheme: "untitled" },
        { language: "incus-scriptlet", scheme: "incus" },
        { language: "incus-yaml", scheme: "file" },
        { language: "incus-yaml", scheme: "untitled" },
        { language: "incus-yaml", scheme: "incus" },
        { scheme: "file", pattern: "**/*.placement.test.{yaml,yml}" },
      ],
      // Settings and snapshot files: the server loads clusters, so it hears of both.
      synchronize: { configurationSection: "incus", fileEvents: watcher },
      outputChannel: this.log.channel,
    };
    const client = new LanguageClient("incus-scriptlet", "Incus scriptlet language server", serverOptions, clientOptions);
    await client.start();
    return {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      sendRequest: (type, ...args) => (client.sendRequest as (...a: any[]) => Promise<unknown>)(type, ...args),
      onNotification: (type, handler) => client.onNotification(type, handler),
      sendNotification: (type, params) => client.sendNotification(type as NotificationType<unknown>, params),
      stop: () => client.stop(),
    };
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const c = this.channel;
    this.channel = undefined;
    for (const d of this.attached.splice(0)) d.dispose();
    if (c) {
      try {
        await c.stop();
      } catch (e) {
        this.log.error(`stopping the language server: ${(e as Error).message}`);
      }
    }
  }

  dispose(): void {
    this.startedEvent.dispose();
    void this.stop();
  }
}
