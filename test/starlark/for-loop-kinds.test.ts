// A for loop reads a list's or tuple's elements behind one test per iteration, and reaches
// range values, iterators (dicts, strings' methods) and what cannot be iterated only when
// that test fails (compile/codegen.ts forLoop). Each kind of iterable, in loops and
// comprehensions, against go.starlark.net (tools/go-oracle): values, errors and positions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runHere, runInGo } from "./oracle-support";

const PROGRAMS: Record<string, string> = {
  "lists, tuples, empty ones, break and continue, the variable after the loop": `
def main():
    out = []
    for x in [1, 2, 3, 4]:
        if x == 2:
            continue
        if x == 4:
            break
        out.append(x)
    for y in ():
        out.append("never")
    for z in []:
        out.append("never")
    t = (5, 6)
    for x in t:
        out.append(x)
    return str([out, x])
`,
  "range values held in variables, with steps, reversed and empty": `
def main():
    out = []
    for r in [range(3), range(10, 0, -3), range(5, 5), range(-2, 2), range(0, 10, 4)]:
        for i in r:
            out.append(i)
    return str(out)
`,
  "a range value past the safe integers": `
def main():
    r = range(9007199254740990, 9007199254740995)
    return str([i - 9007199254740990 for i in r])
`,
  "dicts, sets and strings' iterables": `
def main():
    out = []
    for k in {"b": 1, "a": 2}:
        out.append(k)
    for c in "abc".elems():
        out.append(c)
    for s in set([3, 1]):
        out.append(s)
    for w in reversed([7, 8]):
        out.append(w)
    return str(out)
`,
  "a list changed while it is iterated": `
def main():
    l = [1, 2]
    for x in l:
        l.append(x)
`,
  "a dict changed while it is iterated": `
def main():
    d = {1: 2}
    for k in d:
        d[k + 1] = 0
`,
  "None is not iterable": `
def main():
    x = None
    for i in x:
        pass
`,
  "a string is not iterable": `
def main():
    for c in "abc":
        pass
`,
  "a frozen list": `
L = [1, 2, 3]

def main():
    return str([x * 2 for x in L] + [x for x in L if x > 1])
`,
  "nested loops over one list": `
def main():
    l = [1, 2, 3]
    return str([(a, b) for a in l for b in l if a < b])
`,
};

test("for loops over each kind of iterable: go.starlark.net's values, errors and positions", async () => {
  for (const [name, src] of Object.entries(PROGRAMS)) {
    assert.deepEqual(await runHere(src), runInGo(src), name);
  }
});
