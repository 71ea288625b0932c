// The write side of the Incus REST API the extension needs: GET with ETag, PUT with If-Match,
// POST returning operations, and waiting for / cancelling an operation. Every failure is an
// IncusClientError carrying Incus's own error text (the user sees Incus's refusal verbatim).
import * as http from "node:http";
import { IncusClientError } from "../../../server/src/incus/client/errors";
import type { ConnectionTarget } from "../../../server/src/incus/client/target";
import { openRequest } from "./transport";

export interface RestAnswer<T = unknown> {
  status: number;
  etag?: string;
  /** "sync" or "async" (an operation). */
  type: string;
  metadata: T;
  /** For async answers: the operation's path, e.g. /1.0/operations/UUID. */
  operation?: string;
}

export interface Operation {
  id: string;
  status: string;
  status_code: number;
  err: string;
  may_cancel: boolean;
  description: string;
  metadata?: Record<string, unknown> | null;
}

export class IncusRest {
  constructor(
    readonly target: ConnectionTarget,
    readonly timeoutMs = 30_000,
  ) {}

  get label(): string {
    return this.target.label;
  }

  get<T = unknown>(path: string): Promise<RestAnswer<T>> {
    return this.request<T>("GET", path);
  }

  /** PUT a whole object; with `etag` Incus applies it only if nobody changed it meanwhile. */
  put(path: string, body: unknown, etag: string | undefined): Promise<RestAnswer> {
    return this.request("PUT", path, body, etag ? { "If-Match": etag } : {});
  }

  post(path: string, body: unknown): Promise<RestAnswer> {
    return this.request("POST", path, body);
  }

  delete(path: string): Promise<RestAnswer> {
    return this.request("DELETE", path);
  }

  /** Waits for an operation to end (long-poll in slices so cancellation stays responsive). */
  async waitOperation(operationPath: string, isCancelled: () => boolean = () => false, sliceSeconds = 2): Promise<Operation> {
    for (;;) {
      const answer = await this.request<Operation>("GET", `${operationPath}/wait?timeout=${sliceSeconds}`, undefined, {}, (sliceSeconds + 10) * 1000);
      const op = answer.metadata;
      if (op.status_code >= 200 || ["Success", "Failure", "Cancelled"].includes(op.status)) {
        if (op.status === "Cancelled") throw new OperationCancelled(op);
        if (op.status !== "Success") {
          throw new IncusClientError("http", this.label, op.err || `operation ${op.description || op.id} ended: ${op.status}`, answer.status);
        }
        return op;
      }
      if (isCancelled()) throw new OperationCancelled(op);
    }
  }

  /** Asks Incus to cancel an operation; its refusal (not cancellable) is thrown. */
  async cancelOperation(operationPath: string): Promise<void> {
    await this.delete(operationPath);
  }

  request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = this.timeoutMs): Promise<RestAnswer<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const all: Record<string, string> = { Accept: "application/json", ...headers };
    if (payload !== undefined) {
      all["Content-Type"] = "application/json";
      all["Content-Length"] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | undefined, value?: RestAnswer<T>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(value!);
      };
      const req = openRequest(this.target, method, path, all);
      const timer = setTimeout(() => {
        req.destroy();
        finish(new IncusClientError("timeout", this.label, `${this.label}: no answer to ${method} ${path} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (e) => finish(e));
        res.on("end", () => {
          try {
            finish(undefined, this.unwrap<T>(method, path, res, Buffer.concat(chunks).toString("utf8")));
          } catch (e) {
            finish(e as Error);
          }
        });
      });
      req.on("error", (e: NodeJS.ErrnoException) => {
        finish(new IncusClientError("network", this.label, `${this.label}: ${method} ${path} failed: ${e.code ? e.code + ": " : ""}${e.message}`));
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  private unwrap<T>(method: string, path: string, res: http.IncomingMessage, text: string): RestAnswer<T> {
    let envelope: { type?: string; error?: string; error_code?: number; metadata?: unknown; operation?: string } | undefined;
    try {
      envelope = JSON.parse(text);
    } catch {
      envelope = undefined;
    }
    const status = res.statusCode ?? 0;
    if (status >= 400 || envelope?.type === "error") {
      const code = envelope?.error_code || status;
      const reason = envelope?.error || text.trim().slice(0, 300) || http.STATUS_CODES[code] || "error";
      throw new IncusClientError(code === 403 ? "forbidden" : "http", this.label, `${this.label}: ${method} ${path}: ${reason}`, status, code);
    }
    if (!envelope || typeof envelope !== "object") {
      throw new IncusClientError("protocol", this.label, `${this.label}: ${method} ${path}: the answer is not an Incus JSON response`, status);
    }
    const etag = res.headers.etag;
    return {
      status,
      etag: typeof etag === "string" ? etag : undefined,
      type: envelope.type ?? "sync",
      metadata: envelope.metadata as T,
      operation: envelope.operation,
    };
  }
}

export class OperationCancelled extends Error {
  constructor(readonly operation: Operation) {
    super(`operation ${operation.description || operation.id} was cancelled (${operation.status})`);
  }
}

/** True when Incus refused a write because the object changed since it was read (If-Match). */
export function isEtagMismatch(err: unknown): boolean {
  return err instanceof IncusClientError && (err.status === 412 || err.errorCode === 412);
}

/** The API path of a project-scoped object. */
export function withProject(path: string, project: string | undefined): string {
  if (!project || project === "default") return path;
  return `${path}${path.includes("?") ? "&" : "?"}project=${encodeURIComponent(project)}`;
}
