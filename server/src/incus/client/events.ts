// The server-side stream of an Incus server's /1.0/events, over the maintained `ws` library:
// on a unix socket (ws+unix) or HTTPS with the client certificate and the same verification as
// the REST client (tls.ts). Every message is bounded (`maxPayload`: a bigger frame closes the
// connection with 1009 before it is buffered), the opening handshake has a deadline, and each
// message is checked with zod before anyone sees it. Reconnecting is the caller's choice
// (the LSP's cluster registry reconnects with a growing delay).
import WebSocket from "ws";
import { z } from "zod";
import { IncusClientError } from "./errors";
import type { ConnectionTarget } from "./target";
import { tlsOptions } from "./tls";

/** Incus events are a few KiB; a message far bigger is not an event and is refused. */
export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

/** `api.Event`: the envelope of every message on /1.0/events. */
export const incusEvent = z.looseObject({
  type: z.string(),
  timestamp: z.string().optional(),
  location: z.string().optional(),
  project: z.string().optional(),
  metadata: z.looseObject({ action: z.string().optional(), source: z.string().optional() }).nullable().optional(),
});
export type IncusEvent = z.infer<typeof incusEvent>;

export interface EventsQuery {
  /** Event types, e.g. ["lifecycle"], ["logging"]; all when omitted. */
  types?: string[];
  /** Events of every project (default) or of one. */
  project?: string;
}

/** /1.0/events with its query: `type=lifecycle,logging&all-projects=true`. */
export function eventsPath(query: EventsQuery = {}): string {
  const params = new URLSearchParams();
  if (query.types?.length) params.set("type", query.types.join(","));
  if (query.project) params.set("project", query.project);
  else params.set("all-projects", "true");
  return `/1.0/events?${params.toString()}`;
}

export interface EventStreamOptions extends EventsQuery {
  onEvent(event: IncusEvent): void;
  /** Connection problems and refused messages, worded for the user (the target is named). */
  onError?(error: IncusClientError): void;
  /** The stream ended (by close(), by the server, or after an error). */
  onClose?(): void;
  /** Called once the server accepted the subscription. */
  onOpen?(): void;
  maxPayloadBytes?: number;
  handshakeTimeoutMs?: number;
}

export interface EventStream {
  close(): void;
}

/** The websocket for `path` on a target: ws+unix for sockets, wss with the client identity for remotes. */
export function openIncusWebSocket(target: ConnectionTarget, path: string, limits: { maxPayloadBytes?: number; handshakeTimeoutMs?: number } = {}): WebSocket {
  const common = {
    maxPayload: limits.maxPayloadBytes ?? DEFAULT_MAX_EVENT_BYTES,
    handshakeTimeout: limits.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
    // Permessage-deflate would let a small frame inflate into a huge message: not offered.
    perMessageDeflate: false,
  };
  if (target.kind === "unix") return new WebSocket(`ws+unix:${target.socketPath}:${path}`, { ...common, headers: { Host: "unix.socket" } });
  const url = new URL(path, target.url.replace(/^https:/, "wss:") + "/");
  return new WebSocket(url, { ...common, ...tlsOptions(target.tls) });
}

export function streamEvents(target: ConnectionTarget, options: EventStreamOptions): EventStream {
  const maxPayload = options.maxPayloadBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const ws = openIncusWebSocket(target, eventsPath(options), { maxPayloadBytes: maxPayload, handshakeTimeoutMs: options.handshakeTimeoutMs });
  const where = target.label;
  const report = (kind: ConstructorParameters<typeof IncusClientError>[0], message: string): void => options.onError?.(new IncusClientError(kind, where, `${where}: events: ${message}`));
  let closed = false;
  ws.on("open", () => options.onOpen?.());
  ws.on("message", (data, isBinary) => {
    const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : data.toString();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return report("protocol", `a message that is not JSON was ignored: ${JSON.stringify(text.slice(0, 80))}`);
    }
    const event = incusEvent.safeParse(parsed);
    if (!event.success) return report("protocol", `a message that is not an Incus event was ignored (${event.error.issues[0].path.join(".") || "top"}: ${event.error.issues[0].message})`);
    options.onEvent(event.data);
  });
  ws.on("unexpected-response", (_req, res) => {
    report(res.statusCode === 403 ? "forbidden" : "http", `the server refused the subscription: HTTP ${res.statusCode}`);
    res.resume();
    ws.terminate();
  });
  ws.on("error", (err: Error & { code?: string }) => {
    if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") return report("too-large", `a message over ${maxPayload} bytes arrived; the connection was closed`);
    if (/handshake has timed out/i.test(err.message)) return report("timeout", `no answer to the subscription within ${(options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS) / 1000} s`);
    report("network", err.message);
  });
  ws.on("close", () => {
    if (closed) return;
    closed = true;
    options.onClose?.();
  });
  return {
    close() {
      ws.terminate();
    },
  };
}
