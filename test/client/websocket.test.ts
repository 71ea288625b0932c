// The minimal websocket client: framing, and following /1.0/events of a fake Incus.
import { test } from "node:test";
import assert from "node:assert/strict";
import { unixTarget } from "../../server/src/incus/client/target";
import { IncusEventStream, type IncusEvent } from "../../client/src/incus/event-stream";
import { connectWebSocket } from "../../client/src/incus/websocket";
import { acceptKey, encodeFrame, FrameDecoder, MessageAssembler, OPCODE } from "../../client/src/incus/websocket-frames";
import { startFakeIncus } from "./fake-incus";

test("accept key of RFC 6455's example", () => {
  assert.equal(acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
});

test("frames of every length round-trip, masked or not, split anywhere", () => {
  for (const len of [0, 1, 125, 126, 65535, 65536, 200_000]) {
    const payload = Buffer.alloc(len, 7);
    for (const mask of [undefined, Buffer.from([1, 2, 3, 4])]) {
      const bytes = encodeFrame(OPCODE.binary, payload, mask);
      const d = new FrameDecoder();
      const frames = [...d.push(bytes.subarray(0, 3)), ...d.push(bytes.subarray(3))];
      assert.equal(frames.length, 1);
      assert.equal(frames[0].opcode, OPCODE.binary);
      assert.ok(frames[0].payload.equals(payload), `len ${len}`);
    }
  }
});

test("fragmented messages are joined; control frames pass in between", () => {
  const a = new MessageAssembler();
  assert.equal(a.accept({ fin: false, opcode: OPCODE.text, payload: Buffer.from("he") }), undefined);
  assert.deepEqual(a.accept({ fin: true, opcode: OPCODE.ping, payload: Buffer.from("p") }), { opcode: OPCODE.ping, data: Buffer.from("p") });
  assert.deepEqual(a.accept({ fin: true, opcode: OPCODE.continuation, payload: Buffer.from("llo") }), { opcode: OPCODE.text, data: Buffer.from("hello") });
});

test("an event stream over the unix socket: messages, ping answered with a masked pong, close", async () => {
  const fake = await startFakeIncus();
  try {
    const ws = await connectWebSocket(unixTarget(fake.socketPath), "/1.0/events?type=lifecycle");
    const messages: string[] = [];
    ws.on("message", (m) => messages.push(m));
    fake.emit({ type: "lifecycle", metadata: { action: "instance-created" } });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(messages.map((m) => JSON.parse(m).metadata.action), ["instance-created"]);
    ws.close();
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(fake.clientFrames.some((f) => f.opcode === OPCODE.close && f.payload.readUInt16BE(0) === 1000));
  } finally {
    await fake.close();
  }
});

test("a refused upgrade says why", async () => {
  const fake = await startFakeIncus();
  try {
    await assert.rejects(connectWebSocket(unixTarget(fake.socketPath), "/1.0/events?refuse=1"), /refused: 403 not authorized/);
  } finally {
    await fake.close();
  }
});

test("IncusEventStream reports events and reconnects after the server drops it", async () => {
  const fake = await startFakeIncus();
  const events: IncusEvent[] = [];
  const log: string[] = [];
  const stream = new IncusEventStream(unixTarget(fake.socketPath), { onEvent: (e) => events.push(e), log: (l) => log.push(l), retryMs: 20 });
  try {
    stream.start();
    await new Promise((r) => setTimeout(r, 80));
    fake.emit({ type: "lifecycle", metadata: { action: "cluster-member-evacuated", source: "/1.0/cluster/members/n1" } });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(events.length, 1);
    assert.ok(log.some((l) => /following unix socket/.test(l)));
    fake.dropEvents();
    await new Promise((r) => setTimeout(r, 150));
    fake.emit({ type: "lifecycle", metadata: { action: "instance-deleted" } });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(events.map((e) => e.metadata?.action), ["cluster-member-evacuated", "instance-deleted"]);
    assert.ok(log.some((l) => /reconnecting/.test(l)));
  } finally {
    stream.stop();
    await fake.close();
  }
});
