// Loops over d.items() (codegen-items.ts): a dict's entries are walked without a tuple per
// entry, anything else through its items() as before. The same programs in go.starlark.net
// (tools/go-oracle): values, errors and their positions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile } from "../../server/src/starlark/engine";
import { goStarlarkDefault } from "../../server/src/starlark/resolve";
import { runHere, runInGo } from "./oracle-support";

const PROGRAMS: Record<string, string> = {
  "statements and comprehensions, in insertion order, deleted and re-inserted keys": `
def main():
    d = {"b": 1, "a": 2, 3: "x", (1, 2): [4]}
    d.pop("a")
    d["a"] = 5
    out = []
    for k, v in d.items():
        out.append((k, v))
    for (k, v) in d.items():
        out.append(k)
    for [k, v] in d.items():
        out.append(v)
    out.append({k: v for k, v in d.items() if type(v) == "int"})
    out.append([k for k, _ in {}.items()])
    big = {i: i * i for i in range(40)}
    for i in range(0, 40, 3):
        big.pop(i)
    out.append([k + v for k, v in big.items()])
    return str(out)
`,
  "the body changes the dict: the loop walks the entries as they were": `
def main():
    d = {"a": 1, "b": 2}
    seen = []
    for k, v in d.items():
        d[k + k] = v
        d.pop("b", None)
        seen.append(k)
    return str([seen, d])
`,
  "break, continue and the variables after the loop": `
def main():
    d = {1: "a", 2: "b", 3: "c", 4: "d"}
    out = []
    for k, v in d.items():
        if k == 2:
            continue
        if k == 4:
            break
        out.append(v)
    return str([out, k, v])
`,
  "nested targets": `
def main():
    return str([a + b + k for k, (a, b) in {1: (2, 3), 4: (5, 6)}.items()])
`,
  "a nested target that does not unpack": `
def main():
    for k, (a, b) in {1: (2, 3), 4: 5}.items():
        pass
`,
  "three targets": `
def main():
    for a, b, c in {1: 2}.items():
        pass
`,
  "a receiver that is not a dict": `
def main():
    for k, v in [(1, 2)].items():
        pass
`,
  "a comprehension over a receiver that is not a dict": `
def main():
    x = [(1, 2)]
    return [k for k, v in x.items()]
`,
  "a comprehension whose receiver fails before it starts": `
def main():
    return [k for k, v in {}[0].items()]
`,
  "a frozen dict": `
D = {"x": 1, "y": 2}

def main():
    return str([(k, v) for k, v in D.items()])
`,
};

test("for k, v in d.items(): go.starlark.net's values, errors and positions", async () => {
  for (const [name, src] of Object.entries(PROGRAMS)) {
    assert.deepEqual(await runHere(src), runInGo(src), name);
  }
});

test("for k, v in d.items() walks the dict's entries, not a list of tuples", () => {
  const js = compile("c.star", PROGRAMS["nested targets"], { dialect: goStarlarkDefault, predeclared: [] }).program!.js;
  assert.match(js, /\.ht\.flatItems\(\)/);
  const single = compile("c.star", "def main():\n    return [kv for kv in {1: 2}.items()]\n", { dialect: goStarlarkDefault, predeclared: [] }).program!.js;
  assert.doesNotMatch(single, /flatItems/, "one target takes the tuples");
});
