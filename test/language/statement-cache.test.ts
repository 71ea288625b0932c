// The per-statement caches of re-analysis (resolve/incremental.ts, analysis.ts inference,
// diagnostics.ts lint, outline-cache.ts; see statement-cache.ts) must be invisible: after each
// of many random edits, an analysis made from the previous version's equals a fresh one (a
// one-off analysis: the plain resolver over the whole file, every lint rule over the whole
// file) — every
// identifier's binding (scope, index, first binder, which identifiers share one), every
// function's locals/cells/free variables, the module's globals and locals, the errors, the
// inferred variable types of every scope, the diagnostics, and hover and completion at
// random spots. Edits are random (seeded, so a failure repeats) and include what touches the
// caches' dependencies: globals and defs added, removed, renamed and bound twice, loads,
// `set` where the dialect has none, undefined names, lambdas and comprehensions at top
// level, broken and mended syntax, lines inserted above kept statements.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Binding, File, FunctionInfo, Ident, Node, SyntaxDiagnostic } from "../../server/src/starlark/syntax/ast";
import { parse } from "../../server/src/starlark/syntax";
import { isUniverseName, resolveFile } from "../../server/src/starlark/resolve";
import { predeclaredNames, scriptletDialect, scriptletKind } from "../../server/src/incus/knowledge/scriptlets";
import { collectChildren } from "../../server/src/starlark/syntax/walk";
import { Analysis, type Scope } from "../../server/src/language/scriptlet/analysis";
import { scriptletDiagnostics } from "../../server/src/language/scriptlet/diagnostics";
import { complete } from "../../server/src/language/scriptlet/completion";
import { hover } from "../../server/src/language/scriptlet/hover";
import { foldingOf, symbolsOf, tokensOf } from "../../server/src/language/scriptlet/outline";
import { documentSymbols, foldingRanges, semanticTokens } from "../../server/src/language/scriptlet/outline-cache";
import type { ScriptletContext } from "../../server/src/language/scriptlet/context";
import { rng } from "../support/seeded-random";

const root = path.resolve(__dirname, "../../..");
const SPREAD = readFileSync(path.join(root, "examples/spread.placement.star"), "utf8");

const GLOBALS = `LIMIT = 10
NAMES = ["a", "b"]
SEEN = {n: len(n) for n in NAMES}
pick = lambda ms: [m for m in ms if m.server_name in NAMES][0]

def helper0(request, members):
    best = None
    for m in members:
        if request.config.get("limits.cpu", "") == "2" and m.server_name != "x":
            best = m
    return best

def helper1(members, n = LIMIT):
    counts = [get_instances_count(location=m.server_name) for m in members]
    return sorted(counts)[0] if counts else n

def helper2(x):
    y = x + 1
    def inner():
        return y + LIMIT
    return inner()

def instance_placement(request, candidate_members):
    if request.reason == "evacuation":
        return None
    m = helper0(request, candidate_members) or pick(candidate_members)
    set_target(m.server_name)
    log_info(helper1(candidate_members), helper2(LIMIT))
`;

const SNIPPETS = [
  "x", "1", " ", "\n", "    ", "(", ")", ":", ",", '"', "#", "\r\n",
  // Globals and defs come, go, repeat and shadow builtins.
  "def helper1(members):\n    return members\n", "\ndef extra(a):\n    return a + LIMIT\n", "LIMIT = 3\n", "len = 2\n",
  "NAMES = [1]\n", "SEEN = None\n", "def log_info(x):\n    pass\n", "G = [LIMIT]\nH = G + G\n",
  // Uses of what may or may not be defined; sets in a dialect without them.
  "undefined_name", "helper9(1)", "set([1])", "    s = set()\n", "LIMT", "    return LIMT + helpr0\n", "LIMT = 1\n",
  // A global whose type the lint reads (an Incus object), typed differently.
  "X = get_instances()[0]\n", "X = 1\n", "    log_info(X.nme, X.config[\"bad.key\"])\n",
  // Top-level lambdas, comprehensions, control (errors at top level), loads.
  "f = lambda a: a + LIMIT\n", "Z = [q for q in NAMES if q]\n", "for k in NAMES:\n    pass\n", "load(\"m\", \"x\")\n",
  "return", "if True:\n    pass\n", "    break\n",
];

const WORDS = ["LIMIT", "NAMES", "helper0", "helper1", "helper2", "pick", "extra", "len", "members", "m", "set_target", "log_info"];

function randomEdit(text: string, r: () => number): string {
  let at = Math.floor(r() * (text.length + 1));
  const op = r();
  if (op < 0.25) {
    // Typing inside a word or number: renames a name, or a global.
    while (at < text.length && !/\w/.test(text[at])) at++;
    return text.slice(0, at) + (r() < 0.5 ? "q" : "7") + text.slice(at);
  }
  if (op < 0.35) {
    // One occurrence of a known name becomes another (a rename, a new or lost global use).
    const word = WORDS[Math.floor(r() * WORDS.length)];
    const i = text.indexOf(word, at);
    if (i >= 0) return text.slice(0, i) + WORDS[Math.floor(r() * WORDS.length)] + text.slice(i + word.length);
  }
  if (op < 0.45) {
    // A snippet at the start of a line (a new top-level statement or a body line).
    while (at > 0 && text[at - 1] !== "\n") at--;
  }
  if (op < 0.65) return text.slice(0, at) + SNIPPETS[Math.floor(r() * SNIPPETS.length)] + text.slice(at);
  if (op < 0.9) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(r() * 12)));
  const lines = text.split("\n");
  const line = lines[Math.floor(r() * lines.length)];
  return text.slice(0, at) + line + "\n" + text.slice(at);
}

/** Everything the resolver put on the tree, as data: bindings numbered by first appearance,
 *  so that which identifiers share a binding is compared too. */
function resolution(file: File): unknown[] {
  const ids = new Map<Binding, number>();
  const bindingOf = (b: Binding | undefined) => {
    if (!b) return "none";
    let n = ids.get(b);
    if (n === undefined) ids.set(b, (n = ids.size));
    return `#${n} ${b.scope}:${b.index}@${b.first ? `${b.first.name}:${b.first.start.offset}` : "-"}`;
  };
  const fn = (f: FunctionInfo | undefined) =>
    f && { name: f.name, pos: f.pos.offset, locals: f.locals.map(bindingOf), cells: f.cells, free: f.freeVars.map(bindingOf), v: f.hasVarargs, k: f.hasKwargs, ko: f.numKwonlyParams };
  const out: unknown[] = [];
  const stack: Node[] = [...file.stmts].reverse();
  const kids: Node[] = [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === "Ident") out.push(`${(n as Ident).name}:${n.start.offset} ${bindingOf((n as Ident).binding)}`);
    if (n.kind === "DefStmt" || n.kind === "LambdaExpr") out.push(fn(n.function));
    collectChildren(n, kids);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    kids.length = 0;
  }
  const m = file.module;
  out.push(m && { locals: m.locals.map(bindingOf), globals: m.globals.map(bindingOf), cells: m.cells });
  return out;
}

/** The inferred types of every scope (the file's, then each function's in source order). */
function inference(a: Analysis): unknown[] {
  const scopes: Scope[] = [a.file];
  const stack: Node[] = [...a.file.stmts].reverse();
  const kids: Node[] = [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === "DefStmt" || n.kind === "LambdaExpr") scopes.push(n);
    collectChildren(n, kids);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    kids.length = 0;
  }
  return scopes.map((s) => [s.kind === "File" ? -1 : s.start.offset, JSON.stringify([...a.variables(s)])]);
}

/** The plain resolver's work on a fresh parse (resolveFile, one pass over the whole file):
 *  the reference the incremental resolver must equal. */
function reference(text: string, ctx: ScriptletContext): { file: File; errors: SyntaxDiagnostic[] } {
  const predeclared = new Set(predeclaredNames(ctx.kind, ctx.version));
  const { file, errors: syntax } = parse(scriptletKind(ctx.kind, ctx.version).programName, text);
  const errors = resolveFile(file, { dialect: scriptletDialect(ctx.version), isPredeclared: (n) => predeclared.has(n), isUniversal: isUniverseName });
  return { file, errors: syntax.length ? [] : errors };
}

function outlineOf(a: Analysis): unknown {
  return { symbols: documentSymbols(a), folding: foldingRanges(a), tokens: semanticTokens(a) };
}

/** The outline made over the whole file at once (the tokens sorted over the whole file). */
function wholeFileOutline(a: Analysis): unknown {
  const t = tokensOf(a, a.file.stmts);
  const tokens: number[] = [];
  let line = 0, char = 0;
  for (let i = 0; i < t.length; i += 5) {
    tokens.push(t[i] - line, t[i] === line ? t[i + 1] - char : t[i + 1], t[i + 2], t[i + 3], t[i + 4]);
    line = t[i];
    char = t[i + 1];
  }
  return { symbols: symbolsOf(a, a.file.stmts), folding: foldingOf(a, a.file.stmts), tokens };
}

interface Case {
  name: string;
  base: string;
  ctx: ScriptletContext;
  seed: number;
}

const CLUSTER = { source: "test", members: ["node1", "node2", "node3"], groups: ["default"], projects: ["default"] };
const CASES: Case[] = [
  { name: "globals, 6.0.4 (no sets)", base: GLOBALS, ctx: { kind: "placement", version: "6.0.4", cluster: CLUSTER }, seed: 11 },
  { name: "spread and globals, 7.3", base: SPREAD + "\n" + GLOBALS.replace("def instance_placement", "def other"), ctx: { kind: "placement", version: "7.3", cluster: CLUSTER }, seed: 12 },
  { name: "crlf, authorization", base: GLOBALS.replace(/\n/g, "\r\n"), ctx: { kind: "authorization", version: "6.0.4" }, seed: 13 },
];

/** More seeds per case (STATEMENT_CACHE_RUNS=20 for a longer soak). */
const RUNS = Number(process.env.STATEMENT_CACHE_RUNS ?? 1);
const EDITS = 250;

for (const c of CASES) {
  test(`re-analysis from the previous version equals a fresh analysis after each of ${EDITS} random edits (${c.name})`, () => {
    let reused = 0;
    for (let run = 0; run < RUNS; run++) {
      const r = rng(c.seed * 1000 + run);
      let text = c.base;
      let clean = text;
      let prev: Analysis | undefined;
      for (let step = 0; step < EDITS; step++) {
        text = step % 40 === 39 ? c.base : randomEdit(r() < 0.4 ? clean : text, r);
        const logged: string[] = [];
        const inc = new Analysis("file:///w/t.placement.star", text, c.ctx, prev, true);
        const fresh = new Analysis("file:///w/t.placement.star", text, c.ctx);
        const at = `edit ${step} (run ${run})`;
        assert.deepEqual(inc.syntaxErrors, fresh.syntaxErrors, `syntax errors after ${at}`);
        const ref = reference(text, c.ctx);
        assert.deepEqual(inc.resolveErrors, ref.errors, `resolve errors after ${at}`);
        assert.deepEqual(resolution(inc.file), resolution(ref.file), `bindings after ${at}`);
        assert.deepEqual(fresh.resolveErrors, ref.errors, `resolve errors of a fresh analysis after ${at}`);
        assert.deepEqual(inference(inc), inference(fresh), `inferred types after ${at}`);
        // An editor does not always ask for diagnostics of every version (typing fast).
        if (step % 7 !== 3) {
          const got = scriptletDiagnostics(inc, (m) => logged.push(m));
          assert.deepEqual(got, scriptletDiagnostics(fresh, (m) => logged.push(m)), `diagnostics after ${at}`);
          if (!got.some((d) => d.code === "syntax")) clean = text;
        }
        assert.deepEqual(logged, [], `no lint rule failed after ${at}`);
        // The outline an editor asks for after a change (not after every one).
        if (step % 3 !== 1) assert.deepEqual(outlineOf(inc), wholeFileOutline(fresh), `outline after ${at}`);
        for (let k = 0; k < 3; k++) {
          const offset = Math.floor(r() * (text.length + 1));
          assert.deepEqual(complete(inc, offset), complete(fresh, offset), `completion at ${offset} after ${at}`);
          assert.deepEqual(hover(inc, offset), hover(fresh, offset), `hover at ${offset} after ${at}`);
        }
        if (prev && inc.file.stmts.some((s) => prev!.file.stmts.includes(s))) reused++;
        prev = inc;
      }
    }
    assert.ok(reused >= EDITS * RUNS * 0.5, `statements were reused after only ${reused} edits`);
  });
}

/** Compares re-analysis along `texts` (each from the previous) with fresh analyses. */
function followEdits(texts: string[], ctx: ScriptletContext): { diagnostics: string[][] } {
  let prev: Analysis | undefined;
  const seen: string[][] = [];
  texts.forEach((text, step) => {
    const inc = new Analysis("file:///w/t.placement.star", text, ctx, prev, true);
    const fresh = new Analysis("file:///w/t.placement.star", text, ctx);
    const ref = reference(text, ctx);
    assert.deepEqual(inc.resolveErrors, ref.errors, `resolve errors of text ${step}`);
    assert.deepEqual(resolution(inc.file), resolution(ref.file), `bindings of text ${step}`);
    assert.deepEqual(inference(inc), inference(fresh), `inferred types of text ${step}`);
    const got = scriptletDiagnostics(inc, () => {});
    assert.deepEqual(got, scriptletDiagnostics(fresh, () => {}), `diagnostics of text ${step}`);
    seen.push(got.map((d) => `${d.code}@${d.range.start.line}`));
    prev = inc;
  });
  return { diagnostics: seen };
}

test("re-analysis follows a global's type into the lint and inference of unchanged functions", () => {
  const ctx: ScriptletContext = { kind: "placement", version: "6.0.4", cluster: CLUSTER };
  const user = "\ndef f():\n    y = X\n    log_info(X.nme, y.nme)\n\ndef g():\n    log_info(X.nme)\n\ndef instance_placement(request, candidate_members):\n    return None\n";
  const { diagnostics } = followEdits([
    "X = get_instances()[0]\n" + user,
    "X = 1\n" + user, // the same functions; X is an int now
    "X = get_instances()[0]\n" + user,
    "\n\nX = get_instances()[0]\n" + user, // lines above: the findings move down
    user + "X = get_instances()[0]\n", // bound after f: f's y no longer gets its type
  ], ctx);
  const fields = diagnostics.map((d) => d.filter((x) => x.startsWith("unknown-field")));
  assert.deepEqual(fields, [
    ["unknown-field@4", "unknown-field@4", "unknown-field@7"],
    [],
    ["unknown-field@4", "unknown-field@4", "unknown-field@7"],
    ["unknown-field@6", "unknown-field@6", "unknown-field@9"],
    ["unknown-field@3", "unknown-field@6"],
  ]);
});

test("re-analysis of globals bound twice, undefined names and their suggestions, sets, lone CR line ends", () => {
  const ctx: ScriptletContext = { kind: "placement", version: "6.0.4" };
  const entry = "def instance_placement(request, candidate_members):\n    return LIMT\n\ndef h():\n    unused = 1\n";
  const { diagnostics } = followEdits([
    "LIMIT = 1\n" + entry,
    "LIMIT = 1\nLIMIT = 2\n" + entry, // cannot reassign
    "LIMIT = 1\nLIMIT = 2\ns = set()\nt = set()\n" + entry, // only the first set is reported
    "LIMIT = 2\ns = set()\nt = set()\n" + entry,
    "LIMT = 2\ns = set()\nt = set()\n" + entry, // the undefined name is now defined
    "LIMT = 2\rs = 1\r" + entry.replace(/\n/g, "\r"),
    "LIMT = 22\rs = 1\r" + entry.replace(/\n/g, "\r"),
  ], ctx);
  assert.ok(diagnostics[1].includes("dialect@1"), JSON.stringify(diagnostics));
  assert.equal(diagnostics[2].filter((d) => d === "dialect@2").length, 1, JSON.stringify(diagnostics));
});
