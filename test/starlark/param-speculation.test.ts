// A function whose parameter bounds a range() loop is compiled twice (param-speculation.ts):
// once knowing the parameter is a small int (tested at entry), once not; and value-kinds.ts
// knows natural numbers (`% n`, range(n), len, bitwise operations on them). Both bodies must
// give go.starlark.net's values, errors and positions, whatever the arguments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile } from "../../server/src/starlark/engine";
import { goStarlarkDefault } from "../../server/src/starlark/resolve";
import { runHere, runInGo } from "./oracle-support";

const ARITH = `
def arith(n):
    acc = 0
    for i in range(n):
        acc = (acc * 31 + i) % 1000000007
        if i % 3 == 0:
            acc = acc ^ i
    return acc
`;

const PROGRAMS: Record<string, string> = {
  "small, negative, zero and int32-overflowing bounds": `${ARITH}
def main():
    return str([arith(1000), arith(0), arith(-5), arith(3)])
`,
  "a bound past the safe integers takes the general body": `${ARITH}
def main():
    def first(n):
        for i in range(n, n + 3):
            return i * 2 + 1
    return str([first(9007199254740990), first(1152921504606846976), arith(2147483650) if False else 0])
`,
  "a bound that is not an int: the same error, at the same place": `${ARITH}
def main():
    return arith(True)
`,
  "a float bound": `${ARITH}
def main():
    return arith(5.0)
`,
  "a string bound": `${ARITH}
def main():
    return arith("5")
`,
  "a parameter reassigned in the body": `
def g(n):
    total = 0
    for i in range(n):
        total += i
    n = n * 1000000000000
    for j in range(n, n + 2):
        total += j % 7
    return [total, n]

def main():
    return str([g(10), g(-3)])
`,
  "two bounds, a step, and what the loop variable computes": `
def h(a, b, step):
    out = []
    for i in range(a, b, step):
        out.append((i * i) % 97 ^ (i & 15) | (i // 3))
    return out

def main():
    return str([h(0, 20, 3), h(20, -5, -4), h(-10, 10, 7), h(9007199254740989, 9007199254740993, 1)])
`,
  "bitwise operations at the edge of the safe integers": `
def main():
    big = 9007199254740991
    out = [big ^ -1, big | 1, (1152921504606846981) & 255, -1 & big, big ^ 0]
    for i in range(3):
        out.append(i ^ big)
        out.append(-i)
        out.append(-(i % 5))
    return str(out)
`,
  "natural numbers from len, ord, enumerate, index and count; find may be -1": `
def main():
    s = "hello"
    out = []
    for i, c in enumerate(["a", "b"]):
        out.append(i ^ 3)
    out.append(len(s) ^ ord("a"))
    out.append(s.index("l") | s.count("l"))
    out.append(s.find("z") ^ 1)
    out.append(-len(s) // 2)
    return str(out)
`,
  "an overflow inside the specialised body": `
def grow(n):
    x = 1
    for i in range(n):
        x = x * 1000003 + i
    return x % 1000000007 + x // (1267650600228229401496703205376)

def main():
    return str(grow(40))
`,
  "an error inside the specialised body is reported where it happens": `
def fail(n):
    d = {}
    for i in range(n):
        d[i] = i
    return d[n]

def main():
    return fail(3)
`,
};

test("speculated small-int parameters: go.starlark.net's values, errors and positions", async () => {
  for (const [name, src] of Object.entries(PROGRAMS)) {
    assert.deepEqual(await runHere(src), runInGo(src), name);
  }
});

test("only a function whose range() bounds are parameters gets the second body, behind an entry test", () => {
  const js = (src: string) => compile("s.star", src, { dialect: goStarlarkDefault, predeclared: [] }).program!.js;
  assert.match(js(ARITH), /if \(typeof v\d+_0 === \\?"number\\?"\) \{/);
  const plain = js("def f(n):\n    return n + 1\n");
  assert.doesNotMatch(plain, /=== \\?"number\\?"\) \{/, "no range(): compiled once");
  const nested = js("def f(n):\n    g = lambda x: x\n    for i in range(n):\n        g(i)\n");
  assert.doesNotMatch(nested, /if \(typeof v\d+_0 === \\?"number\\?"\) \{/, "a nested function: compiled once");
});
