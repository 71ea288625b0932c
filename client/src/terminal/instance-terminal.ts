// A shell or the text console of an instance in VS Code's integrated terminal: a
// Pseudoterminal whose bytes the language server relays to and from Incus (exec or console
// websockets). Resizing the panel resizes the remote terminal.
import * as vscode from "vscode";
import type { NotificationType } from "vscode-languageclient";
import type { ScriptletLanguageClient } from "../language/language-client";
import { Notifications, Requests, type TerminalOpenParams } from "../../../server/src/lsp/protocol";

/** Routes the server's terminal notifications to the open terminals (one subscription for all). */
export class TerminalRouter {
  private readonly open = new Map<string, InstancePty>();

  constructor(private readonly server: ScriptletLanguageClient) {
    server.onNotification(Notifications.terminalOutput, (p) => this.open.get(p.id)?.write(p.data));
    server.onNotification(Notifications.terminalExit, (p) => this.open.get(p.id)?.ended(p.code, p.error));
  }

  attach(id: string, pty: InstancePty): void {
    this.open.set(id, pty);
  }

  detach(id: string): void {
    this.open.delete(id);
  }

  /** Opens `kind` for an instance in a new terminal named after it. */
  show(target: Omit<TerminalOpenParams, "cols" | "rows">): vscode.Terminal {
    const pty = new InstancePty(this.server, this, target);
    const remote = target.connection.replace(/^remote:/, "");
    const terminal = vscode.window.createTerminal({ name: `${target.kind === "console" ? "console" : "shell"}: ${target.instance} (${remote})`, pty, iconPath: new vscode.ThemeIcon(target.kind === "console" ? "vm-connect" : "terminal") });
    terminal.show();
    return terminal;
  }
}

export class InstancePty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private id: string | undefined;

  constructor(
    private readonly server: ScriptletLanguageClient,
    private readonly router: TerminalRouter,
    private readonly target: Omit<TerminalOpenParams, "cols" | "rows">,
  ) {}

  async open(dims: vscode.TerminalDimensions | undefined): Promise<void> {
    const what = this.target.kind === "console" ? "the console of" : "a shell in";
    this.writeEmitter.fire(`\x1b[2mConnecting to ${what} ${this.target.instance}…\x1b[0m\r\n`);
    let answer;
    try {
      answer = await this.server.request(Requests.terminalOpen, { ...this.target, cols: dims?.columns ?? 80, rows: dims?.rows ?? 24 });
    } catch (e) {
      answer = { ok: false as const, error: (e as Error).message };
    }
    if (!answer.ok) {
      this.writeEmitter.fire(`\x1b[31mCannot open ${what} ${this.target.instance}: ${answer.error}\x1b[0m\r\n`);
      return;
    }
    this.id = answer.id;
    this.router.attach(answer.id, this);
    if (this.target.kind === "console") this.writeEmitter.fire("\x1b[2m(Console attached. Closing this terminal detaches it; the instance keeps running.)\x1b[0m\r\n");
  }

  write(data: string): void {
    this.writeEmitter.fire(data);
  }

  ended(code: number | undefined, error?: string): void {
    if (this.id) this.router.detach(this.id);
    this.id = undefined;
    this.writeEmitter.fire(`\r\n\x1b[2m[${error ? `disconnected: ${error}` : code === undefined ? "session ended" : `exited with code ${code}`}]\x1b[0m\r\n`);
    this.closeEmitter.fire(code ?? undefined);
  }

  handleInput(data: string): void {
    if (this.id) void this.send(Notifications.terminalInput, { id: this.id, data });
  }

  setDimensions(dims: vscode.TerminalDimensions): void {
    if (this.id) void this.send(Notifications.terminalResize, { id: this.id, cols: dims.columns, rows: dims.rows });
  }

  close(): void {
    if (this.id) {
      void this.send(Notifications.terminalClose, { id: this.id });
      this.router.detach(this.id);
      this.id = undefined;
    }
  }

  private send<P>(type: NotificationType<P>, params: P): Promise<void> {
    return this.server.notify(type, params);
  }
}
