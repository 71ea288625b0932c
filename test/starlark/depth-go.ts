// go.starlark.net at depth: what Debian's go.starlark.net (0.0~git20240725.42030a7, the
// go-oracle, tools/go-oracle) does with deeply nested scriptlets, measured on this machine
// (2 cores, Go 1.23, default 1 GB max goroutine stack) with `tools/go-oracle/run.sh -call
// main` on `def main(): return str(EXPR)` (blocks: nested statements inside main), wall
// time and peak memory from /usr/bin/time. Go's parser, resolver and compiler recurse per
// level with no depth check; past its 1 GB stack the runtime prints
// "runtime: goroutine stack exceeds 1000000000-byte limit" / "fatal error: stack overflow"
// and the process dies (in Incus: the daemon, as scriptlets are parsed in it). The pass
// named is the top of the crashing goroutine's stack.
//
// The hostile-input tests (hostile-depth.test.ts) build the same programs with
// `deepScriptlet` and hold our engine to this table; syntax/stack-budget.ts takes
// GO_NESTING_LIMIT from it.

export interface GoDepth {
  /** Deepest measured depth go.starlark.net parses, resolves, compiles and runs. */
  ok: number;
  /** Shallowest measured depth at which it dies ("fatal error: stack overflow"), and where. */
  crash?: { depth: number; pass: string };
  /** Wall time and peak memory at `ok`. */
  at: string;
  note?: string;
}

export const GO_DEPTH: Record<string, GoDepth> = {
  parentheses: { ok: 150_000, crash: { depth: 200_000, pass: "syntax.parseTestPrec" }, at: "2.8 s, 1.0 GB" },
  lists: { ok: 150_000, crash: { depth: 200_000, pass: "syntax.parseList" }, at: "4.0 s, 1.0 GB" },
  dicts: { ok: 150_000, crash: { depth: 200_000, pass: "syntax.parsePrimary" }, at: "4.8 s, 980 MB" },
  calls: { ok: 150_000, crash: { depth: 200_000, pass: "syntax.parseBinopExpr" }, at: "3.3 s, 1.0 GB" },
  "right-nested operators": { ok: 150_000, crash: { depth: 200_000, pass: "syntax.parseTestPrec" }, at: "2.3 s, 1.0 GB" },
  comprehensions: { ok: 150_000, crash: { depth: 200_000, pass: "syntax.parseTestPrec" }, at: "4.0 s, 1.0 GB" },
  "unary minus": { ok: 1_000_000, crash: { depth: 3_000_000, pass: "syntax.scanner.nextToken" }, at: "4.8 s, 830 MB" },
  "not operators": { ok: 1_000_000, at: "4.4 s, 830 MB" },
  lambdas: { ok: 300_000, crash: { depth: 600_000, pass: "resolve.resolver.expr" }, at: "4.2 s, 1.0 GB" },
  "conditional expressions": {
    ok: 100_000, at: "28 s, 100 MB",
    note: "quadratic in go.starlark.net: 10,000 take 0.19 s, 100,000 28 s; 300,000 did not finish in 300 s (no crash seen)",
  },
  "elif branches": { ok: 100_000, at: "1.5 s, 190 MB", note: "an elif chain nests in the tree, not in the text" },
  "if blocks": { ok: 10_000, at: "1.15 s, 63 MB", note: "10,000 nested blocks are a 50 MB file (indentation grows with depth): deeper was not tried" },
  "for blocks": { ok: 10_000, at: "0.62 s, 74 MB" },
  "def blocks": { ok: 10_000, at: "1.8 s, 173 MB" },
};

/** The programs of the table: `def main()` returning str() of the nested expression, or
 *  with statements nested inside it. */
export function deepScriptlet(kind: string, n: number): string {
  const r = (s: string, k: number) => s.repeat(k);
  const expr: Record<string, () => string> = {
    parentheses: () => r("(", n) + "1" + r(")", n),
    lists: () => "len(" + r("[", n) + "1" + r("]", n) + ")",
    dicts: () => "len(" + r('{"a": ', n) + "1" + r("}", n) + ")",
    calls: () => r("str(", n) + "1" + r(")", n),
    "right-nested operators": () => r("(1 + ", n) + "1" + r(")", n),
    comprehensions: () => r("[x for x in ", n) + "[1]" + r("]", n),
    "unary minus": () => r("-", n) + "1",
    "not operators": () => r("not ", n) + "True",
    lambdas: () => "(" + r("lambda: ", n) + "1)" + r("()", n),
    "conditional expressions": () => r("1 if False else ", n) + "2",
  };
  if (expr[kind]) return `def main():\n    return str(${expr[kind]()})\n`;
  const lines = ["def main():"];
  if (kind === "elif branches") {
    lines.push("    x = -1", "    if x == 0:", "        return 'a'");
    for (let i = 1; i < n; i++) lines.push(`    elif x == ${i}:`, "        return 'b'");
    lines.push("    else:", "        return 'z'", "");
    return lines.join("\n");
  }
  const head = kind === "if blocks" ? () => "if True:" : kind === "for blocks" ? (i: number) => `for i${i} in [${i}]:` : (i: number) => `def f${i}():`;
  if (!["if blocks", "for blocks", "def blocks"].includes(kind)) throw new Error(`unknown kind ${kind}`);
  for (let i = 0; i < n; i++) lines.push(" ".repeat(i + 1) + head(i));
  lines.push(" ".repeat(n + 1) + "return 1");
  if (kind === "def blocks") for (let i = n - 1; i >= 0; i--) lines.push(" ".repeat(i + 1) + `return f${i}()`);
  lines.push(" return 0", "");
  return lines.join("\n");
}
