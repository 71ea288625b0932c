// The fast YAML path (block-yaml.ts) against the YAML library it stands in for: on every text
// it accepts it must give exactly the library's value, and it must never accept a text the
// library calls an error. Checked on the repository's YAML files, hand-picked edge cases,
// documents our own writer produces from awkward values, and random mutations of the sample.
// Snapshot loads with problems must report the same positions with and without it, and the
// nesting check (a jumping scan; the parsed depth for JSON) must count as the old character loop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { LineCounter, parseDocument, stringify } from "yaml";
import { formatSnapshot, parseSnapshotText, sampleSnapshotPath } from "../../server/src/incus/snapshot";
import { readBlockYaml, readBlockYamlDocument, resolvePlain } from "../../server/src/incus/snapshot/block-yaml";
import { locateYamlPaths } from "../../server/src/incus/snapshot/yaml-locate";
import { nodeAt, rangeOf } from "../../server/src/incus/snapshot/locate";
import { bigClusterDocument } from "./fake-server";
import { nestsDeeperThan, tooDeepAt } from "../../server/src/incus/snapshot/read-text";

const root = path.resolve(__dirname, "../../..");

/** "fast" when the reader took the text (and agreed with the library), "library" when it gave up. */
function agree(text: string, label: string): "fast" | "library" {
  const fast = readBlockYaml(text);
  if (fast === undefined) return "library";
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  assert.deepEqual(doc.errors.map((e) => e.message), [], `${label}: the fast path accepted a text the library refuses:\n${text.slice(0, 400)}`);
  assert.deepStrictEqual(fast, doc.toJS({ maxAliasCount: 1000 }) ?? {}, `${label}: values differ:\n${text.slice(0, 400)}`);
  return "fast";
}

/** A small deterministic generator, so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

test("every YAML file of the repository reads the same; the examples take the fast path", () => {
  const files = execFileSync("git", ["ls-files", "*.yaml", "*.yml"], { cwd: root, encoding: "utf8" }).trim().split("\n");
  assert.ok(files.length > 5);
  for (const file of files) agree(readFileSync(path.join(root, file), "utf8"), file);
  for (const file of [sampleSnapshotPath(), path.join(root, "examples/minimal.incus-cluster.yaml")]) {
    assert.equal(agree(readFileSync(file, "utf8"), file), "fast", file);
  }
});

test("plain scalars are typed by the core schema, as the library types them", () => {
  const cases = ["~", "null", "Null", "NULL", "true", "False", "TRUE", "yes", "no", "on", "0", "-0", "+12", "007", "0o17", "0o8", "0x1F", "0xg", "1e3", "1E-3", "1.5", ".5", "1.", "-.inf", ".NaN", ".nan", "1_000", "6.0.4", "12:30", "2026-12-01", "nan", "-x", "+", ".", "~x", "nullx", "truex", "9007199254740993", "1e400"];
  for (const source of cases) {
    const expected = parseDocument(`v: ${source}\n`).toJS().v;
    assert.deepStrictEqual(resolvePlain(source), expected, source);
  }
});

test("edge cases: taken and equal, or left to the library", () => {
  const taken = [
    "a: 1\nb:\n  - x\n  -\n  - y\n", // an empty entry is null, not a nested list
    "a:\n- x\n- y\nb: 2\n", // a list at its key's indentation
    "a:\n  - - x\n    - y\n  - z\n", // a list in a list
    "a:\n  - k: 1\n    l: [1, 2]\n  - {m: n}\n",
    "a: &x\n  - 1\nb: *x\nc: *x\n", // an alias is the anchored value
    "a: |\n  line 1\n\n    indented\n  last\nb: |-\n  stripped\n\nc: 3\n",
    'a: "tab\\there \\u00e9 \\x41 \\"q\\" \\\\"\nb: \'it\'\'s\'\n',
    "a: x # comment\n# comment\n  # indented comment\nb: 'y' # c\n",
    '"quoted key": 1\n\'single\': 2\n1: one\ntrue: t\n~: n\n0x10: hex\n',
    "---\na: 1\n",
    "a: {}\nb: []\nc: { }\nd: [ ]\n",
    "a: 10.20.0.11:8443\nb: http://x/#frag\nc: a#b\n",
  ];
  for (const text of taken) assert.equal(agree(text, JSON.stringify(text)), "fast", JSON.stringify(text));
  const left = [
    "a: 1\na: 2\n", // duplicate key: the library's error
    "a: b: c\n",
    "a: |+\n  keep\n\n",
    "a: >\n  folded\n",
    "a: |2\n   x\n",
    "a: !!str 1\n",
    "a: *undefined\n",
    "a: &x [1]\nb: &y [*x]\n",
    "? complex\n: key\n",
    "a: 'multi\n  line'\n",
    'a: "multi\n  line"\n',
    "a: plain\n  continued\n",
    "a:\n\t- x\n",
    "a: 1\r\nb: 2\r\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "- a\n- b\n",
    "a: [1, 2,]\n",
    "a: [1,\n  2]\n",
    "a: [x: 1]\n",
    "a: 1\n b: 2\n",
    "__proto__: 1\n",
    `${"k".repeat(1100)}: 1\n`,
    "",
    "# only a comment\n",
  ];
  for (const text of left) {
    assert.equal(agree(text, JSON.stringify(text)), "library", JSON.stringify(text));
  }
});

test("documents our writer produces from awkward values read the same", () => {
  const rnd = random(7);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const atoms = ["", " ", "a", "yes", "on", "true", "null", "~", "0", "007", "0x1F", "1e3", ".inf", "1_000", "12:30", "6.0.4", "-", "- a", "? x", ": y", "a: b", "a:b", "a #b", "a#b", "#c", "&x", "*x", "!t", "|", ">", "'q'", '"dq"', "[a]", "{b}", ",", "%", "@", "`", "\t", "a\tb", "line1\nline2", "trail\n", "two\n\n", "  lead", "trail  ", "é", "日本", "😀", "\u0085", "\\", "---", "<<", "__proto__", "x".repeat(1100)];
  const str = (): string => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(atoms)).join("");
  const value = (depth: number): unknown => {
    const r = rnd();
    if (depth > 3 || r < 0.45) {
      const t = rnd();
      return t < 0.6 ? str() : t < 0.75 ? Math.floor(rnd() * 1e6) * (rnd() < 0.5 ? 1 : -1) : t < 0.85 ? rnd() * 100 : t < 0.93 ? rnd() < 0.5 : null;
    }
    if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(rnd() * 4); i > 0; i--) o[rnd() < 0.7 ? pick(["name", "config", "limits.cpu", "a b"]) + i : str()] = value(depth + 1);
    return o;
  };
  let fast = 0;
  for (let n = 0; n < 600; n++) {
    const doc: Record<string, unknown> = { server: value(0), members: [value(1), value(1)], instances: value(0) };
    if (rnd() < 0.3) doc.shared = doc.members; // the writer turns a repeated object into an anchor and aliases
    const text = rnd() < 0.5 ? formatSnapshot(doc, "yaml") : stringify(doc, { lineWidth: rnd() < 0.5 ? 0 : 40 });
    if (agree(text, `document ${n}`) === "fast") fast++;
  }
  assert.ok(fast > 200, `only ${fast} of 600 took the fast path`);
});

test("random edits of the examples: never a text the library refuses, never a different value", () => {
  const rnd = random(11);
  const sample = readFileSync(sampleSnapshotPath(), "utf8").split("\n").slice(0, 400).join("\n");
  const minimal = readFileSync(path.join(root, "examples/minimal.incus-cluster.yaml"), "utf8");
  const pieces = [" ", "\n", "-", "- ", ":", ": ", "#", " #", '"', "'", "[", "]", "{", "}", ",", "&a ", "*a", "|", "|-", ">", "\t", "  ", "\n  ", "\n- ", "x: y", "~", "0x1F", "\\", "\\n", "---\n", "? ", "!"];
  const seen = { fast: 0, library: 0 };
  for (let n = 0; n < 500; n++) {
    let text = n % 2 ? sample : minimal;
    for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
      const at = Math.floor(rnd() * text.length);
      const r = rnd();
      if (r < 0.4) text = text.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + text.slice(at);
      else if (r < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 5));
      else text = text.slice(0, at) + text[Math.floor(rnd() * text.length)] + text.slice(at + 1);
    }
    seen[agree(text, `edit ${n}`)]++;
  }
  assert.ok(seen.fast > 100 && seen.library > 100, JSON.stringify(seen));
});

test("errors and warnings of a fast-path load carry the library path's positions", () => {
  const base = formatSnapshot(
    {
      members: [{ server_name: "n1", groups: ["default", "nope"] }, { server_name: "n1" }],
      instances: [
        { name: "c1", location: "n9", profiles: ["default", "missing"] },
        { name: "c2", config: { "limits.cpu": [1] } },
        { name: "", status_code: "x" },
        { project: "p" },
      ],
      profiles: { ghost: [] },
      resources: { n7: {} },
    },
    "yaml",
  );
  const variants = [base, base.replace("status_code: x", "status_code: null"), base.replace(/  - project: p\n/, ""), "members: 3\n", "instances:\n  - name:\n    config: {a: [1]}\n", "nope: 1\nmembers: []\n"];
  for (const text of variants) {
    assert.notEqual(readBlockYaml(text), undefined, text);
    const fast = parseSnapshotText(text, "s.yaml");
    const library = parseSnapshotText(text, "s.yaml", { yamlFastPath: false });
    assert.ok((fast.errors?.length ?? 0) + (fast.warnings?.length ?? 0) > 0, text);
    assert.deepStrictEqual(fast, library, text);
  }
  const sample = readFileSync(sampleSnapshotPath(), "utf8");
  assert.deepStrictEqual(parseSnapshotText(sample, "sample.yaml"), parseSnapshotText(sample, "sample.yaml", { yamlFastPath: false }));
});

test("the nesting check: the bracket-jumping scan counts exactly as a character loop; parsed depth agrees", () => {
  const reference = (text: string, max: number): number => {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 92) i++;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 91 || c === 123) {
        if (++depth > max) return i;
      } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
    }
    return -1;
  };
  const rnd = random(3);
  const alphabet = ["[", "]", "{", "}", '"', "\\", "a", " "];
  for (let n = 0; n < 20_000; n++) {
    let text = "";
    for (let i = Math.floor(rnd() * 60); i > 0; i--) text += alphabet[Math.floor(rnd() * alphabet.length)];
    const max = Math.floor(rnd() * 5);
    assert.equal(tooDeepAt(text, max), reference(text, max), `${JSON.stringify(text)} at ${max}`);
    try {
      const data: unknown = JSON.parse(text);
      assert.equal(nestsDeeperThan(data, max), reference(text, max) >= 0, text);
    } catch {
      // not JSON: only the text scan applies
    }
  }
  const deep = `{"a": ${"[".repeat(300)}${"]".repeat(300)}}`;
  assert.equal(nestsDeeperThan(JSON.parse(deep)), true);
  for (const name of ["deep.json", "deep.yaml"]) {
    const r = parseSnapshotText(deep, name);
    assert.match(r.errors?.[0]?.message ?? "", /nested more than 256 levels deep/, name);
    assert.equal(r.errors?.[0]?.col, 6 + 256, name);
  }
});

test("positions from a masked text (only the entries with problems) equal those from the whole text", () => {
  const rnd = random(5);
  const sample = readFileSync(sampleSnapshotPath(), "utf8");
  const texts = [sample, formatSnapshot(JSON.parse(JSON.stringify(bigClusterDocument(4, 30))), "yaml")];
  let masked = 0;
  for (const text of texts) {
    const read = readBlockYamlDocument(text);
    assert.ok(read && !read.usedAnchors);
    const data = read.value;
    const lc = new LineCounter();
    const wholeDoc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
    for (let n = 0; n < 40; n++) {
      const requests = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => {
        const path: PropertyKey[] = [];
        let node: unknown = data;
        while (node !== null && typeof node === "object" && rnd() < 0.85) {
          const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
          if (keys.length === 0) break;
          const key = keys[Math.floor(rnd() * keys.length)];
          path.push(key);
          node = (node as Record<PropertyKey, unknown>)[key as string];
        }
        if (rnd() < 0.2) path.push("absent"); // a missing field: the nearest enclosing node
        return { path, atKey: rnd() < 0.2 };
      });
      const whole = requests.map((r) => rangeOf(nodeAt(wholeDoc, r.path, r.atKey), lc));
      const fromMask = locateYamlPaths(text, data, requests, false, 0);
      assert.deepStrictEqual(fromMask, whole, JSON.stringify(requests));
      if (requests.every((r) => r.path.length >= 2)) masked++;
    }
  }
  assert.ok(masked > 20, `only ${masked} request sets could be masked`);
});

test("a big YAML snapshot with problems: the masked positions are the library path's", () => {
  const doc = JSON.parse(JSON.stringify(bigClusterDocument(20, 1600))) as { instances: Record<string, unknown>[]; members: Record<string, unknown>[] };
  doc.instances[5].location = "ghost"; // a warning
  doc.instances[700].profiles = ["default", "missing"];
  doc.members[3].server_name = "node1"; // listed twice
  const text = formatSnapshot(doc, "yaml");
  assert.ok(text.length > 1 << 20, `${text.length} chars: too small to be masked`);
  const fast = parseSnapshotText(text, "big.yaml");
  assert.ok((fast.warnings?.length ?? 0) >= 3, JSON.stringify(fast.warnings?.slice(0, 3)));
  assert.deepStrictEqual(fast, parseSnapshotText(text, "big.yaml", { yamlFastPath: false }));
  const broken = text.replace("      user.note: instance number 1200\n", "      user.note: [instance number 1200]\n");
  const errors = parseSnapshotText(broken, "big.yaml");
  assert.equal(errors.errors?.length, 1);
  assert.deepStrictEqual(errors, parseSnapshotText(broken, "big.yaml", { yamlFastPath: false }));
});
