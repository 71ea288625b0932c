// Interned host values (Session.intern + HostRef) and host builtins' failures (sandbox-side
// builtins: engine-extension.test.ts): a reference arrives as a fresh value in every call — a run may mutate
// what it got (fields that are lists and dicts, nested objects) and the next run, or another
// copy in the same run, does not see it — and behaves exactly as the marshalled value.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  HostDict, HostObject, HostRef, Session, StarlarkError, type HostValue,
} from "../../server/src/starlark/engine";
import { program } from "./engine-support";

const OBJ = { dirQuoted: true, missing: 'Invalid field "%s"', unhashable: "Unhashable type %s" } as const;

function member(name: string): HostObject {
  return new HostObject("ClusterMember", [
    ["server_name", name],
    ["roles", ["database"]],
    ["config", new HostDict([["a", "1"]])],
    ["nested", new HostObject("Inner", [["tags", ["x"]], ["n", 1]], OBJ)],
    ["database", false],
  ], OBJ);
}

const SRC = `
def mutate(ms):
    m = ms[0]
    m.config["b"] = "2"
    m.roles.append("extra")
    m.nested.tags.append("y")
    return [m.config, m.roles, m.nested.tags, ms[1].config, ms[1].roles]

def look(ms):
    m = ms[0]
    return [m.server_name, m.config, m.roles, m.nested.tags, type(m), str(m), dir(m), len(ms)]

def grow(ms):
    ms.append(1)
    return len(ms)

def back(m):
    m.config["c"] = "3"
    return m

def missing(m):
    return m.nope

def hashit(m):
    return {m: 1}

def freeze_it(m):
    return [m.roles]

def count(n):
    return [fast(n), fast(n + 100)]

def fail():
    return fast()
`;

async function session(): Promise<Session> {
  const s = await Session.create();
  const init = s.init(program(SRC, { predeclared: ["fast"] }), {
    fast: (args) => {
      if (args.length === 0) throw new StarlarkError("fast: host says no");
      return `host:${String(args[0])}`;
    },
  });
  assert.equal(init.error, undefined);
  return s;
}

test("a reference arrives as a copy: mutations stay in their run and their copy", async () => {
  const s = await session();
  try {
    const [h] = s.intern([member("m1")]);
    const refs = [new HostRef(h), new HostRef(h)];
    const r1 = s.call("mutate", [refs]);
    assert.equal(r1.error, undefined);
    assert.deepEqual(r1.value, [
      new HostDict([["a", "1"], ["b", "2"]]), ["database", "extra"], ["x", "y"],
      // The same reference twice: two values, the second untouched.
      new HostDict([["a", "1"]]), ["database"],
    ]);
    const r2 = s.call("look", [refs]);
    assert.equal(r2.error, undefined);
    const fresh = s.call("look", [[member("m1"), member("m1")]]);
    assert.deepEqual(r2.value, fresh.value);
    assert.deepEqual((r2.value as HostValue[]).slice(0, 4), ["m1", new HostDict([["a", "1"]]), ["database"], ["x"]]);
    // The list itself is fresh too.
    assert.equal(s.call("grow", [refs]).value, 3);
    assert.equal(s.call("look", [refs]).value && (s.call("look", [refs]).value as HostValue[])[7], 2);
  } finally {
    s.dispose();
  }
});

test("a copy behaves as the marshalled value: str, dir, errors, hashing, host encoding", async () => {
  const s = await session();
  try {
    const [h] = s.intern([member("m2")]);
    const ref = new HostRef(h);
    for (const fn of ["missing", "hashit"]) {
      const a = s.call(fn, [ref]);
      const b = s.call(fn, [member("m2")]);
      assert.ok(a.error && b.error);
      assert.equal(a.error.message, b.error.message);
    }
    assert.equal(s.call("missing", [ref]).error?.message, 'Invalid field "nope"');
    const back = s.call("back", [ref]);
    assert.equal(back.error, undefined);
    const expected = member("m2");
    (expected.fields[2][1] as HostDict).entries.push(["c", "3"]);
    assert.deepEqual(back.value, expected);
    // ...and the interned value is unchanged.
    assert.deepEqual(s.call("back", [ref]).value, expected);
    assert.deepEqual(s.call("look", [[ref, ref]]).value, s.call("look", [[member("m2"), member("m2")]]).value);
  } finally {
    s.dispose();
  }
});

test("released handles are reused; a stale reference fails cleanly", async () => {
  const s = await Session.create();
  try {
    const init = s.init(program("def f(x):\n    return x\n"), {});
    assert.equal(init.error, undefined);
    const hs = s.intern([1, "a", [1, 2]]);
    assert.deepEqual(s.call("f", [hs.map((h) => new HostRef(h))]).value, [1, "a", [1, 2]]);
    s.release([hs[1]]);
    assert.match(s.call("f", [new HostRef(hs[1])]).error?.message ?? "", /stale host reference/);
    const [again] = s.intern(["b"]);
    assert.equal(again, hs[1]);
    assert.equal(s.call("f", [new HostRef(again)]).value, "b");
  } finally {
    s.dispose();
  }
});

test("long reference lists in order travel as runs and arrive in order", async () => {
  const s = await Session.create();
  try {
    s.init(program("def f(x):\n    return [m.server_name for m in x]\n"), {});
    const hs = s.intern(Array.from({ length: 50 }, (_, i) => member(`m${i}`)));
    const order = [...hs.slice(10, 30), hs[5], ...hs.slice(40), ...hs.slice(0, 5)];
    const r = s.call("f", [order.map((h) => new HostRef(h))]);
    assert.deepEqual(r.value, order.map((h) => `m${hs.indexOf(h)}`));
  } finally {
    s.dispose();
  }
});

test("a host builtin's failure has the position of its call in the Starlark function", async () => {
  const s = await session();
  try {
    assert.deepEqual(s.call("count", [1]).value, ["host:1", "host:101"]);
    assert.equal(s.call("fail").error?.message, "fast: host says no");
    assert.deepEqual(s.call("fail").error?.backtrace.map((f) => [f.function, f.line, f.col]), [["fail", 34, 16]]);
  } finally {
    s.dispose();
  }
});

