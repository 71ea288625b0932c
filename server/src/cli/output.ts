// The CLI's one way to write results. Why it exists: stdout on a pipe is asynchronous in Node,
// so `process.exit()` right after a big write cut the output at the pipe's 64 KiB buffer; and a
// reader that goes away (`| head -c`) made the next write throw EPIPE. Here every write is
// queued on the stream, `exitWhenFlushed` waits until the queue has reached the kernel before
// exiting, and a closed stdout ends the run quietly: later output is dropped and the exit code
// stays the command's own (documented in the README under "Exit codes").

let stdoutClosed = false;
let guardsInstalled = false;

/** Listen for EPIPE (and any other write error) once, so a gone reader is not a crash. */
export function installOutputGuards(): void {
  if (guardsInstalled) return;
  guardsInstalled = true;
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    stdoutClosed = true;
    if (err.code !== "EPIPE" && err.code !== "ERR_STREAM_DESTROYED") {
      // Not a reader that left (a full disk, a revoked file): say so, once, where it can be seen.
      try {
        process.stderr.write(`incus-scriptlet: cannot write the output: ${err.message}\n`);
      } catch {
        /* stderr gone too: nothing left to tell */
      }
    }
  });
  process.stderr.on("error", () => undefined);
}

/** True once stdout's reader has gone; commands may stop producing output. */
export function outputClosed(): boolean {
  return stdoutClosed;
}

/** Writes text to stdout (nothing once the reader has gone). */
export function writeOut(text: string): void {
  installOutputGuards();
  if (stdoutClosed || text.length === 0) return;
  process.stdout.write(text);
}

/** Writes text to stderr. */
export function writeErr(text: string): void {
  installOutputGuards();
  if (text.length === 0 || process.stderr.destroyed) return;
  process.stderr.write(text);
}

/** Bytes per write when joining many lines: big enough to be fast, small enough to never hit V8's string limit. */
const CHUNK_CHARS = 1 << 20;

/** Writes lines, each followed by "\n", in bounded chunks (millions of lines never form one string). */
export function writeLines(lines: Iterable<string>): void {
  let chunk: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (stdoutClosed) return;
    chunk.push(line);
    size += line.length + 1;
    if (size >= CHUNK_CHARS) {
      writeOut(chunk.join("\n") + "\n");
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length) writeOut(chunk.join("\n") + "\n");
}

/**
 * Writes `value` as `JSON.stringify(value, null, 2)` plus a newline would, but in pieces:
 * arrays and objects near the top are written element by element, so a result with millions
 * of log lines is never one string (V8 caps a string at ~512 MiB).
 */
export function writeJson(value: unknown): void {
  let buffer = "";
  const flush = (force: boolean): void => {
    if (buffer.length >= CHUNK_CHARS || (force && buffer.length)) {
      writeOut(buffer);
      buffer = "";
    }
  };
  for (const piece of jsonPieces(value, "", 0)) {
    buffer += piece;
    flush(false);
    if (stdoutClosed) return;
  }
  buffer += "\n";
  flush(true);
}

/** Below this depth values are serialized whole by JSON.stringify (they are small). */
const STREAM_DEPTH = 3;

function* jsonPieces(value: unknown, indent: string, depth: number): Generator<string> {
  const v = value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function" ? (value as { toJSON(): unknown }).toJSON() : value;
  if (v === null || typeof v !== "object" || depth >= STREAM_DEPTH) {
    const text = JSON.stringify(v, null, 2);
    yield text === undefined ? "null" : indent ? text.replace(/\n/g, "\n" + indent) : text;
    return;
  }
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    if (v.length === 0) return yield "[]";
    yield "[";
    for (let i = 0; i < v.length; i++) {
      yield (i ? ",\n" : "\n") + inner;
      // Like JSON.stringify: undefined and functions in arrays become null.
      const item = v[i] === undefined || typeof v[i] === "function" ? null : v[i];
      yield* jsonPieces(item, inner, depth + 1);
    }
    yield "\n" + indent + "]";
    return;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== "function" && typeof x !== "symbol");
  if (entries.length === 0) return yield "{}";
  yield "{";
  let first = true;
  for (const [k, x] of entries) {
    yield (first ? "\n" : ",\n") + inner + JSON.stringify(k) + ": ";
    first = false;
    yield* jsonPieces(x, inner, depth + 1);
  }
  yield "\n" + indent + "}";
}

/** Resolves once everything written so far on `stream` has been handed to the OS (or the stream died). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableLength === 0) return resolve();
    // Writes complete in order, so the callback of an empty write runs after all earlier ones.
    const ok = stream.write("", () => resolve());
    void ok;
    stream.once("close", () => resolve());
  });
}

/**
 * Exits with `code` once stdout and stderr have been flushed. The one exit path of the CLI:
 * bin/incus-scriptlet.js calls it with the command's code.
 */
export async function exitWhenFlushed(code: number): Promise<never> {
  installOutputGuards();
  process.exitCode = code;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
