// Getting connected: add or remove a remote (with a trust token or by certificate, through the
// `incus` command line, exactly as `incus remote add` does it), use the local socket, open a
// snapshot file or the sample, start the walkthrough. The welcome view's buttons run these.
import { execFile } from "node:child_process";
import * as vscode from "vscode";
import type { Services } from "../services";
import { readSettings, writeActiveCluster } from "../settings";
import { errorMessage } from "../util/errors";
import { isNode } from "./targets";

export const WALKTHROUGH = "incus-tools.incus-scriptlet#gettingStarted";

export function registerOnboardingCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand("incus.addRemote", (arg?: AddRemoteArg) => addRemote(s, arg)),
    vscode.commands.registerCommand("incus.removeRemote", (arg?: unknown) => removeRemote(s, arg)),
    vscode.commands.registerCommand("incus.useLocalSocket", () => useConnection(s, "remote:local")),
    vscode.commands.registerCommand("incus.openSampleCluster", () => useConnection(s, "sample")),
    vscode.commands.registerCommand("incus.openSnapshot", (arg?: { file?: string }) => openSnapshot(s, arg)),
    vscode.commands.registerCommand("incus.startWalkthrough", () => vscode.commands.executeCommand("workbench.action.openWalkthrough", WALKTHROUGH, false)),
  ];
}

interface AddRemoteArg {
  name?: string;
  address?: string;
  /** A trust token from `incus config trust add` on the server; without one the client's certificate must already be trusted. */
  token?: string;
}

/** Runs the incus command line with the configuration the extension uses (incus.configPath). */
export function runIncus(args: string[]): Promise<string> {
  const configPath = readSettings().configPath;
  const env = configPath ? { ...process.env, INCUS_CONF: configPath } : process.env;
  return new Promise((resolve, reject) =>
    execFile("incus", args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const why = (err as NodeJS.ErrnoException).code === "ENOENT" ? "the incus command line is not installed (it keeps the remotes and the client certificate)" : (stderr.trim() || err.message).replace(/^Error: /, "");
      reject(new Error(why));
    }),
  );
}

async function addRemote(s: Services, arg: AddRemoteArg = {}): Promise<string | undefined> {
  const name = arg.name ?? (await vscode.window.showInputBox({ title: "Add Incus remote: name", prompt: "How the remote is called here and in `incus`", validateInput: (t) => (/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(t) ? undefined : "Letters, digits, - _ ."), }));
  if (!name) return undefined;
  const address = arg.address ?? (await vscode.window.showInputBox({ title: `Add Incus remote ${name}: address`, prompt: "https://HOST:8443 (or HOST)", placeHolder: "https://incus.example.net:8443" }));
  if (!address) return undefined;
  const token =
    arg.token ??
    (await vscode.window.showInputBox({
      title: `Add Incus remote ${name}: trust token`,
      prompt: "A token from `incus config trust add NAME` on the server. Leave empty if this client's certificate is already trusted there.",
      password: true,
    }));
  if (token === undefined) return undefined;
  const args = ["remote", "add", name, address, "--accept-certificate", ...(token ? ["--token", token] : [])];
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Adding remote ${name} (${address})…` }, () => runIncus(args));
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: adding remote ${name} failed: ${errorMessage(e)}`);
    return undefined;
  }
  s.log.info(`added remote ${name} at ${address}`);
  await s.registry.refresh();
  const use = arg.name ? undefined : await vscode.window.showInformationMessage(`Remote ${name} added.`, "Make it the active cluster");
  if (use) await writeActiveCluster(`remote:${name}`);
  return name;
}

async function removeRemote(s: Services, arg: unknown): Promise<boolean> {
  let name: string | undefined;
  if (isNode(arg)) name = arg.ref.connection.startsWith("remote:") ? arg.ref.connection.slice("remote:".length) : undefined;
  else if (typeof arg === "string") name = arg.replace(/^remote:/, "");
  else if (typeof arg === "object" && arg !== null && typeof (arg as { remote?: unknown }).remote === "string") name = (arg as { remote: string }).remote;
  if (!name) {
    const list = await s.registry.connections();
    name = (await vscode.window.showQuickPick(list.connections.filter((c) => c.kind === "remote" && c.label !== "local").map((c) => c.label), { title: "Remove which remote?" })) ?? undefined;
  }
  if (!name) return false;
  if (name === "local") {
    void vscode.window.showErrorMessage("Incus: the local remote is built in; it cannot be removed.");
    return false;
  }
  const confirm = await vscode.window.showWarningMessage(`Remove remote ${name} from the incus client configuration?`, { modal: true, detail: "The server and its instances are not touched; only this client forgets how to reach it." }, "Remove");
  if (confirm !== "Remove") return false;
  try {
    await runIncus(["remote", "remove", name]);
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: removing remote ${name} failed: ${errorMessage(e)}`);
    return false;
  }
  s.log.info(`removed remote ${name}`);
  if (readSettings().activeCluster === `remote:${name}`) await writeActiveCluster("sample");
  await s.registry.refresh();
  return true;
}

async function useConnection(s: Services, setting: string): Promise<string> {
  await writeActiveCluster(setting);
  s.log.info(`active cluster: ${setting}`);
  await vscode.commands.executeCommand("incus.clusters.focus").then(undefined, () => undefined);
  return setting;
}

async function openSnapshot(s: Services, arg: { file?: string } = {}): Promise<string | undefined> {
  let file = arg.file;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({ title: "Open a cluster snapshot", canSelectMany: false, filters: { "Cluster snapshot": ["yaml", "yml", "json"] } });
    file = picked?.[0]?.fsPath;
  }
  if (!file) return undefined;
  return useConnection(s, file);
}
