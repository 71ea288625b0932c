// A minimal websocket client (Node 20 has no global WebSocket): the HTTP upgrade over the same
// transport as the REST calls (unix socket or HTTPS with the client certificate), then text
// messages in, pings answered, close handled. Enough for GET /1.0/events.
import { EventEmitter } from "node:events";
import type { Duplex } from "node:stream";
import type { ConnectionTarget } from "../../../server/src/incus/client/target";
import { openRequest } from "./transport";
import { acceptKey, encodeFrame, FrameDecoder, MessageAssembler, newKey, OPCODE } from "./websocket-frames";

export interface WebSocketEvents {
  message: [text: string];
  close: [code: number | undefined, reason: string];
  error: [err: Error];
}

export class MinimalWebSocket extends EventEmitter<WebSocketEvents> {
  private closed = false;

  constructor(
    private readonly socket: Duplex,
    head?: Buffer,
  ) {
    super();
    const decoder = new FrameDecoder();
    const assembler = new MessageAssembler();
    const onData = (chunk: Buffer): void => {
      let frames;
      try {
        frames = decoder.push(chunk);
      } catch (e) {
        this.emit("error", e as Error);
        this.terminate();
        return;
      }
      for (const frame of frames) {
        const msg = assembler.accept(frame);
        if (!msg) continue;
        if (msg.opcode === OPCODE.text) this.emit("message", msg.data.toString("utf8"));
        else if (msg.opcode === OPCODE.ping) this.send(OPCODE.pong, msg.data);
        else if (msg.opcode === OPCODE.close) {
          const code = msg.data.length >= 2 ? msg.data.readUInt16BE(0) : undefined;
          if (!this.closed) this.send(OPCODE.close, msg.data.subarray(0, 2));
          this.finish(code, msg.data.subarray(2).toString("utf8"));
        }
      }
    };
    // Bytes that arrived with the upgrade answer are the first frames; handle them once the
    // caller has attached its listeners.
    if (head && head.length > 0) setImmediate(() => onData(head));
    socket.on("data", onData);
    socket.on("error", (e) => this.emit("error", e));
    socket.on("close", () => this.finish(undefined, "connection closed"));
  }

  close(): void {
    if (this.closed) return;
    const body = Buffer.alloc(2);
    body.writeUInt16BE(1000, 0);
    this.send(OPCODE.close, body);
    this.finish(1000, "closed by client");
    this.socket.end();
  }

  terminate(): void {
    this.finish(undefined, "terminated");
    this.socket.destroy();
  }

  private send(opcode: number, payload: Buffer): void {
    if (this.socket.writable) this.socket.write(encodeFrame(opcode, payload));
  }

  private finish(code: number | undefined, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.emit("close", code, reason);
  }
}

export function connectWebSocket(target: ConnectionTarget, path: string, timeoutMs = 10_000): Promise<MinimalWebSocket> {
  const key = newKey();
  return new Promise((resolve, reject) => {
    const req = openRequest(target, "GET", path, {
      Connection: "Upgrade",
      Upgrade: "websocket",
      "Sec-WebSocket-Key": key,
      "Sec-WebSocket-Version": "13",
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${target.label}: websocket ${path}: no upgrade within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    req.on("upgrade", (res, socket, head) => {
      clearTimeout(timer);
      if (res.headers["sec-websocket-accept"] !== acceptKey(key)) {
        socket.destroy();
        reject(new Error(`${target.label}: websocket ${path}: bad Sec-WebSocket-Accept`));
        return;
      }
      resolve(new MinimalWebSocket(socket, head));
    });
    req.on("response", (res) => {
      clearTimeout(timer);
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        let text = Buffer.concat(chunks).toString("utf8");
        try {
          text = JSON.parse(text).error || text;
        } catch {
          /* not JSON: keep the raw text */
        }
        reject(new Error(`${target.label}: websocket ${path} refused: ${res.statusCode} ${text.trim().slice(0, 200)}`));
      });
    });
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`${target.label}: websocket ${path}: ${e.message}`));
    });
    req.end();
  });
}
