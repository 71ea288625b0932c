// Starts the Incus scriptlet language server (out/server/src/lsp/main.js) over node IPC and
// restarts it on demand. The server reads the `incus` settings through workspace/configuration.
import { existsSync } from "node:fs";
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { incusEnv } from "../clusters/cluster-loader";
import type { Log } from "../output";
import { readSettings } from "../settings";

export const SERVER_MODULE = "out/server/src/lsp/main.js";
export const RUN_PLACEMENT_REQUEST = "incus/runPlacement";
export const REFRESH_CLUSTER_REQUEST = "incus/refreshCluster";

export class ScriptletLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
  ) {}

  get running(): LanguageClient | undefined {
    return this.client?.isRunning() ? this.client : undefined;
  }

  async start(): Promise<void> {
    const module = this.context.asAbsolutePath(SERVER_MODULE);
    if (!existsSync(module)) {
      this.log.error(`language server not found at ${module}: editing features are off (build with npm run build)`);
      return;
    }
    // The server reaches remotes through the incus client config: give it the one `incus.configPath` names.
    const env = incusEnv(readSettings().configPath);
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { env } },
      debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ["--nolazy", "--inspect=6009"] } },
    };
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
      synchronize: { configurationSection: "incus" },
      outputChannel: this.log.channel,
    };
    this.client = new LanguageClient("incus-scriptlet", "Incus scriptlet language server", serverOptions, clientOptions);
    try {
      await this.client.start();
      this.log.info("language server started");
    } catch (e) {
      this.log.error(`language server failed to start: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(`Incus: the language server failed to start: ${(e as Error).message}`, "Show output").then((a) => {
        if (a) this.log.show();
      });
    }
  }

  /** Asks the server to reload its active cluster (after a refresh, an Incus event, a change we made). */
  async refreshCluster(): Promise<void> {
    const c = this.running;
    if (!c) return;
    try {
      await c.sendRequest(REFRESH_CLUSTER_REQUEST);
    } catch (e) {
      this.log.error(`${REFRESH_CLUSTER_REQUEST}: ${(e as Error).message}`);
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) {
      try {
        await c.stop();
      } catch (e) {
        this.log.error(`stopping the language server: ${(e as Error).message}`);
      }
    }
  }

  dispose(): void {
    void this.stop();
  }
}
