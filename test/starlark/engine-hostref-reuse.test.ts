// Copies of interned values reused across calls (runtime/host-copies.ts) and long reference
// lists sent as moves of the previous call's list (sandbox/ref-lists.ts): what a run can
// observe must be what fresh copies give — a copy touched (a mutable field reached, str(),
// a failure) in one call never reaches the next, a reference given twice in one call is two
// values, a list arrives in the order sent whatever the moves, and a sandbox that lost its
// lists (a failed call) is sent them whole.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HostDict, HostObject, HostRef, Session, StarlarkError, type HostValue } from "../../server/src/starlark/engine";
import { movesBetween, noteRefListEdit } from "../../server/src/starlark/sandbox/ref-lists";
import { HashTable } from "../../server/src/starlark/runtime/hashtable";
import { SHARED_TABLE_KNOWS } from "../../server/src/starlark/runtime/host-copies";
import { program } from "./engine-support";

const OBJ = { dirQuoted: true, missing: 'Invalid field "%s"', unhashable: "Unhashable type %s" } as const;

function member(i: number): HostObject {
  return new HostObject("ClusterMember", [
    ["server_name", `m${i}`],
    ["roles", ["database"]],
    ["config", new HostDict([["n", String(i)]])],
    ["nested", new HostObject("Inner", [["tags", ["x"]]], OBJ)],
  ], OBJ);
}

const SRC = `
def names(ms):
    return [m.server_name for m in ms]

def look(ms):
    return [[m.server_name, m.roles, m.config, m.nested.tags, str(m)] for m in ms]

def touch(ms, i):
    m = ms[i]
    m.roles.append("touched")
    m.config["t"] = "1"
    m.nested.tags.append("t")
    return names(ms)

def str_only(ms, i):
    return str(ms[i])

def grow(ms):
    ms.append(ms[0])
    ms[1] = ms[2]
    return len(ms)

def same(a, b):
    return [a[i] == b[i] for i in range(len(a))] + [a[0] == a[1]]

def cfg_read(ms):
    return [[m.config, m.config.get("n"), len(m.config), "t" in m.config, sorted(m.config.keys())] for m in ms]

def cfg_write(ms, k):
    c = ms[0].config
    w = k % 8
    if w == 0:
        c["t"] = "1"
    elif w == 1:
        c.pop("n")
    elif w == 2:
        c.clear()
    elif w == 3:
        c.update({"u": "2"})
    elif w == 4:
        c.setdefault("s", "3")
    elif w == 5:
        c.popitem()
    elif w == 6:
        c |= {"v": "4"}
    else:
        c["n"] = "same"
    return [ms[0].config, ms[1].config]

def cfg_iter_fail(ms):
    for k in ms[0].config:
        ms[0].config["x"] = "y"

def same1(a, b):
    return a == b

def look1(m):
    return look([m])

def touch1(m):
    m.roles.append("touched")
    return str(m)

def fail(ms, i):
    ms[i].roles.append("lost")
    return ms[i].nope
`;

async function session(): Promise<Session> {
  const s = await Session.create();
  const init = s.init(program(SRC, { predeclared: ["host"] }), {
    host: () => {
      throw new StarlarkError("no");
    },
  });
  assert.equal(init.error, undefined);
  return s;
}

/** A deterministic shuffle step: moves one or a few elements, or reverses (many moves). */
function step(list: number[], k: number): number[] {
  const a = list.slice();
  switch (k % 5) {
    case 0: {
      const [x] = a.splice(k % a.length, 1);
      a.splice((k * 7) % a.length, 0, x);
      return a;
    }
    case 1:
      return a.reverse();
    case 2:
      return a; // unchanged
    case 3: {
      const [x] = a.splice(0, 1);
      a.push(x);
      const [y] = a.splice(a.length - 3, 1);
      a.splice(2, 0, y);
      return a;
    }
    default:
      return a.slice(1).concat(a.slice(0, 1)).reverse();
  }
}

test("long lists arrive in the order sent, move after move, and look like fresh values", async () => {
  const s = await session();
  try {
    const values = Array.from({ length: 40 }, (_, i) => member(i));
    const hs = s.intern(values);
    let order = hs.slice(0, 30);
    for (let k = 0; k < 40; k++) {
      order = step(order, k);
      const refs = order.map((h) => new HostRef(h));
      const got = s.call("look", [refs]);
      const fresh = s.call("look", [order.map((h) => values[hs.indexOf(h)])]);
      assert.equal(got.error, undefined);
      assert.deepEqual(got.value, fresh.value, `call ${k}`);
      if (k % 3 === 0) assert.deepEqual(s.call("touch", [refs, k % 30]).value, order.map((h) => `m${hs.indexOf(h)}`));
      if (k % 4 === 0) assert.equal(s.call("grow", [refs]).value, 31);
      if (k % 5 === 0) assert.equal(s.call("str_only", [refs, 3]).value, s.call("str_only", [[values[hs.indexOf(order[3])]], 0]).value);
    }
  } finally {
    s.dispose();
  }
});

test("lists sent as edits of the last list (noteRefListEdit) arrive in the order sent, touched or not", async () => {
  const s = await session();
  try {
    const values = Array.from({ length: 40 }, (_, i) => member(i));
    const hs = s.intern(values);
    const fresh = (o: number[]) => s.call("look", [o.map((h) => values[hs.indexOf(h)])]).value;
    let order = hs.slice(0, 30);
    let refs: HostValue[] = order.map((h) => new HostRef(h));
    assert.deepEqual(s.call("look", [refs]).value, fresh(order));
    // First to last (the evacuation's usual move), along the list either way, none, several.
    const edits = [[0, 29], [0, 29], [3, 17], [17, 3], [], [0, 12, 29, 0], [0, 29], [5, 5], [0, 1]];
    for (let k = 0; k < 3 * edits.length; k++) {
      const moves = edits[k % edits.length];
      const next = refs.slice();
      for (let i = 0; i < moves.length; i += 2) {
        const [x] = next.splice(moves[i], 1);
        next.splice(moves[i + 1], 0, x);
      }
      noteRefListEdit(next, refs, moves);
      refs = next;
      order = refs.map((r) => (r as HostRef).handle);
      assert.deepEqual(s.call("look", [refs]).value, fresh(order), `call ${k}`);
      if (k % 4 === 1) assert.deepEqual(s.call("touch", [refs, k % 30]).value, order.map((h) => `m${hs.indexOf(h)}`));
      if (k % 5 === 2) assert.equal(s.call("grow", [refs]).value, 31);
      if (k % 7 === 3) assert.equal(s.call("fail", [refs, 1]).error?.message, 'Invalid field "nope"');
    }
    // An edit of a list that was not the last one sent: compared whole instead.
    const stale = refs.slice().reverse();
    noteRefListEdit(stale, refs.slice(), []);
    assert.deepEqual(s.call("look", [stale]).value, fresh(stale.map((r) => (r as HostRef).handle)));
  } finally {
    s.dispose();
  }
});

test("a reference twice in one call, or one list given twice, is two values", async () => {
  const s = await session();
  try {
    const hs = s.intern(Array.from({ length: 20 }, (_, i) => member(i)));
    const refs = hs.map((h) => new HostRef(h));
    for (let k = 0; k < 3; k++) {
      const dup = [refs[0], refs[0], ...refs.slice(2)];
      assert.deepEqual(s.call("same", [refs, dup]).value, Array.from({ length: 21 }, () => false));
      assert.deepEqual(s.call("same", [refs, refs]).value, Array.from({ length: 21 }, () => false));
      assert.deepEqual(s.call("same", [dup, dup]).value, Array.from({ length: 21 }, () => false));
      const short = refs.slice(0, 4);
      assert.deepEqual(s.call("same", [short, short]).value, [false, false, false, false, false]);
      assert.equal(s.call("same1", [refs[0], refs[0]]).value, false);
      assert.equal(s.call("same1", [refs[1], refs[1]]).value, false);
    }
  } finally {
    s.dispose();
  }
});

test("after a failed call the lists are sent whole, and nothing the failed call touched shows", async () => {
  const s = await session();
  try {
    const values = Array.from({ length: 20 }, (_, i) => member(i));
    const hs = s.intern(values);
    let order = hs.slice();
    const expected = (o: number[]) => s.call("look", [o.map((h) => values[hs.indexOf(h)])]).value;
    for (let k = 0; k < 6; k++) {
      order = step(order, k);
      const refs = order.map((h) => new HostRef(h));
      assert.equal(s.call("fail", [refs, k]).error?.message, 'Invalid field "nope"');
      order = step(order, k + 1);
      const next = order.map((h) => new HostRef(h));
      assert.deepEqual(s.call("look", [next]).value, expected(order));
    }
  } finally {
    s.dispose();
  }
});

test("single references: a touched copy is not handed out again", async () => {
  const s = await session();
  try {
    const [h] = s.intern([member(1)]);
    const ref = new HostRef(h);
    const fresh = s.call("look", [[member(1)]]).value as HostValue[];
    for (let k = 0; k < 4; k++) {
      // Bare references (each its own copy) and short lists of them (kept by their handles).
      assert.deepEqual(s.call("look1", [ref]).value, fresh);
      assert.deepEqual(s.call("look", [[ref]]).value, fresh);
      s.call("touch1", [ref]);
      s.call("touch", [[ref, ref], k % 2]);
      s.call("touch", [[ref], 0]);
      assert.deepEqual(s.call("look1", [ref]).value, fresh);
      assert.deepEqual(s.call("look", [[ref]]).value, fresh);
      assert.deepEqual(s.call("look", [[ref, ref]]).value, [fresh[0], fresh[0]]);
      assert.equal(s.call("fail", [[ref], 0]).error?.message, 'Invalid field "nope"');
    }
  } finally {
    s.dispose();
  }
});

test("movesBetween: the moves turn one list into the other, or there is none", () => {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const apply = (a: number[], moves: number[]) => {
    const c = a.slice();
    for (let i = 0; i < moves.length; i += 2) {
      const [x] = c.splice(moves[i], 1);
      c.splice(moves[i + 1], 0, x);
    }
    return c;
  };
  for (let t = 0; t < 2000; t++) {
    const n = 1 + rnd(40);
    const a = Array.from({ length: n }, (_, i) => (t % 7 === 0 ? i % 5 : i));
    let b = a.slice();
    for (let m = rnd(6); m > 0; m--) {
      const [x] = b.splice(rnd(b.length), 1);
      b.splice(rnd(b.length + 1), 0, x);
    }
    if (t % 11 === 0) b[rnd(n)] = 99;
    if (t % 13 === 0) b = b.slice(1);
    const moves = movesBetween(a, b);
    if (moves !== undefined) assert.deepEqual(apply(a, moves), b, `${a} -> ${b}`);
    // (None found: the lists differ in content, or need more moves than are worth sending.)
    else if (a.length === b.length && !b.includes(99)) assert.ok(t % 7 === 0 || b.some((x, i) => x !== a[i]));
  }
  assert.deepEqual(movesBetween([1, 2, 3, 4], [2, 3, 4, 1]), [0, 3]);
  assert.deepEqual(movesBetween([1, 2, 3, 4], [4, 1, 2, 3]), [3, 0]);
  assert.deepEqual(movesBetween([1, 2, 3], [1, 2, 3]), []);
  assert.equal(movesBetween([1, 2, 3], [1, 2, 4]), undefined);
});

test("dict fields are read without copying and copied at their first write, which no later call sees", async () => {
  const s = await session();
  try {
    const values = Array.from({ length: 20 }, (_, i) => member(i));
    const hs = s.intern(values);
    const refs = hs.map((h) => new HostRef(h));
    const fresh = s.call("cfg_read", [values]).value;
    for (let k = 0; k < 16; k++) {
      assert.deepEqual(s.call("cfg_read", [refs]).value, fresh, `read before write ${k}`);
      const w = s.call("cfg_write", [refs, k]);
      const marshalled = s.call("cfg_write", [values.map((v) => new HostObject(v.typeName, v.fields, v.options)), k]);
      assert.equal(w.error?.message, marshalled.error?.message);
      assert.deepEqual(w.value, marshalled.value);
      if (k % 8 !== 6) assert.equal(w.error, undefined); // (|= on dicts: only where the dialect has it)
      assert.deepEqual(s.call("cfg_read", [refs]).value, fresh, `read after write ${k}`);
      assert.deepEqual(s.call("cfg_read", [[refs[0]]]).value, [(fresh as HostValue[])[0]]);
      assert.match(s.call("cfg_iter_fail", [refs]).error?.message ?? "", /during iteration/);
      assert.deepEqual(s.call("cfg_read", [refs]).value, fresh, `read after failure ${k}`);
    }
  } finally {
    s.dispose();
  }
});

test("SharedTable overrides every HashTable writer (a method it does not know fails this test)", () => {
  const names = Object.getOwnPropertyNames(HashTable.prototype).sort();
  assert.deepEqual(names, [...SHARED_TABLE_KNOWS].sort(), "HashTable changed: check host-copies.ts SharedTable");
});
