// Limits end a run with a clear error and leave the host (and new sessions) working; host
// functions and host objects cross the boundary as CONTRACT.md describes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HostObject, HostFloat, Session, StarlarkError, type HostValue } from "../../server/src/starlark/engine";
import { program, withSession } from "./engine-support";

test("an infinite while loop ends with a timeout error", async () => {
  const src = "def spin():\n    n = 0\n    while True:\n        n += 1\ndef ok():\n    return 2\n";
  await withSession(src, (s) => {
    const r = s.call("spin");
    assert.equal(r.error?.message, "Starlark computation cancelled: timeout after 200ms");
    assert.equal(r.error?.limit, "timeout");
    assert.equal(s.call("ok").value, 2, "the session stays usable");
  }, { dialect: { while: true }, limits: { timeoutMs: 200 } });
  // The process is fine and a new session runs normally.
  await withSession("def ok():\n    return 1 + 1\n", (s) => assert.equal(s.call("ok").value, 2));
});

test("a huge allocation ends with a memory error and a new session works", async () => {
  const src = "def grow():\n    s = []\n    for i in range(1000):\n        s.append([i] * 1000000)\n    return len(s)\n";
  await withSession(src, (s) => {
    const r = s.call("grow");
    assert.equal(r.error?.message, "Starlark computation cancelled: memory limit of 32 MiB exceeded");
    assert.equal(r.error?.limit, "memory");
    // The session refuses further work rather than running in a broken heap.
    assert.equal(s.call("grow").error?.limit, "memory");
  }, { limits: { memoryBytes: 32 * 1024 * 1024, timeoutMs: 20000 } });
  await withSession("def ok():\n    return [1] * 3\n", (s) => assert.deepEqual(s.call("ok").value, [1, 1, 1]));
});

test("deep recursion ends with a stack error", async () => {
  const src = "def down(n):\n    return down(n + 1)\ndef ok():\n    return 1\n";
  await withSession(src, (s) => {
    const r = s.call("down", [0]);
    assert.equal(r.error?.limit, "stack");
    assert.equal(s.call("ok").value, 1, "the session stays usable");
    assert.match(r.error?.message ?? "", /^Starlark computation cancelled: stack limit of 64 KiB exceeded/);
  }, { dialect: { recursion: true }, limits: { maxStackBytes: 64 * 1024 } });
});

test("host functions receive arguments and keyword arguments, and return values", async () => {
  const seen: [HostValue[], [string, HostValue][]][] = [];
  const host = {
    record: (args: HostValue[], kwargs: [string, HostValue][]) => {
      seen.push([args, kwargs]);
      return [args.length, "né"];
    },
  };
  await withSession('def f():\n    return record(1, "é", 2.5, name = None)\n', (s) => {
    const r = s.call("f");
    assert.deepEqual(r.value, [3, "né"]);
    assert.deepEqual(seen, [[[1, "é", new HostFloat(2.5)], [["name", null]]]]);
  }, { host });
});

test("a StarlarkError thrown by a host function becomes the Starlark error, exactly", async () => {
  const host = {
    set_target: (args: HostValue[]) => {
      throw new StarlarkError(`Invalid member name: ${String(args[0])}`);
    },
  };
  const src = 'def place():\n    set_target("nope")\n';
  await withSession(src, (s) => {
    const r = s.call("place");
    assert.equal(r.error?.message, "Invalid member name: nope");
    assert.deepEqual(r.error?.backtrace.map((f) => [f.function, f.line, f.col]), [["place", 2, 15]]);
  }, { host });
});

test("host objects: attributes, type, missing field message, quoted dir, unhashable, str", async () => {
  const member = new HostObject("ClusterMember", [["server_name", "m1"], ["roles", ["database"]]], {
    dirQuoted: true,
    missing: 'Invalid field "%s"',
  });
  const host = { get_member: () => member };
  const src = `
def attrs():
    m = get_member()
    return (m.server_name, m.roles, type(m), dir(m), bool(m), str(m))
def missing():
    return get_member().location
def unhashable():
    return {get_member(): 1}
`;
  await withSession(src, (s) => {
    const r = s.call("attrs");
    assert.equal(r.error, undefined, r.error?.message);
    const v = r.value as unknown as { items: HostValue[] };
    assert.deepEqual(v.items.slice(0, 5), ["m1", ["database"], "ClusterMember", ['"roles"', '"server_name"'], true]);
    assert.equal(v.items[5], '{"server_name": "m1", "roles": ["database"]}');
    assert.equal(s.call("missing").error?.message, 'Invalid field "location"');
    assert.equal(s.call("unhashable").error?.message, "unhashable type: ClusterMember");
  }, { host });
});

test("the top level of a program can be run with no predeclared values (validation)", async () => {
  const prog = program("log_info('at top level')\n", { predeclared: ["log_info"] });
  const s = await Session.create();
  try {
    const init = s.init(prog, {});
    assert.equal(init.error?.message, "internal error: predeclared variable log_info is uninitialized");
  } finally {
    s.dispose();
  }
});

test("a host object may carry the host's own unhashable message", async () => {
  const obj = new HostObject("InstancePlacement", [["name", "c1"]], { unhashable: "Unhashable type %s" });
  await withSession("def f():\n    return {get(): 1}\n", (s) => {
    assert.equal(s.call("f").error?.message, "Unhashable type InstancePlacement");
  }, { host: { get: () => obj } });
});
