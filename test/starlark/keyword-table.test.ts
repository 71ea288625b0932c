// The keyword tables' contract (runtime/values.ts KeywordTable, isKeywordTableKey): compiled
// `f(name=v)` looks any value v up in the table as it is, without testing that v is a string,
// so no value that is not a string may have a key of the table as its JS property key. This
// converts a value of every Starlark type in the sandbox through a Proxy that records the key
// it is looked up by, and checks that isKeywordTableKey refuses each; then that a table filled
// through setKeywordAnswer with such names leaves those calls to the builtin itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HostObject, Session, type HostValue } from "../../server/src/starlark/engine";
import { isKeywordTableKey } from "../../server/src/starlark/runtime/values";
import { program } from "./engine-support";

// probe(v): the property key `v` is converted to when it indexes an object.
const PROBE = `(() => new $rt.SBuiltin("probe", (args) => {
  let key;
  const p = new Proxy(Object.create(null), { get(_t, k) { key = typeof k === "string" ? k : "symbol"; return undefined; } });
  p[args[0]];
  return key;
}))()`;

const VALUES = `
def f():
    pass

def main(host):
    return [probe(v) for v in [
        0, 7, -12, 1 << 70, -(1 << 70), 1.5, float("nan"), True, False, None, b"x",
        [1], (1,), {1: 2}, set([1]), range(3), f, lambda: 1, len, "ab".join, host, host.name,
    ]]
`;

test("keyword tables: no value that is not a string looks a key of a table up", async () => {
  const s = await Session.create();
  try {
    const init = s.init(program(VALUES, { predeclared: ["probe"], dialect: { set: true } }), {}, undefined, { jsValues: { probe: PROBE } });
    assert.equal(init.error, undefined, init.error?.message);
    const host = new HostObject("Member", [["name", "node1"]]);
    const r = s.call("main", [host]);
    assert.equal(r.error, undefined, r.error?.message);
    const keys = r.value as string[];
    assert.equal(keys.length, 22);
    // (host.name is the one string: its key is itself, which a table may have)
    assert.deepEqual(keys.slice(0, -1).filter((k) => isKeywordTableKey(k)), [], `keys: ${JSON.stringify(keys)}`);
    assert.equal(keys.at(-1), "node1");
    assert.ok(isKeywordTableKey("node1"));
  } finally {
    s.dispose();
  }
});

// A builtin whose table is filled through setKeywordAnswer with names a non-string converts
// to; its ordinary path reports the type, as a builtin given the wrong type does.
const NAMED = `(() => {
  const f = function (args, kwargs) {
    const v = kwargs[0][1];
    if (typeof v !== "string") throw new $rt.StarlarkError("named: for parameter x: got " + $rt.typeName(v) + ", want string");
    return "ordinary " + v;
  };
  const table = Object.create(null);
  for (const k of ["5", "-3", "true", "false", "null", "[object Object]", "node1"]) $rt.setKeywordAnswer(table, k, "table " + k);
  f.keywordTables = { x: table };
  return new $rt.SBuiltin("named", f);
})()`;

test("keyword tables: names a non-string converts to are never answered from the table", async () => {
  const s = await Session.create();
  try {
    const src = "def call(v):\n    return named(x=v)\n";
    const init = s.init(program(src, { predeclared: ["named"] }), {}, undefined, { jsValues: { named: NAMED } });
    assert.equal(init.error, undefined, init.error?.message);
    const call = (v: HostValue) => {
      const r = s.call("call", [v]);
      return r.error ? r.error.message : r.value;
    };
    assert.equal(call("node1"), "table node1");
    for (const name of ["5", "-3", "true", "false", "null", "[object Object]"]) assert.equal(call(name), `ordinary ${name}`);
    assert.equal(call(5), "named: for parameter x: got int, want string");
    assert.equal(call(-3), "named: for parameter x: got int, want string");
    assert.equal(call(true), "named: for parameter x: got bool, want string");
    assert.equal(call(null), "named: for parameter x: got NoneType, want string");
    assert.equal(call([1]), "named: for parameter x: got list, want string");
  } finally {
    s.dispose();
  }
});
