// Mutating methods on frozen containers and on containers being iterated: the messages are
// go.starlark.net's (List.checkMutable "cannot <verb> frozen list" / "... list during
// iteration", hashtable.checkMutable "... frozen hash table", wrapped by nameErr), and the
// order of checks (e.g. list.pop's index check before the frozen check, set.add's
// membership test before the insert) is Go's.

import { DEBIAN_STARLARK_GO, DEFAULT_SEMANTICS, semanticsFor, setSemantics } from "../../server/src/starlark/runtime/semantics";
import { test } from "node:test";
import assert from "node:assert/strict";
import { evalStarlark } from "./runtime-library-support";
import { callMethod } from "../../server/src/starlark/runtime/access";
import { repr } from "../../server/src/starlark/runtime/repr";
import { SDict, SList, SSet, StarlarkError, freeze, type Value } from "../../server/src/starlark/runtime/values";

function frozen(src: string): Value {
  const v = evalStarlark(src);
  freeze(v);
  return v;
}

function m(recv: Value, name: string, ...args: Value[]): Value {
  return callMethod(recv, name, args, null);
}

function throwsMsg(f: () => unknown, msg: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof StarlarkError, `not a StarlarkError: ${String(e)}`);
    assert.equal(e.message, msg);
    return true;
  });
}

test("list mutators on a frozen list", () => {
  const l = frozen("[1, 2]");
  throwsMsg(() => m(l, "append", 3), "append: cannot append to frozen list");
  throwsMsg(() => m(l, "clear"), "clear: cannot clear frozen list");
  throwsMsg(() => m(l, "extend", evalStarlark("[3]")), "extend: cannot extend frozen list");
  throwsMsg(() => m(l, "insert", 0, 3), "insert: cannot insert into frozen list");
  throwsMsg(() => m(l, "pop"), "pop: cannot pop from frozen list");
  throwsMsg(() => m(l, "remove", 1), "remove: cannot remove from frozen list");
  // The index is checked before mutability; argument errors come first of all.
  throwsMsg(() => m(l, "pop", 5), "pop: list index 5 out of range [-2:1]");
  throwsMsg(() => m(l, "extend", 1), "extend: for parameter 1: got int, want iterable");
  // Reading is fine.
  assert.equal(m(l, "index", 2), 1);
  assert.equal(repr(l), "[1, 2]");
});

test("list mutators during iteration", () => {
  const l = evalStarlark("[1, 2]") as SList;
  const it = l.iterate();
  try {
    throwsMsg(() => m(l, "append", 3), "append: cannot append to list during iteration");
    throwsMsg(() => m(l, "clear"), "clear: cannot clear list during iteration");
    throwsMsg(() => m(l, "extend", evalStarlark("[3]")), "extend: cannot extend list during iteration");
    throwsMsg(() => m(l, "insert", 0, 3), "insert: cannot insert into list during iteration");
    throwsMsg(() => m(l, "pop"), "pop: cannot pop from list during iteration");
    throwsMsg(() => m(l, "remove", 1), "remove: cannot remove from list during iteration");
  } finally {
    it.done();
  }
  m(l, "append", 3);
  assert.equal(repr(l), "[1, 2, 3]");
});

test("extending a list with itself appends one copy", () => {
  const l = evalStarlark("[1, 2]");
  m(l, "extend", l);
  assert.equal(repr(l), "[1, 2, 1, 2]");
});

test("dict mutators on a frozen dict", () => {
  const d = frozen('{1: 2, "a": "b"}');
  throwsMsg(() => m(d, "clear"), "cannot clear frozen hash table"); // no "clear: " in Go
  throwsMsg(() => m(d, "pop", 1), "pop: cannot delete from frozen hash table");
  throwsMsg(() => m(d, "pop", 99), "pop: cannot delete from frozen hash table");
  throwsMsg(() => m(d, "popitem"), "popitem: cannot delete from frozen hash table");
  throwsMsg(() => m(d, "setdefault", 5), "setdefault: cannot insert into frozen hash table");
  throwsMsg(() => m(d, "update", evalStarlark("{3: 4}")), "update: cannot insert into frozen hash table");
  // No mutation needed: no error.
  assert.equal(m(d, "setdefault", 1), 2);
  assert.equal(m(d, "get", 1), 2);
  assert.equal(m(d, "update", evalStarlark("{}")), null);
  assert.equal(repr(m(d, "items")), '[(1, 2), ("a", "b")]');
});

test("dict mutators during iteration", () => {
  const d = evalStarlark("{1: 2}") as SDict;
  const it = d.iterate();
  try {
    throwsMsg(() => m(d, "setdefault", 5), "setdefault: cannot insert into hash table during iteration");
    throwsMsg(() => m(d, "pop", 1), "pop: cannot delete from hash table during iteration");
    throwsMsg(() => m(d, "clear"), "cannot clear hash table during iteration");
    throwsMsg(() => m(d, "update", evalStarlark("[(3, 4)]")), "update: cannot insert into hash table during iteration");
  } finally {
    it.done();
  }
  assert.equal(m(d, "setdefault", 5), null);
  assert.equal(repr(d), "{1: 2, 5: None}");
});

test("set mutators on a frozen set", () => {
  // Debian's go.starlark.net (42030a7); Incus 6.0.4's (d9371fe) refuses even these.
  setSemantics(semanticsFor(DEBIAN_STARLARK_GO));
  try {
    assert.equal(m(frozen("set([1, 2])"), "add", 1), null); // already present: no mutation, no error
    assert.equal(m(frozen("set([1, 2])"), "discard", 3), null); // absent: no mutation, no error
  } finally {
    setSemantics(DEFAULT_SEMANTICS);
  }
  throwsMsg(() => m(frozen("set([1, 2])"), "add", 1), "add: cannot insert into frozen hash table");
  throwsMsg(() => m(frozen("set([1, 2])"), "discard", 3), "discard: cannot delete from frozen hash table");
  setSemantics(semanticsFor(DEBIAN_STARLARK_GO));
  const s = frozen("set([1, 2])");
  throwsMsg(() => m(s, "add", 5), "add: cannot insert into frozen hash table");
  throwsMsg(() => m(s, "remove", 3), "remove: cannot delete from frozen hash table");
  assert.equal(m(s, "discard", 3), null); // absent: no mutation, no error
  throwsMsg(() => m(s, "discard", 1), "discard: cannot delete from frozen hash table");
  throwsMsg(() => m(s, "pop"), "pop: cannot delete from frozen hash table");
  throwsMsg(() => m(s, "clear"), "clear: cannot clear frozen hash table");
  assert.equal(m(frozen("set()"), "clear"), null); // already empty
  throwsMsg(() => m(s, "add", evalStarlark("[]")), "add: unhashable type: list");
  setSemantics(DEFAULT_SEMANTICS);
  // Non-mutating operations build new, unfrozen sets.
  const u = m(s, "union", evalStarlark("[3]")) as SSet;
  m(u, "add", 4);
  assert.equal(repr(u), "set([1, 2, 3, 4])");
});

test("set mutators during iteration", () => {
  const s = evalStarlark("set([1, 2])") as SSet;
  const it = s.iterate();
  try {
    throwsMsg(() => m(s, "add", 5), "add: cannot insert into hash table during iteration");
    throwsMsg(() => m(s, "pop"), "pop: cannot delete from hash table during iteration");
    throwsMsg(() => m(s, "remove", 1), "remove: cannot delete from hash table during iteration");
  } finally {
    it.done();
  }
});

test("methods hold no iteration lock after they return or fail", () => {
  const l = evalStarlark("[3, 1, 2]") as SList;
  evalStarlark("1"); // warm up the parser
  assert.throws(() => callMethod(",", "join", [l], null));
  assert.equal(l.itercount, 0);
  const d = evalStarlark("{1: 2}") as SDict;
  assert.throws(() => callMethod(evalStarlark("{}"), "update", [evalStarlark("[(1, 2), 3]")], null));
  m(d, "update", evalStarlark("[(3, 4)]"));
  assert.equal(d.ht.itercount, 0);
});
