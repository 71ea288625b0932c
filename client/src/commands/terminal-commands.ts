// Shell and console of a running instance, in the integrated terminal.
import * as vscode from "vscode";
import type { Services } from "../services";
import { TerminalRouter } from "../terminal/instance-terminal";
import { isNode } from "./targets";

export function registerTerminalCommands(s: Services): vscode.Disposable[] {
  const router = new TerminalRouter(s.languageClient);
  const open = (kind: "shell" | "console") => (arg?: unknown) => {
    const target = targetOf(arg);
    if (!target) {
      void vscode.window.showErrorMessage(`Incus: choose a running instance of a live cluster in the sidebar to open its ${kind}.`);
      return undefined;
    }
    return router.show({ ...target, kind, command: (arg as { command?: string[] } | undefined)?.command });
  };
  return [vscode.commands.registerCommand("incus.shellInstance", open("shell")), vscode.commands.registerCommand("incus.consoleInstance", open("console"))];
}

function targetOf(arg: unknown): { connection: string; project: string; instance: string } | undefined {
  if (isNode(arg) && arg.ref.kind === "instance" && arg.live) return { connection: arg.ref.connection, project: arg.ref.project, instance: arg.ref.instance };
  if (typeof arg === "object" && arg !== null && typeof (arg as { instance?: unknown }).instance === "string" && typeof (arg as { remote?: unknown }).remote === "string") {
    const a = arg as { remote: string; instance: string; project?: string };
    return { connection: `remote:${a.remote}`, project: a.project ?? "default", instance: a.instance };
  }
  return undefined;
}
