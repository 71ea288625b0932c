// Dicts, dict.items() and sorted() against go.starlark.net (tools/go-oracle), at the places
// where the speed paths of hashtable.ts and builtins/sort-keys.ts could go wrong: the
// lookup remembered for the insert that follows (another table, a deletion or compaction
// in between, a key that is equal but not identical), freezing and iteration locks seen
// after a lookup, delete on a table that was emptied (Go hashes the key then), items()
// with holes, and sort keys the string encoding refuses (\x00 / \x01 inside strings) next
// to ones it takes. Each program returns str(...) of its results, or fails; the outcome
// must be Go's, error text included.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SDict, StarlarkError, freeze } from "../../server/src/starlark/runtime/values";
import { runHere, runInGo } from "./oracle-support";

/** Helpers every program may use: a dict big enough to be indexed by a Map (> 8 keys). */
const PRELUDE = `
def big(n):
    d = {}
    for i in range(n):
        d["k%d" % i] = i
    return d
`;

const PROGRAMS: Record<string, string> = {
  "counting: get then insert, new and present keys": `
def main():
    words = ["w%d" % (i * 7 % 13) for i in range(200)]
    c = {}
    for w in words:
        c[w] = c.get(w, 0) + 1
    d = big(20)
    for k in ["k3", "zz", "k3", "zz", "k19", "k20"]:
        if k not in d:
            d[k] = -1
        d[k] = d.get(k, 0) + 100
    return str([c, d])
`,
  "a lookup in one table, then an insert of that key in another": `
def main():
    a = big(12)
    b = big(12)
    a.get("k5")
    b["k5"] = "b"
    a.get("new")
    b["new"] = "b-new"
    a["new"] = "a-new"
    return str([a, b])
`,
  "a lookup, then deletions and a compaction, then the insert": `
def main():
    d = big(40)
    d.get("k30")
    for i in range(25):
        d.pop("k%d" % i)
    d["k30"] = "moved?"
    d.get("k2")
    d["k2"] = "back"
    d.get("k35")
    d.pop("k35")
    d["k35"] = "again"
    return str([d, len(d), list(d.items())[:3]])
`,
  "equal keys that are not identical keep the first key": `
def main():
    d = big(10)
    d[1.0] = "float"
    d.get(1)
    d[1] = "int"
    d[(1, "a")] = "t"
    d.get((1.0, "a"))
    d[(1.0, "a")] = "t2"
    return str([d, [type(k) for k in d][-2:]])
`,
  "a lookup, then the insert during iteration": `
def main():
    d = big(12)
    for k in d:
        d.get(k)
        d[k] = 0
    return "unreachable"
`,
  "delete of an unhashable key: never-used, cleared and compacted-to-empty dicts": `
def main():
    out = [{}.pop([], "untouched")]
    d = {1: 2}
    d.clear()
    out.append(len(d))
    e = big(20)
    for i in range(20):
        e.pop("k%d" % i)
    out.append(len(e))
    for x in [d, e]:
        r = "ok"
        for k in [[1]]:
            if len(x) == 0:
                r = str(x.get(0))
        out.append(r)
    return str(out)
`,
  "pop of an unhashable key from a cleared dict": `
def main():
    d = {1: 2}
    d.clear()
    return d.pop([], 0)
`,
  "pop of an unhashable key from a dict emptied by deletions": `
def main():
    e = big(20)
    for i in range(20):
        e.pop("k%d" % i)
    return e.pop([], 0)
`,
  "items, keys and values with holes, and a nested-tuple key lookup": `
def main():
    d = big(30)
    for i in range(0, 30, 3):
        d.pop("k%d" % i)
    s = {}
    for i in range(3):
        s[i] = i
    s.pop(1)
    return str([d.items()[:4], d.keys()[-2:], d.values()[:3], len(d.items()), s.items(), {k: v for k, v in d.items() if v > 25}])
`,
  "a key nested CompareLimit deep is found with an error": `
def main():
    k = 1
    for i in range(10):
        k = (k,)
    d = big(12)
    d[k] = 1
    return d.get(k)
`,
  "sorted: tuple keys (int, string) ascending, descending, by key function": `
def main():
    ms = [{"name": "m%d" % (i * 7 % 50), "load": (i * 37) % 11, "cpus": 4 + i % 3} for i in range(200)]
    a = [m["name"] for m in sorted(ms, key = lambda m: (m["load"], m["name"]))]
    b = [m["name"] for m in sorted(ms, key = lambda m: (m["load"], m["name"]), reverse = True)]
    c = sorted([(i % 5, "x%d" % (i % 3)) for i in range(40)])
    d = sorted([(i * 997 % 3000, -i) for i in range(300)], reverse = True)[:10]
    return str([a[:20], b[:20], c, d])
`,
  "sorted: strings with \\x00 and \\x01 next to plain ones": `
def main():
    words = ["b", "a\\x01b", "a", "a\\x00", "a\\x01", "ab", ""]
    idx = {w: i for i, w in enumerate(words)}
    a = [idx[w] for w in sorted(words)]
    b = [idx[w] for w in sorted(words, key = lambda w: w)]
    c = [idx[w] for w in sorted(words, key = lambda w: (len(w) % 2, w))]
    d = [idx[w] for w in sorted(words, key = lambda w: (0, w), reverse = True)]
    return str([a, b, c, d])
`,
  "sorted: string keys from a key function, stable among equal keys": `
def main():
    words = ["w%d" % (i * 13 % 29) for i in range(120)]
    r = sorted(range(120), key = lambda i: words[i][::-1])
    s = sorted(range(120), key = lambda i: words[i], reverse = True)
    return str([r, s])
`,
  "sorted: key functions of every kind and iterables of every kind": `
def main():
    words = ["bb", "a", "ccc", "dd"]
    return str([
        sorted(words, key = len),
        sorted(("x", "yy", "z"), key = lambda s: -len(s)),
        sorted({"b": 1, "a": 2, "c": 0}, key = lambda k: k),
        sorted(words, key = lambda w: sorted([w, "m"], key = lambda v: v)[0]),
        sorted(range(5), key = lambda i: -i),
    ])
`,
  "sorted: a key function that fails": `
def main():
    return sorted([1, 2, 0, 4], key = lambda x: 10 // x)
`,
  "sorted: a key function that appends to the list being sorted": `
def main():
    l = [3, 1]
    return sorted(l, key = lambda x: l.append(x))
`,
  "sorted: keys of mixed kinds that never meet sort": `
def main():
    return str(sorted([(1, "a"), (2, 3), (1, "b")]))
`,
  "sorted: keys of mixed kinds that meet fail with Go's error": `
def main():
    return sorted([(1, "a"), (2, 3), (1, 5)])
`,
};

for (const [name, body] of Object.entries(PROGRAMS)) {
  test(`dict/sort vs go.starlark.net: ${name}`, async () => {
    const src = PRELUDE + body;
    assert.deepEqual(await runHere(src), runInGo(src));
  });
}

// go-oracle does not freeze a module's globals (ExecFile's callers do), so this one is
// checked on the runtime directly: the remembered lookup must not skip the frozen check.
test("a lookup, then the insert into a frozen dict fails with Go's message", () => {
  const d = new SDict();
  for (let i = 0; i < 12; i++) d.setKey(`k${i}`, i);
  assert.equal(d.getKey("k1"), 1);
  freeze(d);
  assert.throws(() => d.setKey("k1", 5), (e: unknown) => e instanceof StarlarkError && e.message === "cannot insert into frozen hash table");
  assert.equal(d.getKey("new"), undefined);
  assert.throws(() => d.setKey("new", 5), (e: unknown) => e instanceof StarlarkError && e.message === "cannot insert into frozen hash table");
  assert.equal(d.getKey("k1"), 1);
  assert.equal(d.len(), 12);
});

// The entries compiled code may call instead of get() and items() (CONTRACT.md): the same
// answers as get() and items() on small, big, holed and compacted tables.
test("getp and flatItems agree with get and items", () => {
  for (const n of [0, 3, 8, 9, 40]) {
    const d = new SDict();
    for (let i = 0; i < n; i++) d.setKey(i % 2 === 0 ? `k${i}` : i, `v${i}`);
    for (let step = 0; step < 3; step++) {
      for (let i = -1; i <= n + 1; i++) {
        for (const k of [`k${i}`, i]) {
          assert.equal(d.ht.getp(k), d.ht.get(k), `n=${n} step=${step} key=${k}`);
          // The lookup remembered by getp serves the insert that follows.
          if (i === n + 1) {
            d.setKey(k, "late");
            assert.equal(d.ht.get(k), "late");
            d.delete(k);
          }
        }
      }
      assert.deepEqual(d.ht.flatItems(), d.items().flat());
      // Holes, then a compaction.
      for (let i = step; i < n; i += 3) d.delete(i % 2 === 0 ? `k${i}` : i);
    }
  }
});
