// Follows a live cluster's /1.0/events and reports "something changed" (debounced by the
// caller). Reconnects with a growing delay while it is wanted; every problem goes to `log`.
import type { ConnectionTarget } from "../../../server/src/incus/client/target";
import { connectWebSocket, type MinimalWebSocket } from "./websocket";

export interface IncusEvent {
  type: string;
  timestamp?: string;
  location?: string;
  project?: string;
  metadata?: { action?: string; source?: string; [k: string]: unknown };
}

/** Event types that change what the sidebar shows. */
export const EVENTS_PATH = "/1.0/events?type=lifecycle&all-projects=true";

export interface EventStreamOptions {
  onEvent: (event: IncusEvent) => void;
  log: (line: string) => void;
  /** First retry delay; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  connect?: typeof connectWebSocket;
}

export class IncusEventStream {
  private socket: MinimalWebSocket | undefined;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private delay: number;

  constructor(
    private readonly target: ConnectionTarget,
    private readonly options: EventStreamOptions,
  ) {
    this.delay = options.retryMs ?? 2000;
  }

  start(): void {
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
    this.socket = undefined;
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const connect = this.options.connect ?? connectWebSocket;
    try {
      const ws = await connect(this.target, EVENTS_PATH);
      if (this.stopped) {
        ws.close();
        return;
      }
      this.socket = ws;
      this.delay = this.options.retryMs ?? 2000;
      this.options.log(`events: following ${this.target.label}`);
      ws.on("message", (text) => {
        const event = parseEvent(text);
        if (event) this.options.onEvent(event);
        else this.options.log(`events: ignored a message that is not an Incus event: ${text.slice(0, 120)}`);
      });
      ws.on("error", (e) => this.options.log(`events: ${this.target.label}: ${e.message}`));
      ws.on("close", (_code, reason) => {
        this.socket = undefined;
        if (!this.stopped) {
          this.options.log(`events: ${this.target.label} closed (${reason}); reconnecting`);
          this.scheduleRetry();
        }
      });
    } catch (e) {
      this.options.log(`events: ${(e as Error).message}; retrying in ${Math.round(this.delay / 1000)} s`);
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    const delay = this.delay;
    this.delay = Math.min(this.delay * 2, this.options.maxRetryMs ?? 60_000);
    this.retryTimer = setTimeout(() => void this.open(), delay);
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

/** A short description of a lifecycle event for the output channel. */
export function describeEvent(e: IncusEvent): string {
  const action = e.metadata?.action ?? e.type;
  const source = e.metadata?.source ?? "";
  return `${action}${source ? " " + source : ""}${e.location ? " on " + e.location : ""}`;
}
