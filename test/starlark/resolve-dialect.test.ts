import { test } from "node:test";
import assert from "node:assert/strict";
import {
  dialectFromOptionComments, goStarlarkDefault, incusDialect, LOAD_NOT_IMPLEMENTED,
} from "../../server/src/starlark/resolve/dialect";
import { UNIVERSE_NAMES, isUniverseName } from "../../server/src/starlark/resolve/universe";

test("go.starlark.net's default dialect has every option off but can load", () => {
  assert.deepEqual({ ...goStarlarkDefault }, {
    set: false, while: false, topLevelControl: false, globalReassign: false,
    recursion: false, loadBindsGlobally: false, load: true,
  });
});

test("Incus uses the legacy options, never load, and sets from 6.0.5 / 6.14 on", () => {
  const legacy = { while: false, topLevelControl: false, globalReassign: false, recursion: false, loadBindsGlobally: false, load: false };
  assert.deepEqual(incusDialect("6.0.4"), { ...legacy, set: false });
  assert.deepEqual(incusDialect("7.3"), { ...legacy, set: true });
  const withSets = (v: string) => incusDialect(v).set;
  assert.equal(withSets("6.0.0"), false);
  assert.equal(withSets("v6.0.5"), true);
  assert.equal(withSets("6.13.0"), false);
  assert.equal(withSets("6.14.0"), true);
  assert.equal(withSets("7.0.0"), true);
  assert.equal(withSets("5.21"), false);
  assert.equal(withSets("not a version"), true, "unknown versions get the newest behaviour");
});

test("option comments switch on the named flags only, as go.starlark.net's tests read them", () => {
  const d = dialectFromOptionComments("# option:toplevelcontrol option:while\nwhile M: pass\n");
  assert.equal(d.topLevelControl, true);
  assert.equal(d.while, true);
  assert.equal(d.set, false);
  assert.equal(d.globalReassign, false);
  assert.equal(d.load, true);
  const all = dialectFromOptionComments(
    "# option:set option:globalreassign option:loadbindsglobally option:recursion");
  assert.deepEqual([all.set, all.globalReassign, all.loadBindsGlobally, all.recursion], [true, true, true, true]);
  assert.equal(dialectFromOptionComments("x = 1\n", incusDialect("6.0.4")).load, false, "base dialect kept");
});

test("the load refusal message is go.starlark.net's", () => {
  assert.equal(LOAD_NOT_IMPLEMENTED, "load not implemented by this application");
});

test("the universe is go.starlark.net's, set included", () => {
  assert.equal(UNIVERSE_NAMES.length, 33);
  for (const name of ["None", "True", "False", "len", "print", "set", "zip", "fail"]) assert.ok(isUniverseName(name), name);
  for (const name of ["json", "math", "struct", "log_info"]) assert.ok(!isUniverseName(name), name);
});
