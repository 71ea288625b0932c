// One REST call on a live server for the client, with Incus's answer or refusal as a value; for
// an operation (async answer) with `wait`, followed to its end in short long-polls so that a
// cancelled request can ask Incus to cancel it (DELETE), and says so when Incus cannot.
import type { IncusClient } from "../../incus/client/http";
import type { ApiCallAnswer, ApiCallParams } from "../protocol";

interface OperationMetadata {
  id?: string;
  description?: string;
  status: string;
  status_code: number;
  err?: string;
}

/** The part of a cancellation token used here (LSP's and VS Code's both fit). */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

const WAIT_SLICE_S = 2;

export async function callAndWait(client: IncusClient, p: Omit<ApiCallParams, "connection">, token: Cancellation, log: (line: string) => void): Promise<ApiCallAnswer> {
  try {
    const answer = await client.call(p.method, p.path, p.body, p.etag);
    if (!(p.wait && answer.type === "async" && answer.operation)) {
      return { ok: true, status: answer.status, etag: answer.etag, type: answer.type, metadata: answer.metadata, operation: answer.operation };
    }
    const opPath = answer.operation;
    let cancelRefused: string | undefined;
    const cancel = (): void => {
      client.call("DELETE", opPath).catch((e: Error) => {
        cancelRefused = e.message;
        log(`cancel ${opPath}: Incus refused: ${e.message}`);
      });
    };
    const sub = token.onCancellationRequested(cancel);
    if (token.isCancellationRequested) cancel();
    try {
      for (;;) {
        let w;
        try {
          w = await client.call("GET", `${opPath}/wait?timeout=${WAIT_SLICE_S}`, undefined, undefined, (WAIT_SLICE_S + 13) * 1000);
        } catch (e) {
          // Incus 6.0 answers a wait that outlives its timeout with an error, not the running
          // operation (cmd/incusd/operations.go, operationWaitGet, v6.0.4): still running.
          if (!/failed: 500 context deadline exceeded$/.test((e as Error).message)) {
            // The wait itself may carry the operation's failure: the operation says what it was.
            const op = await client.call("GET", opPath).then((a) => a.metadata as OperationMetadata, () => undefined);
            if (op?.status === "Failure" || op?.status === "Cancelled") return { ok: false, cancelled: op.status === "Cancelled", error: op.err || `${op.description || "the operation"} ended: ${op.status}` };
            throw e;
          }
          if (cancelRefused !== undefined) return { ok: false, cancelled: true, error: `Incus cannot cancel the operation (${cancelRefused}); it goes on on the server` };
          continue;
        }
        const op = w.metadata as OperationMetadata;
        const what = op.description || "the operation";
        if (op.status === "Cancelled") return { ok: false, cancelled: true, error: `${what} was cancelled` };
        if (op.status_code >= 200 || op.status === "Success" || op.status === "Failure") {
          if (op.status !== "Success") return { ok: false, error: op.err || `${what} ended: ${op.status}` };
          return { ok: true, status: w.status, type: "async", metadata: op, operation: opPath };
        }
        if (cancelRefused !== undefined) return { ok: false, cancelled: true, error: `Incus cannot cancel ${what} (${cancelRefused}); it goes on on the server` };
      }
    } finally {
      sub.dispose();
    }
  } catch (e) {
    const err = e as Error & { status?: number; errorCode?: number };
    return { ok: false, error: err.message, status: err.status, etagMismatch: err.status === 412 || err.errorCode === 412 };
  }
}
