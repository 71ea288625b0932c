// A small read-mostly client for the Incus REST API over a unix socket or HTTPS.
// Every answer is unwrapped from Incus's envelope ({type, status_code, error, error_code,
// metadata}) and its metadata checked with a zod schema; every failure becomes an
// IncusClientError naming the target. ETags are surfaced so edits can use If-Match.
import * as http from "node:http";
import * as https from "node:https";
import type { z } from "zod";
import { IncusClientError } from "./errors";
import type { ConnectionTarget } from "./target";
import { isTlsVerificationError, tlsOptions } from "./tls";

export const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Largest answer body accepted. A real /1.0/instances?recursion=1 of 100,000 instances is about
 * 150 MiB; a server streaming without end must not take the process's memory with it.
 */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface ClientOptions {
  /** Per request, from sending to the complete answer. */
  timeoutMs?: number;
  /** Upper bound of parallel connections (the capture's concurrency). */
  maxSockets?: number;
  /** Largest body accepted per answer (bytes); a bigger one fails with kind "too-large". */
  maxBodyBytes?: number;
}

export interface RawResponse {
  status: number;
  etag?: string;
  body: string;
  /** The body's bytes (a file through the file API need not be UTF-8). */
  raw: Buffer;
  /** X-Incus-Type of a file API answer: "file", "directory" or "symlink". */
  incusType?: string;
  headers: http.IncomingHttpHeaders;
}

export interface Fetched<T> {
  value: T;
  etag?: string;
}

export interface CallAnswer {
  status: number;
  etag?: string;
  /** "sync" or "async" (then `operation` is its path, /1.0/operations/UUID). */
  type: string;
  metadata: unknown;
  operation?: string;
}

export class IncusClient {
  readonly target: ConnectionTarget;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  private readonly agent: http.Agent;

  constructor(target: ConnectionTarget, options: ClientOptions = {}) {
    this.target = target;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const maxSockets = options.maxSockets ?? 8;
    this.agent =
      target.kind === "https"
        ? new https.Agent({ keepAlive: true, maxSockets, ...tlsOptions(target.tls) })
        : new http.Agent({ keepAlive: true, maxSockets });
  }

  get label(): string {
    return this.target.label;
  }

  /**
   * GET a path, check its metadata against `schema`, and return it exactly as received
   * (no defaults filled, unknown fields kept): what a snapshot stores.
   */
  async getVerbatim<S extends z.ZodType>(path: string, schema: S): Promise<z.input<S>> {
    const res = await this.request("GET", path);
    const metadata = this.unwrap("GET", path, res);
    this.check("GET", path, schema, metadata, res.status);
    return metadata as z.input<S>;
  }

  /** GET a path and validate its metadata. */
  async get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    return (await this.getWithEtag(path, schema)).value;
  }

  /** GET a path, validate its metadata, and return the ETag for a later `put`. */
  async getWithEtag<S extends z.ZodType>(path: string, schema: S): Promise<Fetched<z.infer<S>>> {
    const res = await this.request("GET", path);
    const metadata = this.unwrap("GET", path, res);
    return { value: this.check("GET", path, schema, metadata, res.status), etag: res.etag };
  }

  private check<S extends z.ZodType>(method: string, path: string, schema: S, metadata: unknown, status: number): z.infer<S> {
    const parsed = schema.safeParse(metadata);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue.path.map(String).join(".") || "(top)";
      throw new IncusClientError("protocol", this.label, `${this.label}: unexpected answer to ${method} ${path}: ${where}: ${issue.message}`, status);
    }
    return parsed.data;
  }

  /**
   * PUT a full object. With `etag`, the server applies it only if the object is unchanged since
   * it was read (If-Match); otherwise it answers 412 and this throws kind "http", status 412.
   */
  async put(path: string, body: unknown, etag?: string): Promise<void> {
    const res = await this.request("PUT", path, body, etag ? { "If-Match": etag } : {});
    this.unwrap("PUT", path, res);
  }

  /**
   * Any request (POST, DELETE, PATCH, a PUT that starts an operation, ...) with the raw envelope
   * fields a caller acting on a server needs: an async answer's operation path, the ETag.
   * Errors are thrown as for the other methods. `timeoutMs` overrides the client's (long polls).
   */
  async call(method: string, path: string, body?: unknown, etag?: string, timeoutMs?: number): Promise<CallAnswer> {
    const res = await this.request(method, path, body, etag ? { "If-Match": etag } : {}, timeoutMs);
    const metadata = this.unwrap(method, path, res);
    let envelope: { type?: string; operation?: string } = {};
    try {
      envelope = JSON.parse(res.body) as typeof envelope;
    } catch {
      // unwrap() already refused a body that is not JSON
    }
    return { status: res.status, etag: res.etag, type: envelope.type ?? "sync", metadata, operation: envelope.operation };
  }

  /**
   * GET a path that may answer with something other than JSON: an instance's log file, or a
   * file through the file API (whose X-Incus-Type says file, directory or symlink; a directory
   * answers with the usual JSON envelope listing its entries). Errors are thrown as above.
   */
  async getContent(path: string): Promise<{ type: string; text: string; entries?: string[] }> {
    const res = await this.request("GET", path);
    if (res.status >= 400 || res.incusType === "directory") {
      const metadata = this.unwrap("GET", path, res);
      return { type: res.incusType ?? "directory", text: "", entries: Array.isArray(metadata) ? metadata.map(String) : [] };
    }
    return { type: res.incusType ?? "file", text: res.body };
  }

  /**
   * A request whose body is bytes (the file API's POST) or whose answer is read as bytes, with
   * extra headers; the answer is returned as is (`unwrapAnswer` turns an error envelope into
   * the usual IncusClientError).
   */
  async raw(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
    return this.request(method, path, body, headers);
  }

  /** Throws the IncusClientError of an error answer; returns the envelope's metadata otherwise. */
  unwrapAnswer(method: string, path: string, res: RawResponse): unknown {
    return this.unwrap(method, path, res);
  }

  close(): void {
    this.agent.destroy();
  }

  private unwrap(method: string, path: string, res: RawResponse): unknown {
    let envelope: { type?: string; error?: string; error_code?: number; metadata?: unknown } | undefined;
    try {
      envelope = JSON.parse(res.body);
    } catch {
      envelope = undefined;
    }
    if (res.status >= 400 || envelope?.type === "error") {
      const code = envelope?.error_code || res.status;
      const text = envelope?.error || res.body.trim().slice(0, 200) || http.STATUS_CODES[code] || "error";
      if (code === 403) {
        const hint =
          this.target.kind === "https"
            ? " The server does not trust this client's certificate; add it with `incus config trust add-certificate` on the cluster, or use a trust token (`incus remote add`)."
            : " This user may not use the socket's API (not in the incus-admin group?).";
        throw new IncusClientError("forbidden", this.label, `${this.label}: ${method} ${path} refused: 403 ${text}.${hint}`, res.status, code);
      }
      throw new IncusClientError("http", this.label, `${this.label}: ${method} ${path} failed: ${code} ${text}`, res.status, code);
    }
    if (!envelope || typeof envelope !== "object") {
      throw new IncusClientError("protocol", this.label, `${this.label}: ${method} ${path}: answer is not an Incus JSON response`, res.status);
    }
    return envelope.metadata;
  }

  private request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = this.timeoutMs): Promise<RawResponse> {
    const target = this.target;
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const allHeaders: Record<string, string> = { Accept: "application/json", "User-Agent": "incus-scriptlet", ...headers };
    if (payload !== undefined) {
      allHeaders["Content-Type"] = Buffer.isBuffer(payload) ? "application/octet-stream" : "application/json";
      allHeaders["Content-Length"] = String(Buffer.byteLength(payload));
    }
    return new Promise<RawResponse>((resolve, reject) => {
      const onResponse = (res: http.IncomingMessage): void => {
        const chunks: Buffer[] = [];
        let size = 0;
        const tooLarge = (): void => {
          const err = Object.assign(new Error("too large"), { code: "INCUS_TOO_LARGE" });
          fail(err);
          req.destroy(err);
        };
        // A declared length over the limit is refused before reading a byte of it.
        const declared = Number(res.headers["content-length"]);
        if (Number.isFinite(declared) && declared > this.maxBodyBytes) return tooLarge();
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > this.maxBodyBytes) return tooLarge();
          chunks.push(c);
        });
        res.on("end", () => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          const etag = res.headers.etag;
          const incusType = res.headers["x-incus-type"];
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, etag: typeof etag === "string" ? etag : undefined, body: raw.toString("utf8"), raw, incusType: typeof incusType === "string" ? incusType : undefined, headers: res.headers });
        });
        // The connection closing before the declared length arrived ("aborted").
        res.on("aborted", () => fail(Object.assign(new Error("the server closed the connection in the middle of the answer"), { code: "ECONNRESET" })));
        res.on("error", (err) => fail(err));
      };
      const req =
        target.kind === "unix"
          ? http.request({ socketPath: target.socketPath, path, method, headers: { Host: "unix.socket", ...allHeaders }, agent: this.agent }, onResponse)
          : https.request(new URL(path, target.url + "/"), { method, headers: allHeaders, agent: this.agent as https.Agent }, onResponse);
      let done = false;
      const fail = (err: unknown): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(this.translate(err as NodeJS.ErrnoException, method, path));
      };
      // Whole-request deadline: a server that accepts but never answers must not hang a capture.
      const timer = setTimeout(() => {
        const err = Object.assign(new Error("timeout"), { code: "INCUS_TIMEOUT" });
        fail(err);
        req.destroy(err);
      }, timeoutMs);
      req.on("error", fail);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  private translate(err: NodeJS.ErrnoException, method: string, path: string): IncusClientError {
    const t = this.target;
    const code = err.code;
    const where = this.label;
    if (code === "INCUS_TIMEOUT") {
      return new IncusClientError("timeout", where, `${where}: no complete answer to ${method} ${path} within ${formatSeconds(this.timeoutMs)}`);
    }
    if (code === "INCUS_TOO_LARGE") {
      return new IncusClientError("too-large", where, `${where}: the answer to ${method} ${path} is larger than ${Math.round(this.maxBodyBytes / 1048576)} MiB; stopped reading it (raise the limit if the cluster is really that big)`);
    }
    if (t.kind === "unix") {
      if (code === "ENOENT") {
        return new IncusClientError("socket-missing", where, `Incus socket ${t.socketPath} does not exist: is incusd running? (set INCUS_SOCKET or INCUS_DIR, or pass --socket)`);
      }
      if (code === "ECONNREFUSED") {
        return new IncusClientError("refused", where, `Incus socket ${t.socketPath} refused the connection: incusd is not running (stale socket)`);
      }
      if (code === "EACCES" || code === "EPERM") {
        return new IncusClientError("permission", where, `no permission to open Incus socket ${t.socketPath}: run as root or as a member of the incus-admin group`);
      }
    } else {
      if (code === "ECONNREFUSED") {
        return new IncusClientError("refused", where, `${where}: connection refused: nothing listens at ${t.url}`);
      }
      if (isTlsVerificationError(code)) {
        const pin = t.tls.pinnedServerCertPath
          ? ` The server's certificate does not match the one pinned in ${t.tls.pinnedServerCertPath}.`
          : " No certificate is pinned for this remote and the server's is not signed by a trusted CA.";
        return new IncusClientError("tls", where, `${where}: TLS verification failed (${code}: ${err.message}).${pin}`);
      }
    }
    return new IncusClientError("network", where, `${where}: ${method} ${path} failed: ${code ? code + ": " : ""}${err.message}`);
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
