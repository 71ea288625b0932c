// The compiler's value kinds (server/src/starlark/compile/value-kinds.ts): which variables can
// only hold small ints, ints or strings, so that comparisons, arithmetic, concatenation and
// indexing on them go without type tests. Three kinds of check: the analysis itself (what it
// types, and what it must not: mixed, float, unpacked, shadowed, parameters, hostile depth);
// the same programs' results and errors against go.starlark.net (tools/go-oracle) at the edges
// where a wrong kind would show (ints past the safe range, negative remainders, ranges past
// 2^53, a local that is sometimes a string, byte strings beyond ASCII); and a predeclared
// function declared to return small ints, compiled with and without the declaration, giving
// the same results while its comparison loses its type tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile, Session, type HostValue } from "../../server/src/starlark/engine";
import { goStarlarkDefault } from "../../server/src/starlark/resolve";
import { parse } from "../../server/src/starlark/syntax";
import { isUniverseName, resolveFile } from "../../server/src/starlark/resolve";

import { ValueKinds, type ValueKind } from "../../server/src/starlark/compile/value-kinds";
import type * as A from "../../server/src/starlark/syntax/ast";
import { walk } from "../../server/src/starlark/syntax/walk";
import { runHere, runInGo } from "./oracle-support";

/** The kind of each variable read or assigned in function `f` of `src`, by name (globals
 *  with the module's kinds). */
function kinds(src: string, f: string, intResults: string[] = []): Record<string, ValueKind | undefined> {
  const parsed = parse("k.star", src);
  assert.deepEqual(parsed.errors, []);
  const diags = resolveFile(parsed.file, {
    dialect: { ...goStarlarkDefault, globalReassign: true }, isPredeclared: (n) => n === "count", isUniversal: isUniverseName,
  });
  assert.deepEqual(diags.map((d) => d.msg), []);
  const results = new Set(intResults);
  const module = new ValueKinds(parsed.file.stmts, [], results);
  const def = parsed.file.stmts.find((s): s is A.DefStmt => s.kind === "DefStmt" && s.name.name === f)!;
  const ints = new ValueKinds(def.body, def.function!.locals.slice(0, def.params.length), results, module);
  const out: Record<string, ValueKind | undefined> = {};
  for (const s of def.body) {
    walk(s, (n) => {
      if (n.kind === "DefStmt" || n.kind === "LambdaExpr") return false;
      if (n.kind === "Ident") out[n.name] = ints.of(n);
      return true;
    });
  }
  return out;
}

test("value kinds: what the analysis types, and what it leaves untyped", () => {
  const k = kinds(`
def len2(x):
    return 0

def f(p, l):
    n = count()
    best = 0
    if n < best:
        best = n
    i = 0
    for j in range(len(l)):
        i = i * 31 + j
    s = 0
    for j2 in range(p):
        s = (s + j2) % 1000
    mixed = 0
    if p:
        mixed = "a"
    fl = 0
    fl += 0.5
    a, b = 1, 2
    for e, v in enumerate(l):
        pass
    sh = len2(l)
    h = hash("x") + ord("a")
    neg = -len(l)
    inv = ~len(l)
    big = 1 << 70
    m = big & 255
    cond = 1 if p else len(l)
    div = len(l) // 3
    captured = 1
    g = lambda: captured
    return n
`, "f", ["count"]);
  const expected: [string, ValueKind | undefined, string?][] = [
    ["n", "small", "a predeclared function declared to return small ints"],
    ["best", "small", "0 and a small int"],
    ["i", "int", "i * 31 + j may leave the safe range"],
    ["j", "small", "range(len(l))"],
    ["s", "small", "x % 1000"],
    ["j2", "int", "range(p): ints, maybe past 2^53"],
    ["mixed", undefined, "sometimes a string"],
    ["fl", undefined, "+= 0.5 makes a float"],
    ["a", undefined, "unpacked"],
    ["p", undefined, "a parameter"],
    ["e", "small", "enumerate's index"],
    ["v", undefined, "enumerate's element"],
    ["sh", undefined, "a global function, whatever its name"],
    ["h", "int"],
    ["neg", "small"],
    ["inv", "int", "~x leaves the safe range for the largest safe x"],
    ["big", "int"],
    ["m", "small", "x & 255"],
    ["cond", "small"],
    ["div", "small"],
    ["captured", "small", "a cell: only its own function assigns it"],
    ["g", undefined],
  ];
  for (const [name, want, why] of expected) assert.equal(k[name], want, why ?? name);

  const without = kinds("def f():\n    n = count()\n    return n\n", "f");
  assert.equal(without.n, undefined, "a predeclared function not declared int-returning");
});

test("value kinds: strings, and globals assigned at top level", () => {
  const src = `
LETTERS = "abc"
MIXED = "x"
MIXED = 1

def f(p):
    w = ""
    for i in range(3):
        w += LETTERS[i]
    u = w.upper() + "-" + str(p)
    t = u[1:] + repr(p) + "%s" % p
    c = u.count("A") + w.find("b")
    j = ", ".join([w])
    mix = "a"
    mix = mix * 2
    pad = LETTERS
    other = MIXED
    return w
`;
  const of = kinds(src, "f");
  const expected: [string, ValueKind | undefined, string?][] = [
    ["LETTERS", "str", "a global assigned one string"],
    ["MIXED", undefined, "a global assigned a string and an int"],
    ["w", "str", "+= of a string's elements"],
    ["u", "str", "upper() + str()"],
    ["t", "str", "a slice, repr() and formatting"],
    ["c", "int", "count() + find()"],
    ["j", "str", "a string's join()"],
    ["mix", undefined, "string repetition is not followed"],
    ["pad", "str"],
    ["other", undefined],
    ["p", undefined],
  ];
  for (const [name, want, why] of expected) assert.equal(of[name], want, why ?? name);
});

test("value kinds: deep expressions and long dependency chains are left untyped, not crashed on", () => {
  const deep = `def f():\n    x = ${"(".repeat(550)}1${")".repeat(550)}\n    y = ${Array(5000).fill("1").join(" + ")}\n    return x\n`;
  const k = kinds(deep, "f");
  const expected: [string, ValueKind | undefined, string?][] = [
    ["x", undefined],
    ["y", undefined],
  ];
  for (const [name, want, why] of expected) assert.equal(k[name], want, why ?? name);
  // Each local depends on the next one's later assignment: converging would take more
  // rounds than allowed, so nothing is typed (never a wrong kind).
  const chain = ["def f():"];
  for (let i = 0; i < 20; i++) chain.push(`    v${i} = 0`);
  chain.push("    for _ in range(3):");
  for (let i = 0; i < 19; i++) chain.push(`        v${i} = v${i + 1} + 1`);
  chain.push("        v19 = 'x'", "    return v0");
  const c = kinds(chain.join("\n") + "\n", "f");
  assert.equal(c.v19, undefined);
  assert.equal(c.v0, undefined);
});

/** Programs whose typed locals meet every edge of the representation. */
const PROGRAMS: Record<string, string> = {
  "products past 2^53 compare and equal exactly": `
def main():
    out = []
    big = 1
    for i in range(60):
        big = big * 2
    out.append(big > 9007199254740991)
    out.append(big == 1 << 60)
    out.append(big != 1 << 60)
    q = big // 1024
    out.append(q < big)
    x = big - big + 5
    out.append([x == 5, x < 6, x >= 5, -x, x * x])
    y = 9007199254740991
    y = y + 1
    out.append([y > 9007199254740991, y - 1 == 9007199254740991, y % 7, y // 3])
    return str(out)
`,
  "ranges past the safe integers": `
def main():
    out = []
    n = 0
    for i in range(9007199254740989, 9007199254740995):
        n = n + i
        out.append([i > 9007199254740991, i == 9007199254740992, i % 10])
    out.append(n)
    for i in range(-9007199254740993, -9007199254740989):
        out.append([i < -9007199254740991, -i])
    return str(out)
`,
  "negative remainders, floor division, indices and negation of small ints": `
def main():
    out = []
    s = "abcde"
    for i in range(-7, 7):
        r = [i % 3, i % -3, i // 3, i // -3, -i, i & 6, i % 2 == 0, i % 3 != 0]
        if i >= -5 and i < 5:
            r.append(s[i])
            r.append([10, 11, 12, 13, 14][i])
        out.append(r)
    z = 0
    out.append([-z, z * -1, str(z * -1)])
    return str(out)
`,
  "a local that is sometimes a string still fails as Starlark does": `
def main():
    x = 0
    for i in range(3):
        if i == 2:
            x = "s"
    return x < 1
`,
  "a float in an augmented assignment": `
def main():
    x = 0
    x += 0.5
    y = len("abc")
    y /= 2
    return str([x < 1, x == 0.5, y, y > 1])
`,
  "modulo by zero and floor division by zero of small ints": `
def main():
    a = len("abc")
    b = len("") 
    return a % b
`,
  "floor division by zero": `
def main():
    a = len("abc")
    b = len("")
    return a // b
`,
  "strings typed by their assignments: concatenation, comparison, equality with other types, indexing, methods": `
LETTERS = "abcdefghij"
WIDE = "h\u00e9llo w\u00f6rld"

def main():
    out = []
    w = ""
    for i in range(12):
        w += LETTERS[i % 10]
    out.append(w)
    for i in range(-3, 3):
        out.append([w[i], WIDE[i], w[i] < w[i + 1], w[i] == LETTERS[i], w[i] != 1, w[i] == None])
    u = w.upper()
    out.append([u, u < w, u > w, "BC" in u, "bc" not in u, u.startswith("AB"), u.replace("A", "e"), u.find("C"), u.count("A")])
    out.append([WIDE < w, WIDE == WIDE.lower(), len(WIDE), WIDE.upper(), WIDE[1:4]])
    s = "%s-%d" % (w, len(w))
    out.append(s + "!" + s[0])
    return str(out)
`,
  "a string index out of range fails as Starlark does": `
def main():
    s = "abc"
    n = len(s)
    return s[n]
`,
  "a string method with a wrong argument fails as Starlark does": `
def main():
    s = "abc"
    return s.startswith(1)
`,
  "a typed string added to an int fails as Starlark does": `
def main():
    s = "abc"
    n = len(s)
    return s + n
`,
  "ints past the safe range among safe ones in sorted, max and min (QuickJS misorders some mixes)": `
def main():
    a, b = -9007199254740990, -9007199254740993
    return str([sorted([a, b, 5]), sorted([b, a], reverse = True), max([b, a]), min(a, b), sorted([(a, 1), (b, 2)]), sorted([a, b], key = lambda x: -x)])
`,
  "hash, ord and int() results": `
def main():
    h = hash("placement")
    o = ord("z")
    i = int("123456789012345678901234567890")
    return str([h == hash("placement"), h < h + 1, o > 100, i > 9007199254740991, i - i == 0, o * i])
`,
};

test("value kinds: typed locals give go.starlark.net's values and errors at the representation's edges", async () => {
  for (const [name, src] of Object.entries(PROGRAMS)) {
    assert.deepEqual(await runHere(src), runInGo(src), name);
  }
  // The typed paths ran: `w += LETTERS[i % 10]` concatenates without a type test.
  const js = compile("k.star", PROGRAMS[Object.keys(PROGRAMS).find((k) => k.startsWith("strings typed"))!], { dialect: goStarlarkDefault, predeclared: [] }).program!.js;
  assert.match(js, /v\d+_\d+ = \(\$t\d+ = [^;]*, v\d+_\d+ \+ \$t\d+\);/);
});

const COUNTS = `
def main(names):
    best = None
    best_count = 0
    total = 0
    for m in names:
        n = count(location=m)
        total += n
        if best == None or n < best_count:
            best = m
            best_count = n
        if n == 3:
            total = total * 9007199254740991
    return [best, best_count, total, total > 9007199254740991]
`;

test("value kinds: a predeclared function declared int-returning, compiled with and without the declaration", async () => {
  const table: Record<string, number> = { a: 5, b: 2, c: 3, d: 2 };
  const host = { count: (_args: HostValue[], kwargs: [string, HostValue][]) => table[String(kwargs[0][1])] };
  const results: unknown[] = [];
  const code: string[] = [];
  for (const intResults of [["count"], []]) {
    const r = compile("c.star", COUNTS, { dialect: goStarlarkDefault, predeclared: ["count"], smallIntResults: intResults });
    assert.ok(r.program);
    code.push(r.program.js);
    const s = await Session.create();
    try {
      assert.equal(s.init(r.program, host).error, undefined);
      const c = s.call("main", [["a", "b", "c", "d"]]);
      assert.equal(c.error, undefined);
      results.push(c.value);
    } finally {
      s.dispose();
    }
  }
  assert.deepEqual(results[0], results[1]);
  assert.deepEqual(results[0], ["b", 2, 10n * 9007199254740991n + 2n, true]);
  // The typed program compares n < best_count and n == 3 as they are; the other tests types.
  assert.match(code[0], /\|\| \(v\d+_\d+ < v\d+_\d+\)/);
  assert.match(code[0], /\(v\d+_\d+ === 3\)/);
  assert.doesNotMatch(code[1], /\|\| \(v\d+_\d+ < v\d+_\d+\)/);
  assert.doesNotMatch(code[1], /\(v\d+_\d+ === 3\)/);
});
