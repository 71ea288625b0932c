// Helpers for the scenarios: files in the test workspace, the extension, the Incus test cluster.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { waitFor } from "./protocol";

export const EXTENSION_ID = "incus-tools.incus-scriptlet";
export const SAMPLE_MEMBERS = ["node01", "node02", "node03", "node04", "node05", "node06"];

export function workspaceDir(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error("the e2e runner opens a workspace folder; none is open");
  return f.uri.fsPath;
}

/** Activates the extension (installed or under development); fails if it is missing or throws. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) {
    const ids = vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith("vscode."));
    throw new Error(`extension ${EXTENSION_ID} is not loaded (loaded: ${ids.join(", ") || "only built-in ones"})`);
  }
  await ext.activate();
  return ext;
}

/** Writes `text` to WORKSPACE/name, opens it in an editor. */
export async function openScriptlet(name: string, text: string): Promise<vscode.TextEditor> {
  const file = path.join(workspaceDir(), name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  if (doc.languageId !== "incus-scriptlet") throw new Error(`${name} opened as ${doc.languageId}, not incus-scriptlet`);
  return editor;
}

export async function commandExists(id: string): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(id);
}

/** Skip reason when one of the commands is not contributed (yet). */
export async function missingCommands(...ids: string[]): Promise<string | undefined> {
  const all = new Set(await vscode.commands.getCommands(true));
  const missing = ids.filter((id) => !all.has(id));
  return missing.length ? `the extension has no command ${missing.join(", ")} (yet)` : undefined;
}

export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not in ${doc.uri.fsPath}`);
  return doc.positionAt(i + needle.length + delta);
}

export async function diagnosticsMatching(uri: vscode.Uri, pred: (ds: readonly vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 30000): Promise<readonly vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const ds = vscode.languages.getDiagnostics(uri);
    return pred(ds) ? ds : undefined;
  }, timeoutMs).catch((e: Error) => {
    const now = vscode.languages.getDiagnostics(uri).map((d) => `${vscode.DiagnosticSeverity[d.severity]} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
    throw new Error(`${e.message}; diagnostics now: ${JSON.stringify(now, null, 1)}`);
  });
}

// ---- the Incus test cluster (tools/incus-cluster) ---------------------------------------------
export const INCUS_TEST_DIR = process.env.INCUS_TEST_DIR || "/tmp/incus-test";
export const REAL_SOCKET = path.join(INCUS_TEST_DIR, "m1", "unix.socket");
export const REAL_MEMBERS = ["node1", "node2", "node3"];

/** The incus CLI's environment: node1's socket, the test cluster's own client config. */
export function incusEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    INCUS_DIR: path.join(INCUS_TEST_DIR, "m1"),
    INCUS_CONF: path.join(INCUS_TEST_DIR, "client"),
    INCUS_SOCKET: "",
    LANG: "C.UTF-8",
  };
}

/** The remote of the extension's incus config that is the test cluster (tools/e2e/run.mjs writes it). */
export const E2E_REMOTE = process.env.E2E_INCUS_REMOTE || "e2e";

/**
 * Runs the incus CLI against node1 of the test cluster; resolves to stdout, rejects with stderr.
 * stdin is /dev/null: `incus create` reads a YAML config from a stdin that is not a terminal.
 */
export function incus(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn("incus", args, { env: incusEnv(), stdio: ["ignore", "pipe", "pipe"], timeout: 120000 });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("error", reject);
    p.on("close", (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`incus ${args.join(" ")}: ${err.trim() || `exit ${code ?? signal}`}`));
    });
  });
}

export async function realClusterSkip(): Promise<{ reason: string; required: true } | undefined> {
  if (!fs.existsSync(REAL_SOCKET)) return { reason: `no Incus test cluster (${REAL_SOCKET}); start it with tools/incus-cluster/start.sh`, required: true };
  try {
    const members = JSON.parse(await incus("cluster", "list", "--format", "json")) as { server_name: string }[];
    const names = members.map((m) => m.server_name).sort();
    if (names.join() !== REAL_MEMBERS.join()) return { reason: `the test cluster has members ${names.join(", ")}, not ${REAL_MEMBERS.join(", ")}`, required: true };
  } catch (e) {
    return { reason: `the Incus test cluster does not answer: ${(e as Error).message}`, required: true };
  }
  return undefined;
}

export async function instanceLocation(name: string, project = "default"): Promise<string> {
  const info = JSON.parse(await incus("query", `/1.0/instances/${name}?project=${project}`)) as { location: string };
  return info.location;
}
