// Files inside an instance as a workspace folder: `incus-files:/REMOTE/PROJECT/INSTANCE/path`,
// read through Incus's file API by the server (directories list their entries). Browsing and
// opening work; writing is refused here with the reason (read-only in this release).
import * as vscode from "vscode";
import type { ScriptletLanguageClient } from "../language/language-client";
import { Requests } from "../../../server/src/lsp/protocol";

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

export class InstanceFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly server: ScriptletLanguageClient) {}

  private async fetch(uri: vscode.Uri) {
    const l = locate(uri);
    const answer = await this.server.request(Requests.instanceContent, { ...l, what: "file" });
    if (!answer.ok) {
      if (/not found|no such file/i.test(answer.error)) throw vscode.FileSystemError.FileNotFound(uri);
      throw vscode.FileSystemError.Unavailable(`${l.instance}:${l.path}: ${answer.error}`);
    }
    return answer;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const a = await this.fetch(uri);
    const type = a.type === "directory" ? vscode.FileType.Directory : a.type === "symlink" ? vscode.FileType.SymbolicLink | vscode.FileType.File : vscode.FileType.File;
    return { type, ctime: 0, mtime: 0, size: Buffer.byteLength(a.text), permissions: vscode.FilePermission.Readonly };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const a = await this.fetch(uri);
    const entries = a.entries ?? [];
    // The listing has names only: ask each entry's kind (small folders; the explorer asks lazily).
    return Promise.all(
      entries.map(async (name): Promise<[string, vscode.FileType]> => {
        try {
          const child = await this.fetch(vscode.Uri.joinPath(uri, name));
          return [name, child.type === "directory" ? vscode.FileType.Directory : vscode.FileType.File];
        } catch {
          return [name, vscode.FileType.Unknown];
        }
      }),
    );
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const a = await this.fetch(uri);
    if (a.type === "directory") throw vscode.FileSystemError.FileIsADirectory(uri);
    return Buffer.from(a.text, "utf8");
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  private readOnly(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(`${locate(uri).instance}: instance files are read-only in this release (use a shell to change them)`);
  }
  writeFile(uri: vscode.Uri): void {
    this.readOnly(uri);
  }
  createDirectory(uri: vscode.Uri): void {
    this.readOnly(uri);
  }
  delete(uri: vscode.Uri): void {
    this.readOnly(uri);
  }
  rename(uri: vscode.Uri): void {
    this.readOnly(uri);
  }
}
