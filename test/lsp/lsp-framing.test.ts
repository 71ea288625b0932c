// H5: the real language server over stdio, fed malformed framing byte by byte. Each case must
// end with the server answering the next well-formed request (recovered) and a message on
// stderr that says what was wrong; input that ends inside a message ends the server with a
// message. Never a silent hang.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { BIN } from "../support/lsp-client";

function frame(message: unknown, declared?: number): Buffer {
  const body = Buffer.from(JSON.stringify(message));
  return Buffer.concat([Buffer.from(`Content-Length: ${declared ?? body.length}\r\n\r\n`), body]);
}

const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } };
const request = (id: number) => ({ jsonrpc: "2.0", id, method: "shutdown" });

class RawServer {
  readonly proc: ChildProcess;
  stdout = "";
  stderr = "";
  exit: Promise<number | null>;

  constructor() {
    this.proc = spawn(process.execPath, [BIN, "lsp", "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    this.proc.stdout!.on("data", (d) => (this.stdout += String(d)));
    this.proc.stderr!.on("data", (d) => (this.stderr += String(d)));
    this.exit = new Promise((resolve) => this.proc.on("exit", resolve));
  }

  write(bytes: Buffer | string): void {
    this.proc.stdin!.write(bytes);
  }

  /** Resolves once a response with `id` was written, or rejects after `ms` with what was seen. */
  async answer(id: number, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!new RegExp(`"id":${id}[,}]`).test(this.stdout)) {
      if (Date.now() > deadline) throw new Error(`no answer to request ${id}; stderr: ${this.stderr}; stdout: ${this.stdout.slice(-300)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stderrMatches(re: RegExp, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!re.test(this.stderr)) {
      if (Date.now() > deadline) throw new Error(`stderr never matched ${re}: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(): void {
    this.proc.kill();
  }
}

test("a Content-Length that claims too much: the next message is still answered", { timeout: 60_000 }, async () => {
  const s = new RawServer();
  try {
    s.write(frame(initialize));
    await s.answer(1);
    // Claims 5000 bytes; the next message follows right after the real body.
    s.write(Buffer.concat([frame({ jsonrpc: "2.0", method: "$/noSuchNotification" }, 5000), frame(request(2))]));
    await s.answer(2);
    assert.match(s.stderr, /a header said Content-Length: 5000 but the message was \d+ bytes/);
  } finally {
    s.kill();
  }
});

test("a Content-Length that claims too little, a header without a length, a body that is not JSON: each skipped and said", { timeout: 60_000 }, async () => {
  const s = new RawServer();
  try {
    s.write(frame(initialize));
    await s.answer(1);
    s.write(Buffer.concat([frame({ jsonrpc: "2.0", method: "$/cutShort", params: { long: "x".repeat(100) } }, 20), frame(request(2))]));
    await s.answer(2);
    // The cut body plus the bytes before the next header are one JSON value: recovered whole.
    assert.match(s.stderr, /a header said Content-Length: 20 but the message was 160 bytes/);
    s.write(Buffer.concat([Buffer.from("Content-Type: nothing\r\n\r\n{}"), frame(request(3))]));
    await s.answer(3);
    assert.match(s.stderr, /malformed header "Content-Type: nothing": no valid Content-Length/);
    s.write(Buffer.concat([Buffer.from("Content-Length: 5\r\n\r\nhello"), frame(request(4))]));
    await s.answer(4);
    assert.match(s.stderr, /a message body is not JSON \(Content-Length: 5\)/);
    s.write(Buffer.concat([Buffer.from("Content-Length: -3\r\n\r\n"), frame(request(5))]));
    await s.answer(5);
  } finally {
    s.kill();
  }
});

test("a body that never comes: said on stderr while waiting, and the end of input ends the server with a message", { timeout: 60_000 }, async () => {
  const s = new RawServer();
  try {
    s.write(frame(initialize));
    await s.answer(1);
    s.write("Content-Length: 100000\r\n\r\n{\"jsonrpc\":");
    await s.stderrMatches(/waiting for \d+ more bytes of a message \(Content-Length: 100000\)/);
    s.proc.stdin!.end();
    const code = await s.exit;
    assert.notEqual(code, null);
    assert.match(s.stderr, /input ended inside a message: \d+ of its 100000 bytes never came/);
  } finally {
    s.kill();
  }
});

test("a client that stops reading our output: the server ends quietly, no crash", { timeout: 60_000 }, async () => {
  const s = new RawServer();
  s.write(frame(initialize));
  await s.answer(1);
  s.proc.stdout!.destroy();
  for (let i = 2; i < 40; i++) s.write(frame(request(i)));
  s.proc.stdin!.end();
  const code = await s.exit;
  assert.ok(code === 0 || code === 1, `exit ${code}`);
  assert.doesNotMatch(s.stderr, /at .*\.js:\d+|Uncaught|EPIPE/);
});

test("a 20 MB message (a big document) passes the guard in one piece", { timeout: 120_000 }, async () => {
  const s = new RawServer();
  try {
    s.write(frame(initialize));
    await s.answer(1);
    const text = "# big\n" + "x = 1\n".repeat(3_500_000);
    s.write(frame({ jsonrpc: "2.0", method: "$/bigNotification", params: { text } }));
    s.write(frame(request(2)));
    await s.answer(2, 60_000);
    assert.doesNotMatch(s.stderr, /incus-scriptlet lsp: /);
  } finally {
    s.kill();
  }
});
