// RFC 6455 framing, just what a client reading Incus's event stream needs: decode server frames
// (unmasked, possibly fragmented, any payload length), encode masked client frames (pong, close).
import { createHash, randomBytes } from "node:crypto";

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export function acceptKey(key: string): string {
  return createHash("sha1").update(key + GUID).digest("base64");
}

export function newKey(): string {
  return randomBytes(16).toString("base64");
}

/** Encodes one frame; clients must mask (RFC 6455 5.3), servers must not. */
export function encodeFrame(opcode: number, payload: Buffer, mask: Buffer | undefined = randomBytes(4), fin = true): Buffer {
  const len = payload.length;
  const headerLen = 2 + (len < 126 ? 0 : len < 65536 ? 2 : 8) + (mask ? 4 : 0);
  const out = Buffer.alloc(headerLen + len);
  out[0] = (fin ? 0x80 : 0) | opcode;
  let pos = 2;
  if (len < 126) out[1] = len;
  else if (len < 65536) {
    out[1] = 126;
    out.writeUInt16BE(len, 2);
    pos = 4;
  } else {
    out[1] = 127;
    out.writeBigUInt64BE(BigInt(len), 2);
    pos = 10;
  }
  if (mask) {
    out[1] |= 0x80;
    mask.copy(out, pos);
    pos += 4;
    for (let i = 0; i < len; i++) out[pos + i] = payload[i] ^ mask[i & 3];
  } else {
    payload.copy(out, pos);
  }
  return out;
}

/** Accumulates bytes and yields complete frames (unmasking them if masked). */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  private next(): Frame | undefined {
    const b = this.buffer;
    if (b.length < 2) return undefined;
    const fin = (b[0] & 0x80) !== 0;
    const opcode = b[0] & 0x0f;
    const masked = (b[1] & 0x80) !== 0;
    let len = b[1] & 0x7f;
    let pos = 2;
    if (len === 126) {
      if (b.length < 4) return undefined;
      len = b.readUInt16BE(2);
      pos = 4;
    } else if (len === 127) {
      if (b.length < 10) return undefined;
      const big = b.readBigUInt64BE(2);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error("websocket frame too large");
      len = Number(big);
      pos = 10;
    }
    const maskLen = masked ? 4 : 0;
    if (b.length < pos + maskLen + len) return undefined;
    const mask = masked ? b.subarray(pos, pos + 4) : undefined;
    pos += maskLen;
    const payload = Buffer.from(b.subarray(pos, pos + len));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
    this.buffer = b.subarray(pos + len);
    return { fin, opcode, payload };
  }
}

/** Joins fragmented data frames into messages; control frames pass through at once. */
export class MessageAssembler {
  private parts: Buffer[] = [];
  private opcode = 0;

  /** Returns a complete message (text/binary), a control frame, or undefined (more to come). */
  accept(frame: Frame): { opcode: number; data: Buffer } | undefined {
    if (frame.opcode >= 0x8) return { opcode: frame.opcode, data: frame.payload };
    if (frame.opcode !== OPCODE.continuation) {
      this.parts = [];
      this.opcode = frame.opcode;
    }
    this.parts.push(frame.payload);
    if (!frame.fin) return undefined;
    const data = Buffer.concat(this.parts);
    this.parts = [];
    return { opcode: this.opcode, data };
  }
}
