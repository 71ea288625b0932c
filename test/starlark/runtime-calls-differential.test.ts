// Function calls, tables and lists against go.starlark.net (tools/go-oracle), at the places
// the speed paths of call.ts, hashtable.ts, values.ts and access.ts could go wrong: the call
// stack kept in module variables (recursion found through call1, call and sorted()'s key
// calls, which share one frame), a hash table's size derived from its entries and deleted
// slots, the iterator count and frozen flag a table or list only gets once it changes them,
// and s[::-1] by length. A recursive call and one whose arguments do not bind fail, as in
// Go, with the callee (not started) as the innermost frame. Each program returns str(...) of its results, or fails; the
// outcome must be Go's, error text and innermost position included.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile, Session } from "../../server/src/starlark/engine";
import { goStarlarkDefault } from "../../server/src/starlark/resolve";
import { runHere, runInGo } from "./oracle-support";

const PROGRAMS: Record<string, string> = {
  "s[::-1] of every short length, of a longer string and of non-ASCII bytes": `
def main():
    out = []
    for n in range(12):
        s = "abcdefghijkl"[:n]
        out.append(s[::-1])
    out.append("héllo wörld"[::-1])
    out.append("日本"[::-1])
    out.append(len("ab\\x00c"[::-1]))
    return str(out)
`,
  "sorted: a key function that calls sorted with itself is called recursively": `
def k(x):
    return sorted([x, x], key = k)[0]

def main():
    return sorted([2, 1], key = k)
`,
  "recursion found through one-argument calls, calls with keywords and lambdas": `
def f(x):
    return g(x = x)

def g(x = 0):
    h = lambda y: f(y)
    return h(x)

def main():
    return f(1)
`,
  "binding errors: a missing argument through a one-argument call": `
def two(a, b):
    return a + b

def main():
    return two(1)
`,
  "binding errors: an unexpected keyword, too many positional arguments": `
def one(a):
    return a

def main():
    one(a = 1)
    return one(1, b = 2)
`,
  "binding errors: a key function of two parameters": `
def two(a, b):
    return a + b

def main():
    return sorted([1, 2], key = two)
`,
  "binding errors: a function of no parameters given one": `
def none():
    return 0

def main():
    return none(1)
`,
  "sorted: a key function failing part-way, after other calls of it": `
def key(x):
    return 10 // x

def main():
    ok = sorted([5, 2, 1], key = key)
    return str([ok, sorted([3, 0, 1], key = key)])
`,
  "sorted: keys by a lambda, by a def and by a builtin; the same def called between": `
def rev(w):
    return w[::-1]

def main():
    ws = ["pear", "fig", "apple", "kiwi", "date"]
    a = sorted(ws, key = lambda w: (len(w), w))
    b = sorted(ws, key = rev)
    c = sorted(ws, key = len, reverse = True)
    return str([a, b, c, rev("xyz"), sorted([], key = rev)])
`,
  "dict sizes through deletions, compaction, clear and reinsertion": `
def main():
    d = {}
    sizes = []
    for i in range(30):
        d[i] = i
    sizes.append(len(d))
    for i in range(0, 30, 2):
        d.pop(i)
    sizes.append(len(d))
    for i in range(1, 25, 2):
        d.pop(i)
    sizes.append(len(d))
    d[100] = 1
    sizes.append([len(d), list(d.keys()), list(d.values()), list(d.items())])
    d.clear()
    sizes.append([len(d), bool(d)])
    d["x"] = 1
    d.popitem()
    sizes.append([len(d), d, bool(d)])
    e = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8}
    e["i"] = 9
    e.pop("a")
    sizes.append([len(e), e, e.get("i"), e.get("a")])
    f = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9}
    sizes.append([len(f), f["i"], "i" in f, "j" in f])
    return str(sizes)
`,
  "a dict literal iterated, then changed during a later iteration": `
def main():
    d = {"a": 1, "b": 2}
    seen = [k for k in d]
    d["c"] = 3
    for k in d:
        d[k + k] = 0
    return str(seen)
`,
  "a dict changed after an iteration ended": `
def main():
    d = {"a": 1}
    for k in d:
        pass
    d["b"] = 2
    d.pop("a")
    return str([d, len(d)])
`,
  "a new list iterated, then appended to during a later iteration": `
def main():
    l = [1, 2]
    n = 0
    for x in l:
        n += x
    l.append(3)
    for x in l:
        for y in l:
            n += y
    for x in l:
        l.append(x)
    return n
`,
  "list methods on lists made by split, comprehensions and literals": `
def main():
    a = "a-b-c".split("-")
    a.append("d")
    b = [x for x in range(3)]
    b.insert(0, -1)
    c = []
    c.extend(a)
    c.remove("b")
    it = [a, b, c]
    for l in it:
        l.pop()
    return str([a, b, c, len(a), sorted(a + c)])
`,
};

for (const [name, body] of Object.entries(PROGRAMS)) {
  test(`calls/tables vs go.starlark.net: ${name}`, async () => {
    assert.deepEqual(await runHere(body), runInGo(body));
  });
}

// Within one session: a run that fails inside a Starlark call (here a sorted() key call,
// which shares one frame for all its calls) leaves no call marked active, so the next run
// may call the same functions; a failure in argument binding likewise.
test("a run failing inside calls leaves the next run free to call the same functions", async () => {
  const src = `
def key(x):
    return 10 // x

def two(a, b):
    return a + b

def fails():
    return sorted([3, 0, 1], key = key)

def fails_binding():
    return two(1)

def works():
    return str([sorted([5, 2, 1], key = key), key(5), two(1, 2)])
`;
  const r = compile("s.star", src, { dialect: goStarlarkDefault, predeclared: [] });
  assert.ok(r.program, JSON.stringify(r.diagnostics));
  const s = await Session.create();
  try {
    assert.equal(s.init(r.program, {}).error, undefined);
    for (const f of ["fails", "fails_binding", "fails"]) {
      const bad = s.call(f);
      assert.ok(bad.error, `${f} should fail`);
      const good = s.call("works");
      assert.equal(good.error, undefined, `after ${f}: ${good.error?.message}`);
      assert.equal(good.value, "[[5, 2, 1], 2, 3]");
    }
  } finally {
    s.dispose();
  }
});
