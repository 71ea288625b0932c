// Incremental re-analysis (starlark/syntax/incremental.ts, used by the scriptlet service for
// each new version of a document) must be invisible: after every one of a few hundred random
// edits, the tree, the comments, the errors and every diagnostic `check` reports equal those of
// a from-scratch analysis of the same text. Edits are random (seeded, so a failure repeats):
// typing, deleting, pasting whole functions, breaking and mending brackets, strings and
// indentation, CRLF line ends.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "../../server/src/starlark/syntax";
import { reparse, type ParsedText, type ReparseStats } from "../../server/src/starlark/syntax/incremental";
import { ScriptletService } from "../../server/src/language/scriptlet/service";
import { rng } from "../support/seeded-random";

const root = path.resolve(__dirname, "../../..");
const SPREAD = readFileSync(path.join(root, "examples/spread.placement.star"), "utf8");

const HELPERS = Array.from({ length: 30 }, (_, i) =>
  `def helper${i}(members, n = ${i}):\n    # pick the ${i}th\n    best = [m for m in members if len(m.roles) > n]\n    return best[0] if best else None\n`).join("\n");

const MIXED = `"""Module doc
spanning lines."""
LIMIT = 10
NAMES = ["a", "b",
         "c"]  # continued

def instance_placement(request, candidate_members):
    if request.reason == "evacuation":
        return None
    x = 1; y = 2
    f = lambda a: a + x + y
    total = f(3) + \\
        LIMIT
    log_info("total ", total)
    set_target(candidate_members[0].server_name)
`;

/** More seeds per text (INCREMENTAL_EDIT_RUNS=50 for a longer soak than the default run). */
const RUNS = Number(process.env.INCREMENTAL_EDIT_RUNS ?? 1);

const SNIPPETS = [
  "x", "1", " ", "\n", "    ", "(", ")", "[", "]", ":", ",", '"', '"""', "#", "\\\n", "\r\n", "\t",
  "def extra(a):\n    return a\n", "\ndef g():\n    pass\n", "z = 1; w = 2\n", "if True:\n    pass\n",
  "return", "lambda: 0", "for m in candidate_members:\n        pass\n", "undefined_name", "LIMIT = 3\n",
];

function randomEdit(text: string, r: () => number): string {
  let at = Math.floor(r() * (text.length + 1));
  const op = r();
  if (op < 0.3) {
    // Typing inside a word or number (what most keystrokes are): usually stays valid.
    while (at < text.length && !/\w/.test(text[at])) at++;
    return text.slice(0, at) + (r() < 0.5 ? "q" : "7") + text.slice(at);
  }
  if (op < 0.55) return text.slice(0, at) + SNIPPETS[Math.floor(r() * SNIPPETS.length)] + text.slice(at);
  if (op < 0.85) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(r() * 12)));
  // Undo-like: a line duplicated elsewhere.
  const lines = text.split("\n");
  const line = lines[Math.floor(r() * lines.length)];
  return text.slice(0, at) + line + "\n" + text.slice(at);
}

/** A tree as data, without the resolver's annotations (set again by each analysis). */
function shape(x: unknown): string {
  return JSON.stringify(x, (k, v) => (k === "binding" || k === "function" || k === "module" ? undefined : typeof v === "bigint" ? `${v}n` : v));
}

for (const [name, base, seed] of [["spread", SPREAD, 1], ["helpers", SPREAD + "\n" + HELPERS, 2], ["mixed", MIXED, 3], ["crlf", MIXED.replace(/\n/g, "\r\n"), 4]] as const) {
  test(`incremental parse equals a full parse after each of 300 random edits (${name})`, () => {
    const modes = { full: 0, incremental: 0, same: 0 };
    for (let run = 0; run < RUNS; run++) {
      const r = rng(seed * 1000 + run);
      let text = base;
      let prev: ParsedText | undefined = { text, ...parse("p", text) };
      let clean = text;
      for (let step = 0; step < 300; step++) {
        // Drift back to the base now and then, so edits also land on a clean file.
        // Half the edits start again from the last text without errors (as a user mends typos).
        text = step % 25 === 24 ? base : randomEdit(r() < 0.5 ? clean : text, r);
        const stats: ReparseStats = { mode: "full", parsed: 0 };
        const inc = reparse("p", prev, text, stats);
        modes[stats.mode]++;
        const ref = parse("p", text);
        assert.equal(shape(inc.file), shape(ref.file), `tree after edit ${step} (${stats.mode})`);
        assert.deepEqual(inc.errors, ref.errors, `errors after edit ${step}`);
        if (ref.errors.length === 0) clean = text;
        prev = inc;
      }
    }
    assert.ok(modes.incremental >= 30, `incremental only ${modes.incremental} times: ${JSON.stringify(modes)}`);
  });
}

test("incremental analysis: check's diagnostics equal a fresh service's after each of 150 random edits", async () => {
  const incremental = new ScriptletService(() => {});
  const r = rng(7);
  const base = SPREAD + "\n" + HELPERS + "\n" + MIXED.replace(/def instance_placement/, "def other");
  let text = base;
  let clean = base;
  try {
    for (let version = 1; version <= 150; version++) {
      text = version % 20 === 0 ? base : randomEdit(version % 2 ? clean : text, r);
      const doc = { uri: "file:///w/r.placement.star", text, version };
      const got = await incremental.check(doc, { version: "6.0.4" });
      const fresh = new ScriptletService(() => {});
      try {
        const want = await fresh.check({ ...doc, version: undefined }, { version: "6.0.4" });
        assert.deepEqual(got, want, `diagnostics after edit ${version}`);
        if (!want.some((d) => d.code === "syntax")) clean = text;
      } finally {
        await fresh.dispose();
      }
    }
  } finally {
    await incremental.dispose();
  }
});
