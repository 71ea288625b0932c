// Follows a live cluster's /1.0/events (lifecycle events of every project) over a websocket
// (`ws`, on the same unix socket or HTTPS identity as the REST client) and reports each event;
// the registry debounces them into reloads. Reconnects with a growing delay while wanted.
// incus-data's events module (server/src/incus/client/) can replace connectEvents when merged.
import WebSocket from "ws";
import type { ConnectionTarget } from "../../incus/client/target";
import { tlsOptions } from "../../incus/client/tls";

export interface IncusEvent {
  type: string;
  timestamp?: string;
  location?: string;
  project?: string;
  metadata?: { action?: string; source?: string; [k: string]: unknown };
}

export const EVENTS_PATH = "/1.0/events?type=lifecycle&all-projects=true";
/** Events are small; anything bigger is not one and is refused by the socket. */
const MAX_EVENT_BYTES = 1024 * 1024;

export interface FollowOptions {
  onEvent(event: IncusEvent): void;
  log(line: string): void;
  retryMs?: number;
  maxRetryMs?: number;
}

/** The websocket of a target's path: ws+unix for sockets, wss with the client certificate. */
export function openWebSocket(target: ConnectionTarget, path: string): WebSocket {
  if (target.kind === "unix") return new WebSocket(`ws+unix:${target.socketPath}:${path}`, { maxPayload: MAX_EVENT_BYTES, headers: { Host: "unix.socket" } });
  const url = new URL(path, target.url.replace(/^https:/, "wss:") + "/");
  return new WebSocket(url, { maxPayload: MAX_EVENT_BYTES, ...tlsOptions(target.tls) });
}

export class EventFollower {
  private socket: WebSocket | undefined;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private delay: number;

  constructor(
    private readonly target: ConnectionTarget,
    private readonly options: FollowOptions,
  ) {
    this.delay = options.retryMs ?? 2000;
  }

  start(): void {
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.terminate();
    this.socket = undefined;
  }

  private open(): void {
    if (this.stopped) return;
    const ws = openWebSocket(this.target, EVENTS_PATH);
    this.socket = ws;
    ws.on("open", () => {
      this.delay = this.options.retryMs ?? 2000;
      this.options.log(`events: following ${this.target.label}`);
    });
    ws.on("message", (data) => {
      const text = data.toString();
      const event = parseEvent(text);
      if (event) this.options.onEvent(event);
      else this.options.log(`events: ignored a message that is not an Incus event: ${text.slice(0, 120)}`);
    });
    ws.on("error", (e) => this.options.log(`events: ${this.target.label}: ${e.message}`));
    ws.on("close", () => {
      if (this.socket === ws) this.socket = undefined;
      if (!this.stopped) {
        this.options.log(`events: ${this.target.label} closed; reconnecting in ${Math.round(this.delay / 1000)} s`);
        this.scheduleRetry();
      }
    });
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    const delay = this.delay;
    this.delay = Math.min(this.delay * 2, this.options.maxRetryMs ?? 60_000);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }
}

export function parseEvent(text: string): IncusEvent | undefined {
  try {
    const v = JSON.parse(text) as IncusEvent;
    return v && typeof v === "object" && typeof v.type === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A short description of a lifecycle event for the log. */
export function describeEvent(e: IncusEvent): string {
  const action = e.metadata?.action ?? e.type;
  const source = e.metadata?.source ?? "";
  return `${action}${source ? " " + source : ""}${e.location ? " on " + e.location : ""}`;
}
