// The compiled code's fast paths for host objects' attributes (attribute slots,
// runtime/values.ts ATTR_SLOT) and builtins' keyword entries (KeywordEntry): results,
// errors and their positions are those of the ordinary path, whatever the value, and a
// shadowed name or a declining entry takes the ordinary path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HostObject, HostRef, Session, type HostValue } from "../../server/src/starlark/engine";
import { program } from "./engine-support";

const OBJ = { dirQuoted: true, missing: 'Invalid field "%s"' } as const;

/** A host object whose field names are also names of JS objects' own machinery. */
function tricky(): HostObject {
  return new HostObject("Tricky", [
    ["server_name", "m1"],
    ["constructor", "c"],
    ["__proto__", "p"],
    ["toString", 3],
    ["roles", ["a"]],
    ["none", null],
    ["server_name", "second"], // a repeated name: the first wins, as in attr()
  ], OBJ);
}

const ATTRS = `
def read(m):
    out = []
    for i in range(3):
        out.append([m.server_name, m.constructor, m.__proto__, m.toString, m.none])
    return out

def mutate(m):
    m.roles.append("b")
    m.roles.append("c")
    return m.roles

def missing(m, i):
    if i == 0:
        return m.server_name
    return m.hasOwnProperty

def builtin_types():
    return ["abc".upper, [].append, {}.keys, "x".join(["a", "b"])]

def not_an_object(x):
    return x.server_name
`;

async function withAttrs(body: (s: Session) => void): Promise<void> {
  const s = await Session.create();
  try {
    const init = s.init(program(ATTRS));
    assert.equal(init.error, undefined);
    body(s);
  } finally {
    s.dispose();
  }
}

test("attribute slots: a host object's fields, also those named like JS's own properties, plain and interned", async () => {
  await withAttrs((s) => {
    const [h] = s.intern([tricky()]);
    for (const m of [tricky(), new HostRef(h)]) {
      const r = s.call("read", [m]);
      assert.equal(r.error, undefined, r.error?.message);
      assert.deepEqual(r.value, Array(3).fill(["m1", "c", "p", 3, null]));
      // A mutable field is the same list on each lookup.
      assert.deepEqual(s.call("mutate", [m]).value, ["a", "b", "c"]);
    }
  });
});

test("attribute slots: a missing attribute fails at its `.` with the host's message, also after a hit at the same place", async () => {
  await withAttrs((s) => {
    for (const m of [tricky(), new HostRef(s.intern([tricky()])[0])]) {
      assert.equal(s.call("missing", [m, 0]).value, "m1");
      const r = s.call("missing", [m, 1]);
      assert.equal(r.error?.message, 'Invalid field "hasOwnProperty"');
      assert.deepEqual(r.error?.backtrace.map((f) => `${f.function}:${f.line}:${f.col}`), ["missing:16:13"]);
    }
    assert.equal(s.call("not_an_object", [tricky()]).value, "m1");
    const other = new HostObject("Plain", [["a", 1]]);
    assert.equal(s.call("not_an_object", [other]).error?.message, "Plain has no .server_name field or method");
    for (const [v, t] of [[null, "NoneType"], ["s", "string"], [1, "int"], [[1], "list"]] as [HostValue, string][]) {
      const r = s.call("not_an_object", [v]);
      assert.equal(r.error?.message, `${t} has no .server_name field or method`);
      assert.deepEqual(r.error?.backtrace.map((f) => `${f.line}:${f.col}`), ["22:13"]);
    }
    const b = s.call("builtin_types");
    assert.equal(b.error, undefined, b.error?.message);
  });
});

// A builtin with a keyword entry for `x`: doubles an int there, declines anything else; the
// ordinary implementation counts its calls (so a test can tell which path ran) and fails
// for what is not an int.
const DOUBLE = `(() => {
  const f = function (args, kwargs) {
    globalThis.$ordinaryCalls = (globalThis.$ordinaryCalls || 0) + 1;
    const v = kwargs.length ? kwargs[0][1] : args[0];
    if (typeof v !== "number") throw new $rt.StarlarkError("double: want int, got " + $rt.typeName(v));
    return v * 2;
  };
  f.keywordEntries = { x: (v) => (typeof v === "number" && v < 100 ? v * 2 : undefined) };
  return new $rt.SBuiltin("double", f);
})()`;
const CALLS = `(() => new $rt.SBuiltin("ordinary_calls", () => globalThis.$ordinaryCalls || 0))()`;

const KEYWORDS = `
def entry():
    return [double(x=1), double(x=2), ordinary_calls()]

def declined():
    return [double(x=100), ordinary_calls()]

def fails(v):
    return double(x=v)

def others():
    return [double(2), double(x=3, **{}), ordinary_calls()]

def shadowed(double):
    return double(x=5)

def unknown():
    return double(y=1)
`;

async function withKeywords(body: (s: Session) => void): Promise<void> {
  const s = await Session.create();
  try {
    const init = s.init(program(KEYWORDS, { predeclared: ["double", "ordinary_calls"] }), {}, undefined, {
      jsValues: { double: DOUBLE, ordinary_calls: CALLS },
    });
    assert.equal(init.error, undefined, init.error?.message);
    body(s);
  } finally {
    s.dispose();
  }
}

test("keyword entries: f(name=v) uses the builtin's entry, and the ordinary call when it declines or there is none", async () => {
  await withKeywords((s) => {
    assert.deepEqual(s.call("entry").value, [2, 4, 0]);
    assert.deepEqual(s.call("declined").value, [200, 1]);
    assert.deepEqual(s.call("others").value, [4, 6, 3]);
    const f = s.call("fails", ["a"]);
    assert.equal(f.error?.message, "double: want int, got string");
    assert.deepEqual(f.error?.backtrace.map((x) => `${x.function}:${x.line}:${x.col}`), ["fails:9:18"]);
    assert.equal(s.call("unknown").value, 2);
  });
});

test("keyword entries: a shadowing parameter is called as itself", async () => {
  await withKeywords((s) => {
    const r = s.call("shadowed", [null]);
    assert.equal(r.error?.message, "invalid call of non-function (NoneType)");
    assert.deepEqual(r.error?.backtrace.map((x) => `${x.line}:${x.col}`), ["15:18"]);
  });
});

test("literal arithmetic computed by the compiler, and dict.get with a literal key, agree with the runtime at their edges", async () => {
  const src = `
def f():
    d = {1: "one", "k": "kay"}
    return [1024 * 1024 * 1024, 3 - 5, 5 - 3, 9007199254740991 + 1, 2 * 4503599627370496, 0 * 7, 9007199254740990 + 1,
            d.get(1), d.get("k", 2), d.get(2, "none"), d.get("x"), -5, -0, -9007199254740991, -(3), 2 - -3, [-1][0], len([-1])]
`;
  const s = await Session.create();
  try {
    const init = s.init(program(src));
    assert.equal(init.error, undefined);
    const r = s.call("f");
    assert.equal(r.error, undefined, r.error?.message);
    assert.deepEqual(r.value, [1073741824, -2, 2, 9007199254740992n, 9007199254740992n, 0, 9007199254740991, "one", "kay", "none", null, -5, 0, -9007199254740991, -3, 5, -1, 1]);
  } finally {
    s.dispose();
  }
});

test("a host object's fields by name whatever the order and number of fields of other objects of its type", async () => {
  const src = `
def f(objs):
    return [[o.a, o.b] for o in objs] + [[getattr(o, "c", None) for o in objs]]
`;
  const s = await Session.create();
  try {
    assert.equal(s.init(program(src)).error, undefined);
    const shape = (fields: [string, HostValue][]) => new HostObject("Shape", fields);
    const objs = [
      shape([["a", 1], ["b", 2]]),
      shape([["b", 3], ["a", 4]]),
      shape([["c", 5], ["a", 6], ["b", 7]]),
      shape([["a", 8], ["c", 9]].concat([["b", 10]]) as [string, HostValue][]),
    ];
    const r = s.call("f", [objs]);
    assert.equal(r.error, undefined, r.error?.message);
    assert.deepEqual(r.value, [[1, 2], [4, 3], [6, 7], [8, 10], [null, null, 5, 9]]);
  } finally {
    s.dispose();
  }
});

test("int() of short decimal strings agrees with the general parser at its edges", async () => {
  const src = `
def f():
    return [int("0"), int("012"), int("000"), int("123456789012345"), int("1234567890123456"), int("9007199254740993"),
            int("+5"), int("-5"), int("012", 10), int("7", 8)]

def bad(s):
    return int(s)
`;
  const s = await Session.create();
  try {
    assert.equal(s.init(program(src)).error, undefined);
    const r = s.call("f");
    assert.equal(r.error, undefined, r.error?.message);
    assert.deepEqual(r.value, [0, 12, 0, 123456789012345, 1234567890123456, 9007199254740993n, 5, -5, 12, 7]);
    for (const bad of ["", " 5", "5_0", "5a", "0x10", "--5"]) {
      assert.equal(s.call("bad", [bad]).error?.message, `int: invalid literal with base 10: ${bad}`);
    }
  } finally {
    s.dispose();
  }
});
