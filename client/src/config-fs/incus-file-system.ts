// The `incus:` file system: Incus objects (server, member, project, profile, instance config,
// and the placement scriptlet) as editable documents. Reading remembers the ETag; saving PUTs
// with If-Match, so a change made meanwhile by someone else is refused (412) and nothing is
// overwritten. Incus's own refusals (bad key, bad value) come back as the save error.
import * as vscode from "vscode";
import type { ScriptletLanguageClient } from "../language/language-client";
import type { Log } from "../output";
import { errorMessage } from "../util/errors";
import { apiPath, describeResource, DocumentError, parseResourcePath, resourcePath, toDocument, toPutBody, type ConfigResource } from "./config-resource";
import { checkScriptlet, formatScriptletErrors } from "./scriptlet-check";
import { Requests, type ApiCallParams } from "../../../server/src/lsp/protocol";

export const INCUS_SCHEME = "incus";

interface OpenedObject {
  etag: string | undefined;
  metadata: Record<string, unknown>;
  text: Uint8Array;
  mtime: number;
}

export function resourceUri(r: ConfigResource): vscode.Uri {
  return vscode.Uri.from({ scheme: INCUS_SCHEME, path: resourcePath(r) });
}

export class IncusFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly opened = new Map<string, OpenedObject>();

  constructor(
    private readonly server: ScriptletLanguageClient,
    private readonly log: Log,
  ) {}

  /** A REST call on the remote, made by the server; Incus's refusal comes back as a value. */
  private call(remote: string, p: Omit<ApiCallParams, "connection">) {
    return this.server.request(Requests.apiCall, { connection: `remote:${remote}`, ...p });
  }

  private resource(uri: vscode.Uri): ConfigResource {
    const r = parseResourcePath(uri.path);
    if (!r) throw vscode.FileSystemError.FileNotFound(uri);
    return r;
  }

  private async fetch(uri: vscode.Uri): Promise<OpenedObject> {
    const r = this.resource(uri);
    let answer;
    try {
      answer = await this.call(r.remote, { method: "GET", path: apiPath(r) });
    } catch (e) {
      answer = { ok: false as const, error: errorMessage(e) };
    }
    if (!answer.ok) {
      this.log.error(`reading ${describeResource(r)}: ${answer.error}`);
      throw vscode.FileSystemError.Unavailable(`${describeResource(r)}: ${answer.error}`);
    }
    const metadata = answer.metadata as Record<string, unknown>;
    const obj: OpenedObject = {
      etag: answer.etag,
      metadata,
      text: Buffer.from(toDocument(r, metadata), "utf8"),
      mtime: Date.now(),
    };
    this.opened.set(uri.toString(), obj);
    return obj;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const obj = this.opened.get(uri.toString()) ?? (await this.fetch(uri));
    return { type: vscode.FileType.File, ctime: obj.mtime, mtime: obj.mtime, size: obj.text.byteLength };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.fetch(uri)).text;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const r = this.resource(uri);
    const what = describeResource(r);
    const opened = this.opened.get(uri.toString());
    if (!opened) throw vscode.FileSystemError.Unavailable(`${what} was not read in this session; reopen it before saving`);
    const text = Buffer.from(content).toString("utf8");
    if (r.kind === "placementScriptlet") {
      const errors = await checkScriptlet(this.server, text, "placement.star", `remote:${r.remote}`, serverVersion(opened.metadata));
      if (errors.length) {
        const msg = `not pushed: the scriptlet has errors (Incus would refuse it):\n${formatScriptletErrors(errors)}`;
        this.log.error(`${what}: ${msg}`);
        throw vscode.FileSystemError.NoPermissions(msg);
      }
    }
    let body: Record<string, unknown>;
    try {
      body = toPutBody(r, text, opened.metadata);
    } catch (e) {
      if (e instanceof DocumentError) throw vscode.FileSystemError.NoPermissions(`${what}: ${e.message}; nothing was sent`);
      throw e;
    }
    const put = await this.call(r.remote, { method: "PUT", path: apiPath(r), body, etag: opened.etag }).catch((e: unknown) => ({ ok: false as const, error: errorMessage(e), etagMismatch: false }));
    if (!put.ok) {
      const msg = put.etagMismatch
        ? `${what} was changed on the server since you opened it; nothing was written. Copy your edits, then use "Revert File" to load the current version.`
        : `Incus refused the change to ${what}: ${put.error}`;
      this.log.error(msg);
      throw vscode.FileSystemError.NoPermissions(msg);
    }
    this.log.info(`saved ${what} (ETag ${opened.etag ?? "none"})`);
    // Read back: the new ETag for the next save, and Incus's normalized form of the object.
    await this.fetch(uri);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: deleting Incus objects is not supported here`);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: renaming Incus objects is not supported here`);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The version the server reports (undefined: the server checks as the connection's, or its default). */
function serverVersion(server: Record<string, unknown>): string | undefined {
  return (server.environment as { server_version?: string } | undefined)?.server_version;
}
