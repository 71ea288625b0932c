// The `incus:` file system: Incus objects (server, member, project, profile, instance config,
// and the placement scriptlet) as editable documents. Reading remembers the ETag; saving PUTs
// with If-Match, so a change made meanwhile by someone else is refused (412) and nothing is
// overwritten. Incus's own refusals (bad key, bad value) come back as the save error.
import * as vscode from "vscode";
import { remoteTarget } from "../../../server/src/incus/client/target";
import type { ClusterRegistry } from "../clusters/cluster-registry";
import { connectionKey } from "../clusters/connection-spec";
import { IncusRest, isEtagMismatch } from "../incus/rest";
import type { Log } from "../output";
import { readSettings } from "../settings";
import { errorMessage } from "../util/errors";
import { apiPath, describeResource, DocumentError, parseResourcePath, resourcePath, toDocument, toPutBody, type ConfigResource } from "./config-resource";
import { formatScriptletErrors, scriptletErrors } from "./scriptlet-check";

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
    private readonly registry: ClusterRegistry,
    private readonly log: Log,
  ) {}

  private rest(remote: string): IncusRest {
    return new IncusRest(remoteTarget(remote, this.registry.env()));
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
      answer = await this.rest(r.remote).get<Record<string, unknown>>(apiPath(r));
    } catch (e) {
      this.log.error(`reading ${describeResource(r)}: ${errorMessage(e)}`);
      throw vscode.FileSystemError.Unavailable(`${describeResource(r)}: ${errorMessage(e)}`);
    }
    const obj: OpenedObject = {
      etag: answer.etag,
      metadata: answer.metadata,
      text: Buffer.from(toDocument(r, answer.metadata), "utf8"),
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
      const version = readSettings().incusVersion ?? serverVersion(opened.metadata);
      const errors = await scriptletErrors(text, version);
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
    try {
      await this.rest(r.remote).put(apiPath(r), body, opened.etag);
    } catch (e) {
      if (isEtagMismatch(e)) {
        const msg = `${what} was changed on the server since you opened it; nothing was written. Copy your edits, then use "Revert File" to load the current version.`;
        this.log.error(msg);
        throw vscode.FileSystemError.NoPermissions(msg);
      }
      const msg = `Incus refused the change to ${what}: ${errorMessage(e)}`;
      this.log.error(msg);
      throw vscode.FileSystemError.NoPermissions(msg);
    }
    this.log.info(`saved ${what} (ETag ${opened.etag ?? "none"})`);
    // Read back: the new ETag for the next save, and Incus's normalized form of the object.
    await this.fetch(uri);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    this.registry.refresh(connectionKey({ kind: "remote", name: r.remote }));
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

function serverVersion(server: Record<string, unknown>): string {
  return ((server.environment as { server_version?: string } | undefined)?.server_version) ?? "7.3";
}
