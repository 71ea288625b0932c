// Starlark semantics by go.starlark.net version (runtime/semantics.ts), and semantics where
// the tool used to differ from every version (checked against a real Incus 6.0.4 too, by
// test/incus/differential/engine-runtime-cases.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEBIAN_STARLARK_GO, INCUS_604_STARLARK_GO, semanticsFor } from "../../server/src/starlark/engine";
import { withSession } from "./engine-support";

test("versions map to their semantics; unknown or later versions get the newest known before them", () => {
  assert.equal(semanticsFor(DEBIAN_STARLARK_GO).setMutationChecksIteration, false);
  assert.equal(semanticsFor("v0.0.0-20240329153429-e6e8e7ce1b7a").setMutationChecksIteration, false); // Incus 6.0.0
  assert.equal(semanticsFor(INCUS_604_STARLARK_GO).setMutationChecksIteration, true);
  assert.equal(semanticsFor("v0.0.0-20260210143700-b62fd896b91b").setMutationChecksIteration, true); // Incus 6.0.6
  assert.equal(semanticsFor("not a version").setMutationChecksIteration, true); // the default: Incus 6.0.4's
});

test("set.add during iteration: refused by Incus 6.0.4's go.starlark.net, allowed by Debian's", async () => {
  const src = "def f():\n    s = set([1, 2])\n    for x in s:\n        s.add(1)\n    return len(s)\n";
  await withSession(src, (s) => {
    assert.equal(s.call("f").error?.message, "add: cannot insert into hash table during iteration");
    s.setSemantics(semanticsFor(DEBIAN_STARLARK_GO));
    assert.equal(s.call("f").value, 2);
  }, { dialect: { set: true } });
});

test("string views compare by value; sorted's key function cannot mutate the list", async () => {
  const src = `
def views():
    return ["ab".codepoints() == "ab".codepoints(), "ab".elems() == "ab".elem_ords(), b"x".elems() != b"y".elems()]
def sort_append():
    x = [3, 1, 2]
    def f(v):
        x.append(v)
        return v
    return sorted(x, key = f)
`;
  await withSession(src, (s) => {
    assert.deepEqual(s.call("views").value, [true, false, true]);
    assert.equal(s.call("sort_append").error?.message, "append: cannot append to list during iteration");
  });
});

test("range bounds are exact Go ints", async () => {
  const src = "def f():\n    r = range(0, 1 << 62)\n    return [str(r), len(r), r[-1], len(range(-(1 << 62), 1 << 62)) if False else 0]\n" +
    "def g():\n    return len(range(-(1 << 62), 1 << 62))\n";
  await withSession(src, (s) => {
    assert.deepEqual(s.call("f").value, ["range(4611686018427387904)", 4611686018427387904n, 4611686018427387903n, 0]);
    assert.equal(s.call("g").error?.message, "len: value of type range has no len");
  });
});
