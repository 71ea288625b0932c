// Resolve errors with their exact messages, positions and codes: dialect errors on
// go.starlark.net's default and the Incus presets, undefined names and their suggestions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../server/src/starlark/syntax/index";
import {
  type Dialect, goStarlarkDefault, incusDialect, isUniverseName, resolveFile,
} from "../../server/src/starlark/resolve/index";

function diagnose(src: string, dialect: Dialect, predeclared: string[] = []) {
  const { file, errors } = parse("NAME", src);
  assert.deepEqual(errors.map((e) => e.msg), []);
  return resolveFile(file, {
    dialect,
    isPredeclared: (name) => predeclared.includes(name),
    isUniversal: isUniverseName,
  }).map((d) => ({ at: `${d.pos.line}:${d.pos.col}`, msg: d.msg, code: d.code }));
}

const incus604 = incusDialect("6.0.4");
const incus73 = incusDialect("7.3");

test("sets: refused by Incus 6.0.4, accepted by 7.3", () => {
  const src = "def f():\n    return set([1])\n";
  assert.deepEqual(diagnose(src, incus604), [
    { at: "2:12", msg: "this Starlark dialect does not support sets", code: "dialect" },
  ]);
  assert.deepEqual(diagnose(src, incus73), []);
});

test("sets: only the first reference is reported, as in go.starlark.net", () => {
  assert.deepEqual(diagnose("a = set()\nb = set()\n", incus604).map((d) => d.at), ["1:5"]);
});

for (const [label, dialect] of [["6.0.4", incus604], ["7.3", incus73]] as const) {
  test(`Incus ${label}: while loops, top-level control and reassignment are refused`, () => {
    assert.deepEqual(diagnose("def f():\n    while True:\n        pass\n", dialect), [
      { at: "2:5", msg: "this Starlark dialect does not support while loops", code: "dialect" },
    ]);
    assert.deepEqual(diagnose("while True:\n    pass\n", dialect), [
      { at: "1:1", msg: "this Starlark dialect does not support while loops", code: "dialect" },
      { at: "1:1", msg: "while loop not within a function", code: "dialect" },
    ]);
    assert.deepEqual(diagnose("for x in []:\n    pass\nif True:\n    pass\n", dialect), [
      { at: "1:1", msg: "for loop not within a function", code: "dialect" },
      { at: "3:1", msg: "if statement not within a function", code: "dialect" },
    ]);
    assert.deepEqual(diagnose("x = 1\nx = 2\n", dialect), [
      { at: "2:1", msg: "cannot reassign global x declared at NAME:1:1", code: "dialect" },
    ]);
  });

  test(`Incus ${label}: load statements resolve (they fail only when run)`, () => {
    assert.deepEqual(diagnose('load("m", "x")\n', dialect), []);
  });
}

test("undefined names, with go.starlark.net's spelling suggestions and order", () => {
  const src = [
    "def f():",            // 1
    "    print(1)",        // 2
    "    prnt(2)",         // 3
    "    prnt(3)",         // 4: a name is reported once per function
    "prnt(4)",             // 5: at top level, print is not a candidate
    "def g():",            // 6
    "    def h():",        // 7
    "        return undefined_in_h", // 8
    "    return undefined_in_g",     // 9
    "",
  ].join("\n");
  assert.deepEqual(diagnose(src, goStarlarkDefault), [
    { at: "3:5", msg: "undefined: prnt (did you mean print?)", code: "resolve" },
    { at: "8:16", msg: "undefined: undefined_in_h", code: "resolve" },
    { at: "9:12", msg: "undefined: undefined_in_g (did you mean undefined_in_h?)", code: "resolve" },
    { at: "5:1", msg: "undefined: prnt", code: "resolve" },
  ]);
});

test("predeclared names count: an Incus builtin is defined, a misspelt one is not", () => {
  const src = "def instance_placement(request, candidate_members):\n    log_info(request)\n    set_targt(candidate_members[0])\n";
  assert.deepEqual(diagnose(src, incus604, ["log_info", "set_target"]), [
    { at: "3:5", msg: "undefined: set_targt", code: "resolve" },
  ]);
});

test("break in a def nested in a loop is not in a loop", () => {
  const src = "def f():\n    for x in []:\n        def g():\n            break\n";
  assert.deepEqual(diagnose(src, goStarlarkDefault), [
    { at: "4:13", msg: "break not in a loop", code: "resolve" },
  ]);
});
