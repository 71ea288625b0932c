// The "Incus" output channel: every run, every Incus refusal, every event-stream hiccup goes here
// so nothing the extension does is silent. A log channel, so the language client can share it.
import * as vscode from "vscode";

export class Log implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel("Incus", { log: true });
  }

  info(line: string): void {
    this.channel.info(line);
  }

  error(line: string): void {
    this.channel.error(line);
  }

  /** A multi-line report (a placement result) as one entry. */
  block(title: string, text: string): void {
    this.channel.info(`${title}\n${text.replace(/\n+$/, "")}`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
