// Files inside an instance as a file system: `incus-files:/REMOTE/PROJECT/INSTANCE/path`. The
// server does the work through Incus's file API (server/src/incus/client/files.ts): browse,
// open, save, create, make folders, delete, rename a file. Incus has no ETag for files, so each
// save sends the hash of the bytes this window read; the server refuses to overwrite a file
// that changed since (someone else's edit is never lost). Refusals keep Incus's reason.
import * as vscode from "vscode";
import type { ScriptletLanguageClient } from "../language/language-client";
import { errorMessage } from "../util/errors";
import { Requests, type InstanceFileAnswer, type InstanceFileOp } from "../../../server/src/lsp/protocol";

export const FILES_SCHEME = "incus-files";

interface Location {
  connection: string;
  project: string;
  instance: string;
  path: string;
}

export function instanceFilesUri(remote: string, project: string, instance: string, path = "/"): vscode.Uri {
  return vscode.Uri.from({ scheme: FILES_SCHEME, path: `/${encodeURIComponent(remote)}/${encodeURIComponent(project)}/${encodeURIComponent(instance)}${path.startsWith("/") ? path : "/" + path}` });
}

function locate(uri: vscode.Uri): Location {
  const [, remote, project, instance, ...rest] = uri.path.split("/");
  if (!remote || !project || !instance) throw vscode.FileSystemError.FileNotFound(uri);
  return { connection: `remote:${decodeURIComponent(remote)}`, project: decodeURIComponent(project), instance: decodeURIComponent(instance), path: "/" + rest.join("/") };
}

const KIND: Record<string, vscode.FileType> = {
  file: vscode.FileType.File,
  directory: vscode.FileType.Directory,
  symlink: vscode.FileType.SymbolicLink | vscode.FileType.File,
  unknown: vscode.FileType.Unknown,
};

export class InstanceFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** The hash of the bytes last read or written per file: what a save expects to replace. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly server: ScriptletLanguageClient) {}

  private async ask(uri: vscode.Uri, op: InstanceFileOp, onGone?: () => void): Promise<Extract<InstanceFileAnswer, { ok: true }>> {
    const l = locate(uri);
    let answer: InstanceFileAnswer;
    try {
      answer = await this.server.request(Requests.instanceFile, { ...l, ...op });
    } catch (e) {
      throw vscode.FileSystemError.Unavailable(`${l.instance}:${l.path}: ${errorMessage(e)}`);
    }
    if (answer.ok) return answer;
    if (answer.problem === "gone") onGone?.();
    switch (answer.problem) {
      case "not-found":
        throw vscode.FileSystemError.FileNotFound(answer.error);
      case "exists":
        throw vscode.FileSystemError.FileExists(answer.error);
      case "is-directory":
        throw vscode.FileSystemError.FileIsADirectory(answer.error);
      case "not-directory":
        throw vscode.FileSystemError.FileNotADirectory(answer.error);
      case "unavailable":
        throw vscode.FileSystemError.Unavailable(answer.error);
      default:
        // conflict, not-running, refused: the message says which and why.
        throw vscode.FileSystemError.NoPermissions(answer.error);
    }
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const a = await this.ask(uri, { op: "stat" });
    return { type: KIND[a.type ?? "file"], ctime: a.mtime ?? 0, mtime: a.mtime ?? 0, size: a.size ?? 0 };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const a = await this.ask(uri, { op: "list" });
    return (a.entries ?? []).map((e) => [e.name, KIND[e.type]]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const a = await this.ask(uri, { op: "read" });
    if (a.sha256) this.seen.set(uri.toString(), a.sha256);
    return Buffer.from(a.data ?? "", "base64");
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): Promise<void> {
    const expectSha256 = this.seen.get(uri.toString());
    // Deleted in the instance since it was read: refused once (the user is told), then the next
    // save creates it anew.
    const a = await this.ask(uri, { op: "write", data: Buffer.from(content).toString("base64"), create: options.create, overwrite: options.overwrite, expectSha256 }, () => this.seen.delete(uri.toString()));
    if (a.sha256) this.seen.set(uri.toString(), a.sha256);
    this.changed.fire([{ type: expectSha256 ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }

  async createDirectory(uri: vscode.Uri): Promise<void> {
    await this.ask(uri, { op: "mkdir" });
    this.changed.fire([{ type: vscode.FileChangeType.Created, uri }]);
  }

  async delete(uri: vscode.Uri, options: { recursive: boolean }): Promise<void> {
    await this.ask(uri, { op: "delete", recursive: options.recursive });
    this.seen.delete(uri.toString());
    this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  async rename(from: vscode.Uri, to: vscode.Uri, options: { overwrite: boolean }): Promise<void> {
    const a = locate(from);
    const b = locate(to);
    if (a.connection !== b.connection || a.project !== b.project || a.instance !== b.instance) {
      throw vscode.FileSystemError.NoPermissions("a file can be renamed within its instance only");
    }
    await this.ask(from, { op: "rename", to: b.path, overwrite: options.overwrite });
    this.seen.delete(from.toString());
    this.changed.fire([
      { type: vscode.FileChangeType.Deleted, uri: from },
      { type: vscode.FileChangeType.Created, uri: to },
    ]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
