// Guards the language server's stdin framing. vscode-jsonrpc trusts every Content-Length: a
// header that claims more bytes than the message has makes it swallow the following messages
// as body and wait forever, silently. This reader sits in front of it, checks each frame (a
// header block with a numeric Content-Length, then a body that is one JSON value) and passes
// only well-formed frames on. When a frame is wrong it says so on stderr and finds the next
// header, so the server keeps answering; when it must wait for a body that may never come, it
// says that too. It never holds more than one frame plus the header limit.
import { PassThrough, type Readable } from "node:stream";

const HEADER_END = Buffer.from("\r\n\r\n");
const CONTENT_LENGTH = Buffer.from("Content-Length:");
/** A header block longer than this is not a header. */
const MAX_HEADER_BYTES = 64 * 1024;
/** The biggest message accepted: far above any real document (a 50 MB snapshot edited in place). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** Say something when a body has been incomplete this long with nothing arriving. */
const STALL_NOTICE_MS = 5000;

export interface GuardOptions {
  /** Where problems are told (stderr in the real server). */
  report(message: string): void;
  maxMessageBytes?: number;
  stallNoticeMs?: number;
}

export function guardFraming(input: Readable, options: GuardOptions): PassThrough {
  const out = new PassThrough();
  const maxMessage = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  let buffer: Buffer = Buffer.alloc(0);
  /** Body length of the frame whose header was read, while its body is awaited. */
  let pending: { length: number; headerText: string } | undefined;
  /** How far the incomplete body has been searched for a following header already. */
  let scanned = 0;
  let stallTimer: ReturnType<typeof setTimeout> | undefined;

  const report = (message: string): void => options.report(`incus-scriptlet lsp: ${message}`);

  const forward = (body: Buffer): void => {
    out.write(`Content-Length: ${body.length}\r\n\r\n`);
    out.write(body);
  };

  /** Drops bytes up to the next "Content-Length:" at or after `from` (or all but a possible partial one). */
  const resync = (from: number): void => {
    const next = buffer.indexOf(CONTENT_LENGTH, from);
    buffer = next >= 0 ? buffer.subarray(next) : buffer.subarray(Math.max(from, buffer.length - CONTENT_LENGTH.length));
    pending = undefined;
    scanned = 0;
  };

  const isJson = (bytes: Buffer): boolean => {
    try {
      JSON.parse(bytes.toString("utf8"));
      return true;
    } catch {
      return false;
    }
  };

  const step = (): boolean => {
    if (!pending) {
      const end = buffer.indexOf(HEADER_END);
      if (end < 0) {
        if (buffer.length > MAX_HEADER_BYTES) {
          report(`malformed input: no end of header within ${MAX_HEADER_BYTES} bytes; skipping to the next Content-Length header`);
          resync(1);
          return buffer.length > 0;
        }
        return false;
      }
      const headerText = buffer.subarray(0, end).toString("latin1");
      const lengthLine = /^Content-Length:[ \t]*(\S*)[ \t]*$/im.exec(headerText);
      const length = lengthLine && /^\d+$/.test(lengthLine[1]) ? Number(lengthLine[1]) : NaN;
      if (!Number.isSafeInteger(length)) {
        report(`malformed header ${JSON.stringify(headerText.slice(0, 120))}: no valid Content-Length; skipping to the next message`);
        resync(end + HEADER_END.length);
        return true;
      }
      if (length > maxMessage) {
        report(`a message of ${length} bytes is over the ${maxMessage}-byte limit; skipping to the next message`);
        resync(end + HEADER_END.length);
        return true;
      }
      buffer = buffer.subarray(end + HEADER_END.length);
      pending = { length, headerText };
      scanned = 0;
    }
    const { length } = pending;
    if (buffer.length >= length) {
      const body = buffer.subarray(0, length);
      if (isJson(body)) {
        buffer = buffer.subarray(length);
        pending = undefined;
        forward(body);
        return true;
      }
      // Too short a length cuts the JSON; too long a one runs into the next header.
      const lied = lyingLengthEnd(0);
      if (lied !== undefined) return acceptShort(lied);
      report(`a message body is not JSON (Content-Length: ${length}); skipping to the next message`);
      resync(1);
      return buffer.length > 0;
    }
    // Incomplete: a following header inside it means the length claimed too much.
    const lied = lyingLengthEnd(scanned);
    scanned = Math.max(0, buffer.length - CONTENT_LENGTH.length);
    if (lied !== undefined) return acceptShort(lied);
    return false;
  };

  /** An offset where a complete JSON value ends and a "Content-Length:" header starts, if any. */
  const lyingLengthEnd = (from: number): number | undefined => {
    for (let at = buffer.indexOf(CONTENT_LENGTH, from); at >= 0; at = buffer.indexOf(CONTENT_LENGTH, at + 1)) {
      if (at > 0 && isJson(buffer.subarray(0, at))) return at;
    }
    return undefined;
  };

  const acceptShort = (end: number): boolean => {
    report(`a header said Content-Length: ${pending!.length} but the message was ${end} bytes; took the ${end} bytes and went on`);
    forward(buffer.subarray(0, end));
    buffer = buffer.subarray(end);
    pending = undefined;
    scanned = 0;
    return true;
  };

  const armStallNotice = (): void => {
    if (stallTimer) clearTimeout(stallTimer);
    stallTimer = undefined;
    if (!pending) return;
    stallTimer = setTimeout(() => {
      if (pending) report(`waiting for ${pending.length - size} more bytes of a message (Content-Length: ${pending.length}); if the client sent less, its header is wrong`);
    }, options.stallNoticeMs ?? STALL_NOTICE_MS);
    stallTimer.unref();
  };

  // A big body arrives in many chunks: they are kept as a list and joined once the body is
  // complete (joining on every chunk would copy a 50 MB document hundreds of times). Meanwhile
  // only each new chunk (plus the few bytes before it) is searched for a following header.
  let parts: Buffer[] = [];
  let size = 0;
  let carry: Buffer = Buffer.alloc(0);
  input.on("data", (chunk: Buffer) => {
    parts.push(chunk);
    size += chunk.length;
    if (pending && size < pending.length) {
      const window = Buffer.concat([carry, chunk]);
      carry = Buffer.from(window.subarray(-CONTENT_LENGTH.length));
      if (window.indexOf(CONTENT_LENGTH) < 0) {
        armStallNotice();
        return;
      }
    }
    buffer = parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
    while (step());
    parts = buffer.length ? [buffer] : [];
    size = buffer.length;
    carry = Buffer.from(buffer.subarray(-CONTENT_LENGTH.length));
    armStallNotice();
  });
  input.on("end", () => {
    if (stallTimer) clearTimeout(stallTimer);
    if (pending) report(`input ended inside a message: ${pending.length - size} of its ${pending.length} bytes never came`);
    else if (size > 0 && Buffer.concat(parts).toString("latin1").trim()) report(`input ended with ${size} bytes that are not a message`);
    out.end();
  });
  input.on("error", (err) => {
    report(`cannot read the input: ${err.message}`);
    out.end();
  });
  return out;
}
