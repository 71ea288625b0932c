// The import graph of server/src and client/src: no import goes up a layer
// (starlark → incus → language → lsp → cli → client), there is no import cycle, and the client
// reaches the server only through the shared protocol module (types and message names: its
// bundle holds no engine, simulator or REST client) — and the server's launch recipe
// (sandbox/native-stack.ts, Node built-ins only), with which it starts the server. Imports are read after comments, strings
// and regular expressions are blanked out, so text that looks like an import does not count.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const LAYERS = ["server/src/starlark", "server/src/incus", "server/src/language", "server/src/lsp", "server/src/cli", "client/src"] as const;
/** The one server module the client may import (type-only or message types). */
const PROTOCOL = "server/src/lsp/protocol.ts";
/** How the server is started on a large native stack, which the client uses to start it in one
 *  process (a shell that raises the limit and execs Node): Node built-ins only. */
const LAUNCH = "server/src/starlark/sandbox/native-stack.ts";

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.posix.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined; // packages
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    try {
      if (statSync(path.join(ROOT, candidate)).isFile()) return candidate;
    } catch {
      // next candidate
    }
  }
  return undefined;
}

/**
 * The text with comments blanked and every string, template and regex literal's content blanked
 * (quotes kept), so that only code remains; lengths are kept. Import specifiers survive because
 * their string contents are kept when `keepStrings` is set for the positions asked.
 */
function codeOnly(text: string): { code: string; strings: Map<number, string> } {
  const out = text.split("");
  const strings = new Map<number, string>();
  let i = 0;
  let lastSignificant = "";
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === "/" && next === "/") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (ch === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (ch === '"' || ch === "'" || ch === "`") {
      let k = i + 1;
      while (k < text.length && text[k] !== ch) k += text[k] === "\\" ? 2 : 1;
      strings.set(i, text.slice(i + 1, k));
      blank(i + 1, k);
      i = k + 1;
      lastSignificant = ch;
    } else if (ch === "/" && (lastSignificant === "" || "(,=:[!&|?{};+-*%<>~^".includes(lastSignificant) || /\b(return|typeof|case|of|in)\s*$/.test(text.slice(Math.max(0, i - 8), i)))) {
      // a regular expression literal
      let k = i + 1;
      let cls = false;
      while (k < text.length && text[k] !== "\n" && (cls || text[k] !== "/")) {
        if (text[k] === "\\") k++;
        else if (text[k] === "[") cls = true;
        else if (text[k] === "]") cls = false;
        k++;
      }
      blank(i + 1, k);
      i = k + 1;
      lastSignificant = "/";
    } else {
      if (!/\s/.test(ch)) lastSignificant = ch;
      i++;
    }
  }
  return { code: out.join(""), strings };
}

/** Every relative import and re-export of a file, with whether it is erased at compile time. */
function importsOf(file: string): Edge[] {
  const { code, strings } = codeOnly(readFileSync(path.join(ROOT, file), "utf8"));
  const edges: Edge[] = [];
  const add = (quoteAt: number, typeOnly: boolean) => {
    const spec = strings.get(quoteAt);
    const to = spec === undefined ? undefined : resolve(file, spec);
    if (to) edges.push({ from: file, to, typeOnly });
  };
  // import/export ... from "x" (clauses may span lines)
  for (const m of code.matchAll(/(^|[;\n}])\s*(import|export)\s+(type\s+)?([^;"'`]*?)\bfrom\s*(["'])/g)) {
    const clause = m[4];
    const names = /\{([^}]*)\}/.exec(clause)?.[1];
    const allNamedTypes = !!names && !/^\s*[\w$]+\s*,/.test(clause) && names.split(",").map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith("type "));
    add(m.index! + m[0].length - 1, !!m[3] || allNamedTypes);
  }
  // import "x" (side effects), import("x"), require("x"), import type X = require("x")
  for (const m of code.matchAll(/(^|[;\n])\s*import\s*(["'])/g)) add(m.index! + m[0].length - 1, false);
  for (const m of code.matchAll(/\b(import|require)\s*\(\s*(["'])/g)) {
    const typeOnly = m[1] === "import" && /:\s*$|typeof\s+$|<\s*$/.test(code.slice(Math.max(0, m.index! - 10), m.index!));
    add(m.index! + m[0].length - 1, typeOnly);
  }
  return edges;
}

const layerOf = (file: string): number => LAYERS.findIndex((l) => file === l || file.startsWith(l + "/"));

const files = LAYERS.flatMap((l) => sources(l));
const edges = files.flatMap(importsOf);

test("the graph is read (sanity: files and imports found in every layer)", () => {
  for (const l of LAYERS) assert.ok(files.some((f) => f.startsWith(l + "/")), `no files under ${l}`);
  assert.ok(edges.length > files.length, `only ${edges.length} imports among ${files.length} files`);
});

test("no import goes up a layer (starlark → incus → language → lsp → cli → client)", () => {
  const up = edges
    .filter((e) => layerOf(e.to) >= 0 && layerOf(e.to) > layerOf(e.from))
    .map((e) => `${e.from} → ${e.to}${e.typeOnly ? " (type only)" : ""}`);
  assert.deepEqual(up, []);
});

test("the client imports nothing of the server but the protocol module (and the launch recipe), and those no server code at run time", () => {
  const fromClient = edges.filter((e) => e.from.startsWith("client/src/") && e.to.startsWith("server/"));
  assert.ok(fromClient.length > 0, "the client uses the protocol module");
  assert.deepEqual(fromClient.filter((e) => e.to !== PROTOCOL && e.to !== LAUNCH).map((e) => `${e.from} → ${e.to}`), []);
  // What these modules pull in at run time ends up in the client bundle: only packages.
  assert.deepEqual(importsOf(PROTOCOL).filter((e) => !e.typeOnly).map((e) => e.to), []);
  assert.deepEqual(importsOf(LAUNCH).filter((e) => !e.typeOnly).map((e) => e.to), []);
});

/** Groups of files that import each other in a loop (Tarjan's strongly connected components). */
function cyclesOf(list: Edge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const e of list) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) cycles.push(comp.sort());
    }
  };
  for (const f of files) if (!idx.has(f)) connect(f);
  return cycles;
}

test("no import cycle: none among run-time imports, none across folders even through type imports", () => {
  assert.deepEqual(cyclesOf(edges.filter((e) => !e.typeOnly)), [], "run-time cycles (load order depends on who is imported first)");
  // A type-only import back into the same folder (runtime/hashtable.ts naming the Value type
  // of runtime/values.ts, whose dictionaries are built on it) cannot change load order; a loop
  // through types across folders is a layering mistake all the same.
  const crossing = cyclesOf(edges).filter((c) => new Set(c.map((f) => path.posix.dirname(f))).size > 1);
  assert.deepEqual(crossing, []);
});
