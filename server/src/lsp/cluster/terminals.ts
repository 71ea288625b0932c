// Shells and consoles of instances, relayed between the client's terminal and Incus: the exec
// API (POST /1.0/instances/NAME/exec, interactive, wait-for-websocket) or the console API
// (POST .../console, type console) start an operation whose data and control websockets are
// opened with their secrets; bytes go to the client as incus/terminal/output, keystrokes come
// back as incus/terminal/input, a resize is a window-resize message on the control socket.
import { randomUUID } from "node:crypto";
import { StringDecoder } from "node:string_decoder";
import type WebSocket from "ws";
import { apiPath } from "../../incus/client/api-path";
import { IncusClient } from "../../incus/client/http";
import type { ConnectionTarget } from "../../incus/client/target";
import type { TerminalOpenAnswer, TerminalOpenParams } from "../protocol";
import { openWebSocket } from "./event-follower";

export interface TerminalHost {
  target(connection: string): ConnectionTarget;
  output(id: string, data: string): void;
  exit(id: string, code: number | undefined, error?: string): void;
  log(line: string): void;
}

interface Session {
  data: WebSocket;
  control: WebSocket;
  client: IncusClient;
}


export class Terminals {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly host: TerminalHost) {}

  async open(p: TerminalOpenParams): Promise<TerminalOpenAnswer> {
    let client: IncusClient;
    let target: ConnectionTarget;
    try {
      target = this.host.target(p.connection);
      client = new IncusClient(target, { timeoutMs: 30_000 });
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
    const base = `/1.0/instances/${encodeURIComponent(p.instance)}`;
    const size = { width: Math.max(1, p.cols), height: Math.max(1, p.rows) };
    let answer;
    try {
      answer =
        p.kind === "shell"
          ? await client.call("POST", apiPath(`${base}/exec`, { project: p.project }), {
              command: p.command?.length ? p.command : ["/bin/sh"],
              environment: { TERM: "xterm-256color", HOME: "/root" },
              interactive: true,
              "wait-for-websocket": true,
              ...size,
            })
          : await client.call("POST", apiPath(`${base}/console`, { project: p.project }), { type: "console", ...size });
    } catch (e) {
      client.close();
      return { ok: false, error: (e as Error).message };
    }
    const op = answer.metadata as { id?: string; metadata?: { fds?: Record<string, string> } } | undefined;
    const fds = op?.metadata?.fds;
    if (!answer.operation || !fds?.["0"] || !fds.control) {
      client.close();
      return { ok: false, error: `Incus did not hand out the terminal's websockets (answer: ${JSON.stringify(op).slice(0, 200)})` };
    }
    const id = randomUUID();
    const socket = (secret: string) => openWebSocket(target, `${answer.operation}/websocket?secret=${encodeURIComponent(secret)}`);
    const data = socket(fds["0"]);
    const control = socket(fds.control);
    const session: Session = { data, control, client };
    this.sessions.set(id, session);
    const decoder = new StringDecoder("utf8");
    data.on("message", (m: Buffer) => {
      const text = decoder.write(Buffer.isBuffer(m) ? m : Buffer.from(m as ArrayBuffer));
      if (text) this.host.output(id, text);
    });
    data.on("error", (e) => this.host.log(`terminal ${id}: ${e.message}`));
    control.on("error", (e) => this.host.log(`terminal ${id} control: ${e.message}`));
    const opPath = answer.operation;
    // The operation ends when the command (or the console session) does: its metadata holds the
    // exit code. Followed in short waits, as the server's other operations are.
    const finished = async (): Promise<number | undefined> => {
      for (;;) {
        if (!this.sessions.has(id)) return undefined;
        try {
          const w = await client.call("GET", `${opPath}/wait?timeout=5`, undefined, undefined, 20_000);
          const o = w.metadata as { status?: string; metadata?: { return?: number } };
          if (o.status !== "Running") return o.metadata?.return;
        } catch (e) {
          if (!/context deadline exceeded/.test((e as Error).message)) throw e;
        }
      }
    };
    void finished().then(
      (code) => this.end(id, code),
      (e: Error) => this.end(id, undefined, e.message),
    );
    // Incus closes the control socket when the command has ended, then waits for the data
    // socket to reach its end before it finishes the operation (cmd/incusd/instance_exec.go,
    // the finisher, v6.0.4): close ours, as the incus command line does.
    control.on("close", () => data.close());
    data.on("close", () => {
      // A console session has no exit code: its end is the socket's.
      if (p.kind === "console") this.end(id, undefined);
    });
    await Promise.all([once(data, "open"), once(control, "open")]).catch((e: Error) => {
      this.close(id);
      // Seen on Incus 6.0.4 (December 2026): when the instance runs on another member than the
      // one this connection talks to, the exec is forwarded there but the websocket request on
      // this member answers the operation as JSON (200) instead of upgrading.
      if (/Unexpected server response: 200/.test(e.message)) {
        throw new Error(`Incus answered the terminal's websocket with 200 instead of upgrading it (${e.message}): seen on Incus 6.0.4 when ${p.instance} runs on another cluster member than the one this connection talks to; use a remote at that member's address to open its terminal`);
      }
      throw e;
    });
    return { ok: true, id };
  }

  /** Reports the end once, after the last output, and lets go of the sockets. */
  private end(id: string, code: number | undefined, error?: string): void {
    if (!this.sessions.has(id)) return;
    // Output still in flight on the data socket comes first.
    setTimeout(() => {
      this.close(id);
      this.host.exit(id, code, error);
    }, 100);
  }

  input(id: string, text: string): void {
    const s = this.sessions.get(id);
    if (s && s.data.readyState === s.data.OPEN) s.data.send(Buffer.from(text, "utf8"), { binary: true });
  }

  resize(id: string, cols: number, rows: number): void {
    const s = this.sessions.get(id);
    if (s && s.control.readyState === s.control.OPEN) s.control.send(JSON.stringify({ command: "window-resize", args: { width: String(cols), height: String(rows) } }));
  }

  close(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    s.data.close();
    s.control.close();
    s.client.close();
  }

  dispose(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }
}

function once(ws: WebSocket, event: "open"): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once(event, () => resolve());
    ws.once("error", reject);
  });
}
