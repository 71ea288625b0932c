// Indexing, slicing, attributes, iteration, calls and argument binding, the runtime state
// (recursion check, call depth, catchError) and the host marshalling. Messages are
// go.starlark.net's (eval.go getIndex/slice/getAttr/setArgs, interp.go UNPACK/CALL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { $rt } from "../../server/src/starlark/runtime/index";
import {
  MANDATORY, SBuiltin, SDict, SFloat, SHostObject, SList, SRange, STuple,
  type FunctionDesc, type Value,
} from "../../server/src/starlark/runtime/values";
import { throwsMsg } from "./runtime-core-support";

const { getIndex, setIndex, slice, getAttr, setField, iterate, unpack, call, makeFunction } = $rt;

test("indexing: fast paths, negative indices and Go's out-of-range messages", () => {
  const l = new SList([1, 2, 3]);
  assert.equal(getIndex(l, -1), 3);
  assert.equal(getIndex("abc", 1), "b");
  assert.equal(getIndex(new SRange(0, 10, 2), 2), 4);
  throwsMsg(() => getIndex("abc", 3), "string index 3 out of range [-3:2]");
  throwsMsg(() => getIndex("abc", -4), "string index -4 out of range [-3:2]");
  throwsMsg(() => getIndex(new SList([]), 0), "index 0 out of range: empty list");
  throwsMsg(() => getIndex(new STuple([1]), "x"), "tuple index: got string, want int");
  throwsMsg(() => getIndex(null, 0), "unhandled index operation NoneType[int]");
  throwsMsg(() => getIndex(new SDict(), 1), "key 1 not in dict");
  throwsMsg(() => getIndex(new SDict(), "a"), 'key "a" not in dict');
  throwsMsg(() => getIndex(new SDict(), new SList([])), "unhashable type: list");
});

test("item assignment", () => {
  const l = new SList([1, 2]);
  setIndex(l, -1, "x");
  assert.deepEqual(l.elems, [1, "x"]);
  throwsMsg(() => setIndex(l, 2, 0), "list index 2 out of range [-2:1]");
  throwsMsg(() => setIndex(l, "a", 0), "got string, want int");
  throwsMsg(() => setIndex(new STuple([1]), 0, 0), "tuple value does not support item assignment");
  const it = l.iterate();
  throwsMsg(() => setIndex(l, 0, 0), "cannot assign to element of list during iteration");
  it.done();
  l.freeze();
  throwsMsg(() => setIndex(l, 0, 0), "cannot assign to element of frozen list");
});

test("slicing with steps, clamping and errors", () => {
  assert.equal(slice("abcdef", 1, undefined, 2), "bdf");
  assert.equal(slice("abcdef", undefined, undefined, -1), "fedcba");
  assert.equal(slice("abcdef", -2, 100, undefined), "ef");
  assert.equal(slice("abcdef", 4, 1, null), "");
  assert.deepEqual((slice(new STuple([1, 2, 3]), undefined, undefined, -2) as STuple).elems, [3, 1]);
  assert.equal((slice(new SRange(0, 10, 1), 2, 8, 3) as SRange).repr(), "range(2, 8, 3)");
  throwsMsg(() => slice(new STuple([1]), undefined, undefined, 0), "zero is not a valid slice step");
  throwsMsg(() => slice(new STuple([1]), undefined, undefined, "a"), "invalid slice step: got string, want int");
  throwsMsg(() => slice("abc", new SFloat(1.5), undefined, undefined), "invalid start index: got float, want int");
  throwsMsg(() => slice("abc", undefined, "x", undefined), "invalid end index: got string, want int");
  throwsMsg(() => slice(null, 1, undefined, undefined), "invalid slice operand NoneType");
});

test("attributes: bound methods, spelling hints, host objects", () => {
  const up = getAttr("abc", "upper");
  assert.ok(up instanceof SBuiltin);
  assert.equal(call(up, [], null), "ABC");
  assert.equal($rt.callMethod("a-b", "split", ["-"], null) instanceof SList, true);
  throwsMsg(() => getAttr("a", "uper"), "string has no .uper field or method (did you mean .upper?)");
  throwsMsg(() => getAttr(null, "foo"), "NoneType has no .foo field or method");
  throwsMsg(() => getAttr(new SBuiltin("len", () => null), "foo"), "builtin_function_or_method has no .foo field or method");
  const m = new SHostObject("Member", [["name", "m1"]], true, 'Invalid field "%s"');
  assert.equal(getAttr(m, "name"), "m1");
  throwsMsg(() => getAttr(m, "nmae"), 'Invalid field "nmae"');
  const plain = new SHostObject("Member", [["name", "m1"]]);
  throwsMsg(() => getAttr(plain, "nme"), "Member has no .nme field or method (did you mean .name?)");
  throwsMsg(() => getAttr(plain, "nmae"), "Member has no .nmae field or method"); // 2 edits: too far
  throwsMsg(() => setField(m, "name", 1), "can't assign to .name field of Member");
  throwsMsg(() => setField(new SList([]), "foo", 1), "can't assign to .foo field of list");
});

test("iteration and sequence assignment", () => {
  const it = iterate(new SRange(0, 3, 1));
  const got: Value[] = [];
  for (let v = it.next(); v !== undefined; v = it.next()) got.push(v);
  it.done();
  assert.deepEqual(got, [0, 1, 2]);
  throwsMsg(() => iterate(new SFloat(0)), "float value is not iterable");
  throwsMsg(() => iterate("abc"), "string value is not iterable");
  assert.deepEqual(unpack(new STuple([1, 2]), 2), [1, 2]);
  throwsMsg(() => unpack(1, 2), "got int in sequence assignment");
  throwsMsg(() => unpack(new SList([1, 2, 3]), 2), "too many values to unpack (got 3, want 2)");
  throwsMsg(() => unpack(new SList([1, 2]), 3), "too few values to unpack (got 2, want 3)");
  const d = new SDict();
  d.setKey("a", 1);
  d.setKey("b", 2);
  d.setKey("c", 3);
  throwsMsg(() => unpack(d, 2), "too many values to unpack (got 3, want 2)");
  d.setKey("d", 4); // the failed unpack released its lock
});

let nextLine = 1;
function def(name: string, params: string[], opts: Partial<FunctionDesc>, impl: (...a: Value[]) => Value): FunctionDesc {
  const numParams = params.length - (opts.hasVarargs ? 1 : 0) - (opts.hasKwargs ? 1 : 0);
  return {
    name, pos: `test.star:${nextLine++}:1`, params, numParams, numKwonly: 0, hasVarargs: false, hasKwargs: false, impl, ...opts,
  };
}

test("argument binding: defaults, *args, **kwargs, keyword-only parameters", () => {
  // def f(a, b=2, *args, c, d=4, **kw): return [a, b, args, c, d, kw]
  const f = makeFunction(
    def("f", ["a", "b", "c", "d", "args", "kw"], { numParams: 4, numKwonly: 2, hasVarargs: true, hasKwargs: true },
      (...l) => new SList(l)),
    [2, MANDATORY, 4], [],
  );
  const r = call(f, [1, 5, 6, 7], [["c", 3], ["z", 9]]);
  assert.equal($rt.repr(r), '[1, 5, 3, 4, (6, 7), {"z": 9}]');
  const star = new SList([10, 20]);
  const kw = new SDict();
  kw.setKey("c", 30);
  assert.equal($rt.repr(call(f, [], null, star, kw)), "[10, 20, 30, 4, (), {}]");
});

/** A binding error, caught as the conformance harness catches errors: the failed call
 *  leaves its callee on the call stack (as go.starlark.net's Call pushes the frame before
 *  binding), which catchError unwinds. */
function bindingFails(f: () => unknown, message: string): void {
  assert.equal($rt.catchError(f), message);
  assert.deepEqual($rt.callStack(), []);
}

test("argument binding errors are setArgs's", () => {
  const f0 = makeFunction(def("f", [], {}, () => null), [], []);
  bindingFails(() => call(f0, [1], [["a", 2]]), "function f accepts no arguments (2 given)");
  const f1 = makeFunction(def("f", ["x"], {}, () => null), [], []);
  bindingFails(() => call(f1, [], [["y", 1]]), 'function f got an unexpected keyword argument "y"');
  bindingFails(() => call(f1, [1], [["x", 1]]), 'function f got multiple values for parameter "x"');
  bindingFails(() => call(f1, [], null), "function f missing 1 argument (x)");
  const f2 = makeFunction(def("f", ["a", "b"], {}, () => null), [1], []);
  bindingFails(() => call(f2, [1, 2, 3], null), "function f accepts at most 2 positional arguments (3 given)");
  const f3 = makeFunction(def("f", ["a", "b"], {}, () => null), [], []);
  bindingFails(() => call(f3, [1, 2, 3], null), "function f accepts 2 positional arguments (3 given)");
  const f4 = makeFunction(def("f", ["a", "b", "c"], { numKwonly: 2 }, () => null), [MANDATORY, MANDATORY], []);
  bindingFails(() => call(f4, [1, 2], null), "function f accepts 1 positional argument (2 given)");
  bindingFails(() => call(f4, [], null), "function f missing 3 arguments (a, b, c)");
  const fk = makeFunction(def("f", ["x", "kw"], { hasKwargs: true }, () => null), [], []);
  const dup = new SDict();
  dup.setKey("y", 2);
  bindingFails(() => call(fk, [1], [["y", 1]], undefined, dup), 'function f got multiple values for parameter "y"');
  bindingFails(() => call(f1, [], null, 1), "argument after * must be iterable, not int");
  bindingFails(() => call(f1, [], null, undefined, 1), "argument after ** must be a mapping, not int");
  const badkw = new SDict();
  badkw.setKey(1, 2);
  bindingFails(() => call(f1, [], null, undefined, badkw), "keywords must be strings, not int");
  throwsMsg(() => call(1, [], null), "invalid call of non-function (int)");
  // Uncaught, the binding error leaves the callee, not started, as the innermost frame.
  throwsMsg(() => call(f1, [], null), "function f missing 1 argument (x)");
  assert.deepEqual($rt.callStack(), [f1]);
  $rt.reset();
});

test("recursion is detected by function code, even through fresh closures", () => {
  $rt.setOptions({ recursion: false });
  // Two descs with the same position stand for the same def (closures get fresh descs).
  let depth = 0;
  const mk = (): Value =>
    makeFunction({ name: "g", pos: "rec.star:1:1", params: [], numParams: 0, numKwonly: 0, hasVarargs: false, hasKwargs: false,
      impl: () => (++depth < 3 ? call(mk(), [], null) : null) }, [], []);
  assert.equal($rt.catchError(() => call(mk(), [], null)), "function g called recursively");
  assert.deepEqual($rt.callStack(), []); // unwound by catchError
  depth = 0;
  $rt.setOptions({ recursion: true });
  try {
    assert.equal(call(mk(), [], null), null);
    assert.equal(depth, 3);
    // With a depth limit set (none by default: go.starlark.net has none), unbounded
    // recursion stops at it with an error, not a JS stack overflow.
    $rt.setOptions({ maxCallDepth: 500 });
    const inf = makeFunction(def("inf", [], {}, () => call(inf, [], null)), [], []);
    const msg = $rt.catchError(() => call(inf, [], null));
    assert.match(msg ?? "", /^call stack depth exceeded/);
    assert.deepEqual($rt.callStack(), []);
  } finally {
    $rt.setOptions({ recursion: false, maxCallDepth: Infinity });
  }
});

test("catchError returns null on success and lets non-Starlark errors through", () => {
  assert.equal($rt.catchError(() => 1), null);
  assert.throws(() => $rt.catchError(() => { throw new TypeError("bug"); }), TypeError);
});

test("host values cross the boundary in the tagged encoding", () => {
  const wire = {
    $dict: [
      ["n", { $int: "123456789012345678901234567890" }],
      ["f", { $float: "-Inf" }],
      ["t", { $tuple: [1, { $bytes: "\xff" }] }],
      ["s", { $set: ["a"] }],
      ["o", { $obj: "Member", fields: [["name", "m1"]], dirQuoted: true, missing: 'Invalid field "%s"' }],
    ],
  } as const;
  const v = $rt.fromWire(wire as never);
  assert.equal($rt.repr(v), '{"n": 123456789012345678901234567890, "f": -inf, "t": (1, b"\\xff"), "s": set(["a"]), "o": {"name": "m1"}}');
  const o = (v as SDict).getKey("o") as SHostObject;
  assert.equal(o.type(), "Member");
  assert.deepEqual(o.attrNames(), ['"name"']);
  assert.equal(o.truth(), true);
  throwsMsg(() => o.hashKey(), "unhashable type: Member");
  assert.deepEqual($rt.toWire(v), {
    $dict: [
      ["n", { $int: "123456789012345678901234567890" }],
      ["f", { $float: "-Inf" }],
      ["t", { $tuple: [1, { $bytes: "\xff" }] }],
      ["s", { $set: ["a"] }],
      ["o", { $obj: "Member", fields: [["name", "m1"]], dirQuoted: true, missing: 'Invalid field "%s"' }],
    ],
  });
  // What leaves the sandbox is what go.starlark.net would print: -0.0 keeps its sign, a
  // container inside itself is cut as repr cuts it, any depth encodes.
  assert.deepEqual($rt.toWire(new SFloat(-0)), { $float: "-0" });
  assert.ok(Object.is(($rt.fromWire({ $float: "-0" }) as SFloat).v, -0));
  const cyc = new SList([1]);
  cyc.elems.push(cyc);
  assert.deepEqual($rt.toWire(cyc), [1, { $opaque: "list", repr: "[...]" }]);
  let deep: SList = new SList([]);
  for (let i = 0; i < 5000; i++) deep = new SList([deep]);
  let w = $rt.toWire(deep);
  let depth = 0;
  while (Array.isArray(w) && w.length) { w = w[0]; depth++; }
  assert.equal(depth, 5000);
});

test("dict literals reject duplicate keys; += extends lists in place", () => {
  throwsMsg(() => $rt.dict(["a", 1, "a", 2]), 'duplicate key: "a"');
  throwsMsg(() => $rt.dict([new SFloat(123), 1, 123, 2]), "duplicate key: 123");
  const l = new SList([1]);
  assert.equal($rt.inplaceAdd(l, new STuple([2])), l);
  assert.deepEqual(l.elems, [1, 2]);
  assert.equal($rt.inplaceAdd(l, l), l);
  assert.deepEqual(l.elems, [1, 2, 1, 2]);
  l.freeze();
  throwsMsg(() => $rt.inplaceAdd(l, new SList([])), "cannot apply += to frozen list");
  const d = new SDict();
  d.freeze();
  throwsMsg(() => $rt.inplacePipe(d, new SDict()), "cannot apply |= to frozen hash table");
});
