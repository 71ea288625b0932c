// The compiled code's fast paths for host objects' attributes (attribute slots,
// runtime/values.ts ATTR_SLOT) and builtins' keyword tables (KeywordTable): results,
// errors and their positions are those of the ordinary path, whatever the value, and a
// shadowed name or a table without an answer takes the ordinary path.
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

// A builtin with a keyword table for `x`: answers "a" and "b" there; the ordinary
// implementation counts its calls (so a test can tell which path ran), answers other strings
// and fails for what is not a string. The table is prototype-less, as KeywordTable requires:
// inherited names ("constructor", "__proto__", "toString") must take the ordinary call.
const NAMED = `(() => {
  const f = function (args, kwargs) {
    globalThis.$ordinaryCalls = (globalThis.$ordinaryCalls || 0) + 1;
    const v = kwargs.length ? kwargs[0][1] : args[0];
    if (typeof v !== "string") throw new $rt.StarlarkError("named: want string, got " + $rt.typeName(v));
    return "ordinary " + v;
  };
  const table = Object.create(null);
  table.a = 1;
  table.b = 2;
  globalThis.$namedTable = table;
  f.keywordTables = { x: table };
  return new $rt.SBuiltin("named", f);
})()`;
const CALLS = `(() => new $rt.SBuiltin("ordinary_calls", () => globalThis.$ordinaryCalls || 0))()`;
// Changes the table in place, as its owner does when the answers change.
const SET = `(() => new $rt.SBuiltin("set_answer", (args) => { globalThis.$namedTable[args[0]] = args[1]; return null; }))()`;

const KEYWORDS = `
def table():
    return [named(x="a"), named(x="b"), ordinary_calls()]

def absent():
    return [named(x="c"), named(x="constructor"), named(x="__proto__"), named(x="toString"), ordinary_calls()]

def fails(v):
    return named(x=v)

def others():
    return [named("a"), named(x="a", **{}), ordinary_calls()]

def shadowed(named):
    return named(x="a")

def unknown():
    return named(y="a")

def changed():
    set_answer("c", 3)
    return [named(x="c"), ordinary_calls()]
`;

async function withKeywords(body: (s: Session) => void): Promise<void> {
  const s = await Session.create();
  try {
    const init = s.init(program(KEYWORDS, { predeclared: ["named", "ordinary_calls", "set_answer"] }), {}, undefined, {
      jsValues: { named: NAMED, ordinary_calls: CALLS, set_answer: SET },
    });
    assert.equal(init.error, undefined, init.error?.message);
    body(s);
  } finally {
    s.dispose();
  }
}

test("keyword tables: f(name=s) reads the builtin's table, and makes the ordinary call where it has no answer or there is none", async () => {
  await withKeywords((s) => {
    assert.deepEqual(s.call("table").value, [1, 2, 0]);
    assert.deepEqual(s.call("absent").value, ["ordinary c", "ordinary constructor", "ordinary __proto__", "ordinary toString", 4]);
    assert.deepEqual(s.call("others").value, ["ordinary a", "ordinary a", 6]);
    for (const v of [1, null, ["a"]]) {
      const f = s.call("fails", [v]);
      assert.match(String(f.error?.message), /^named: want string, got /);
      assert.deepEqual(f.error?.backtrace.map((x) => `${x.function}:${x.line}:${x.col}`), ["fails:9:17"]);
    }
    assert.equal(s.call("unknown").value, "ordinary a");
    assert.deepEqual(s.call("changed").value, [3, 10]);
  });
});

test("keyword tables: a shadowing parameter is called as itself", async () => {
  await withKeywords((s) => {
    const r = s.call("shadowed", [null]);
    assert.equal(r.error?.message, "invalid call of non-function (NoneType)");
    assert.deepEqual(r.error?.backtrace.map((x) => `${x.line}:${x.col}`), ["15:17"]);
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

test("keyword tables: a predeclared function without a value fails at its name, as any read of it does", async () => {
  const s = await Session.create();
  try {
    const src = `${KEYWORDS}\ndef ref():\n    return named\n`;
    const init = s.init(program(src, { predeclared: ["named", "ordinary_calls", "set_answer"] }), {}, undefined, {
      jsValues: { ordinary_calls: CALLS, set_answer: SET },
    });
    assert.equal(init.error, undefined, init.error?.message);
    const ref = s.call("ref").error;
    const call = s.call("table").error;
    assert.ok(ref && call);
    assert.equal(call.message, ref.message);
    assert.deepEqual(call.backtrace.map((x) => `${x.function}:${x.line}:${x.col}`), ["table:3:13"]);
  } finally {
    s.dispose();
  }
});
