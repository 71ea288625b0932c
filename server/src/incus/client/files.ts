// Files inside an instance through Incus's file API (/1.0/instances/NAME/files?path=...):
// GET reads a file (bytes) or lists a directory, HEAD stats, POST writes a file or makes a
// directory (X-Incus-Type, X-Incus-Mode/Uid/Gid, X-Incus-Write), DELETE removes a file or an
// empty directory. Seen on a real Incus 6.0.4 (and in cmd/incusd/instance_file.go of v6.0.4):
// - a stopped container's files can be read and written (Incus mounts its root filesystem);
//   a VM's only while it runs, through its agent: "Instance is not running" (500);
// - POST overwrite keeps an existing file's mode and owner; the headers apply to new files;
// - a missing parent directory, or a path under /proc, answers 404 "Not Found";
// - POST of a directory that exists succeeds without a change; DELETE of a non-empty one is
//   refused by sftp ("directory not empty");
// - there is no ETag and no rename; X-Incus-Modified (whole seconds) is the only change marker.
// The API gives no conflict check, so a save compares the file's current bytes with what the
// editor read (see InstanceFileStore.write) before overwriting.
import { createHash } from "node:crypto";
import { apiPath } from "./api-path";
import { IncusClientError } from "./errors";
import type { IncusClient, RawResponse } from "./http";

export type FileKind = "file" | "directory" | "symlink";

export interface FileStat {
  type: FileKind;
  mode?: string;
  uid?: number;
  gid?: number;
  /** X-Incus-Modified as Incus prints it ("2026-12-06 23:47:49 +0000 UTC"). */
  modified?: string;
  /** Milliseconds since the epoch, parsed from `modified` (0 when absent). */
  mtime: number;
}

export interface FileContent extends FileStat {
  /** A file's bytes (empty for a directory). */
  data: Buffer;
  /** A directory's entry names. */
  entries?: string[];
}

/** Why a file operation was refused, for the editor's own error kinds. */
export type FileProblem = "not-found" | "exists" | "is-directory" | "not-directory" | "conflict" | "gone" | "not-running" | "refused";

export class InstanceFileError extends Error {
  constructor(
    readonly problem: FileProblem,
    message: string,
  ) {
    super(message);
    this.name = "InstanceFileError";
  }
}

export interface FileTarget {
  project: string;
  instance: string;
  path: string;
}

export function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Incus prints Go's time.Time.String(): "2026-12-06 23:47:49 +0000 UTC" (maybe with fractions). */
export function parseModified(text: string | undefined): number {
  if (!text) return 0;
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?) ([+-]\d\d)(\d\d)/.exec(text);
  if (!m) return 0;
  const t = Date.parse(`${m[1]}T${m[2]}${m[3]}:${m[4]}`);
  return Number.isFinite(t) ? t : 0;
}

export class InstanceFileStore {
  constructor(private readonly client: IncusClient) {}

  private url(t: FileTarget): string {
    return apiPath(`/1.0/instances/${encodeURIComponent(t.instance)}/files`, { path: t.path, project: t.project });
  }

  private where(t: FileTarget): string {
    return `${t.instance}:${t.path}`;
  }

  /** Turns the API's refusals into the editor's kinds, with Incus's words kept. */
  private refusal(t: FileTarget, verb: string, e: unknown): never {
    if (e instanceof InstanceFileError) throw e;
    if (!(e instanceof IncusClientError) || e.kind !== "http") throw e;
    const text = e.message.replace(/^.*? failed: (\d{3} )?/, "");
    if (e.errorCode === 404 || e.status === 404) throw new InstanceFileError("not-found", `${this.where(t)}: no such file or directory (Incus: ${text})`);
    if (/Instance is not running|agent isn't currently running/i.test(text)) {
      throw new InstanceFileError("not-running", `${t.instance} is not running: Incus reaches a virtual machine's files through its agent, so ${verb} needs it started (Incus: ${text})`);
    }
    if (/is a directory/i.test(text)) throw new InstanceFileError("is-directory", `${this.where(t)} is a directory (Incus: ${text})`);
    if (/not a directory/i.test(text)) throw new InstanceFileError("not-directory", `${this.where(t)}: a parent is not a directory (Incus: ${text})`);
    throw new InstanceFileError("refused", `Incus refused ${verb} ${this.where(t)}: ${text}`);
  }

  private statOf(res: RawResponse): FileStat {
    const h = res.headers;
    const one = (name: string): string | undefined => {
      const v = h[name];
      return typeof v === "string" ? v : undefined;
    };
    const num = (name: string): number | undefined => (one(name) === undefined ? undefined : Number(one(name)));
    const type = (one("x-incus-type") ?? "file") as FileKind;
    const modified = one("x-incus-modified");
    return { type, mode: one("x-incus-mode"), uid: num("x-incus-uid"), gid: num("x-incus-gid"), modified, mtime: parseModified(modified) };
  }

  /** HEAD: the kind, mode, owner and modification time, without the bytes. */
  async stat(t: FileTarget): Promise<FileStat> {
    try {
      const res = await this.client.raw("HEAD", this.url(t));
      // A HEAD answer has no body: for a server-side failure ask GET, whose envelope says why.
      if (res.status >= 500) return await this.read(t);
      // A HEAD answer has no body: the status is all there is of a refusal.
      if (res.status >= 400) throw new IncusClientError("http", this.client.label, `${this.client.label}: HEAD ${this.url(t)} failed: ${res.status} ${res.status === 404 ? "Not Found" : `HTTP ${res.status}`}`, res.status, res.status);
      return this.statOf(res);
    } catch (e) {
      this.refusal(t, "reading", e);
    }
  }

  /** GET: a file's bytes, or a directory's entry names. */
  async read(t: FileTarget): Promise<FileContent> {
    try {
      const res = await this.client.raw("GET", this.url(t));
      const st = this.statOf(res);
      if (res.status >= 400 || st.type === "directory") {
        const metadata = this.client.unwrapAnswer("GET", this.url(t), res);
        return { ...st, type: "directory", data: Buffer.alloc(0), entries: Array.isArray(metadata) ? metadata.map(String).sort() : [] };
      }
      return { ...st, data: res.raw };
    } catch (e) {
      this.refusal(t, "reading", e);
    }
  }

  /** Entries of a directory with their kinds (a HEAD each: HEAD carries no bytes). */
  async list(t: FileTarget): Promise<{ name: string; type: FileKind | "unknown" }[]> {
    const dir = await this.read(t);
    if (dir.type !== "directory") throw new InstanceFileError("not-directory", `${this.where(t)} is not a directory`);
    const base = t.path.endsWith("/") ? t.path : `${t.path}/`;
    return Promise.all(
      (dir.entries ?? []).map(async (name) => {
        try {
          return { name, type: (await this.stat({ ...t, path: base + name })).type };
        } catch {
          return { name, type: "unknown" as const };
        }
      }),
    );
  }

  private async exists(t: FileTarget): Promise<FileStat | undefined> {
    try {
      return await this.stat(t);
    } catch (e) {
      if (e instanceof InstanceFileError && e.problem === "not-found") return undefined;
      throw e;
    }
  }

  /**
   * Writes a file. `create`/`overwrite` as VS Code's FileSystemProvider asks; `expectSha256`: the
   * hash of the bytes the editor read: if the file now holds something else, nothing is written.
   */
  async write(t: FileTarget, data: Buffer, opts: { create: boolean; overwrite: boolean; expectSha256?: string; mode?: string }): Promise<FileStat> {
    const now = await this.exists(t);
    if (now?.type === "directory") throw new InstanceFileError("is-directory", `${this.where(t)} is a directory`);
    if (!now && !opts.create) throw new InstanceFileError("not-found", `${this.where(t)}: no such file`);
    if (now && !opts.overwrite) throw new InstanceFileError("exists", `${this.where(t)} already exists`);
    if (!now && opts.expectSha256) throw new InstanceFileError("gone", `${this.where(t)} was deleted in the instance since you opened it; nothing was written (save again to create it anew)`);
    if (now && opts.expectSha256) {
      const current = await this.read(t);
      if (sha256(current.data) !== opts.expectSha256) {
        throw new InstanceFileError("conflict", `${this.where(t)} was changed in the instance since you opened it (modified ${current.modified ?? "at an unknown time"}); nothing was written`);
      }
    }
    const headers: Record<string, string> = { "X-Incus-Type": "file", "X-Incus-Write": "overwrite" };
    if (opts.mode) headers["X-Incus-Mode"] = opts.mode;
    try {
      const res = await this.client.raw("POST", this.url(t), data, headers);
      this.client.unwrapAnswer("POST", this.url(t), res);
    } catch (e) {
      this.refusal(t, "writing", e);
    }
    return this.stat(t);
  }

  /** Makes a directory; refuses one that exists (Incus itself would answer success). */
  async mkdir(t: FileTarget, mode?: string): Promise<void> {
    if (await this.exists(t)) throw new InstanceFileError("exists", `${this.where(t)} already exists`);
    const headers: Record<string, string> = { "X-Incus-Type": "directory" };
    if (mode) headers["X-Incus-Mode"] = mode;
    try {
      this.client.unwrapAnswer("POST", this.url(t), await this.client.raw("POST", this.url(t), undefined, headers));
    } catch (e) {
      this.refusal(t, "creating", e);
    }
  }

  /** Removes a file or a directory; a non-empty directory only with `recursive` (children first). */
  async remove(t: FileTarget, recursive: boolean): Promise<void> {
    const st = await this.stat(t);
    if (st.type === "directory" && recursive) {
      for (const e of await this.list(t)) {
        const base = t.path.endsWith("/") ? t.path : `${t.path}/`;
        await this.remove({ ...t, path: base + e.name }, true);
      }
    }
    try {
      this.client.unwrapAnswer("DELETE", this.url(t), await this.client.raw("DELETE", this.url(t)));
    } catch (e) {
      this.refusal(t, "deleting", e);
    }
  }

  /**
   * Renames a file: the API has no rename, so the bytes are written under the new name with the
   * old mode, then the old file is removed. Folders are refused (that would copy every file).
   */
  async rename(from: FileTarget, to: FileTarget, overwrite: boolean): Promise<void> {
    const src = await this.read(from);
    if (src.type === "directory") throw new InstanceFileError("refused", `${this.where(from)} is a directory: Incus's file API has no rename, and copying a whole folder is not done here (use a shell: mv)`);
    await this.write(to, src.data, { create: true, overwrite, mode: src.mode });
    await this.remove(from, false);
  }
}
