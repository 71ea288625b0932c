// One error type for everything that can go wrong talking to Incus. The message always names
// the target (socket path or remote) and says what to do, because it is shown to the user as is.
export type IncusErrorKind =
  | "socket-missing" // no socket file at the path
  | "refused" // nothing listening (TCP) or stale socket (unix)
  | "network" // any other connection failure (reset, unreachable, DNS)
  | "permission" // socket exists but this user may not open it
  | "forbidden" // HTTP 403: the server does not trust this client
  | "tls" // certificate verification failed (incl. pinned certificate mismatch)
  | "timeout" // no complete answer within the deadline (includes a body that trickles)
  | "too-large" // an answer body (or a websocket message) over the size limit
  | "http" // any other HTTP error status, with Incus's error text
  | "protocol" // an answer that is not what the API promises (bad JSON, wrong shape)
  | "config"; // the client configuration (remotes, certificates) is unusable

export class IncusClientError extends Error {
  constructor(
    readonly kind: IncusErrorKind,
    readonly target: string,
    message: string,
    readonly status?: number,
    readonly errorCode?: number,
  ) {
    super(message);
    this.name = "IncusClientError";
  }
}

export function isIncusClientError(err: unknown, kind?: IncusErrorKind): err is IncusClientError {
  return err instanceof IncusClientError && (kind === undefined || err.kind === kind);
}
