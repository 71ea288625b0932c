// Regenerates first-errors.json: mutated Starlark snippets (from go.starlark.net's own test
// files, deterministic mutations) with go.starlark.net's first syntax error for each, as
// reported by driver.go. Run from the repository root: node test/starlark/syntax-golden/generate.mjs
// Needs golang-go and golang-starlark-dev (GOPATH mode, no download).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const gocode = "/usr/share/gocode/src/go.starlark.net";
const COUNT = 800;

let seed = 424242;
const rnd = (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
const fragments = [
  "(", ")", "[", "]", "{", "}", ":", ",", "\n", "\n  ", "\n\t", "\t", " ", '"', "'", '"""', "\\", "\\\n",
  "#", "=", "==", "<", "not", "in", "if", "else", "elif", "for", "def", "lambda", "return", "load",
  "*", "**", "0777", "0x", "0o8", "0b2", "1e", "1e400", ".5", "\\x80", "\\u12", "\\400", 'b"', "r'",
  "!", "$", "é", "😿", ";", "\r\n", "\r", "pass", "x", "1", ".", "class", "\ufeff", "\x00",
];

// Snippets: chunks of the test files, cut to at most 400 characters at a line boundary.
const snippets = [];
for (const dir of ["starlark/testdata", "syntax/testdata", "resolve/testdata"]) {
  for (const f of readdirSync(join(gocode, dir)).filter((n) => n.endsWith(".star")).sort()) {
    for (const chunk of readFileSync(join(gocode, dir, f), "utf8").split("\n---\n")) {
      // Leading comment lines carry little syntax; skip them.
      const code = chunk.replace(/^(\s*#.*\n)+/, "");
      const s = code.length > 400 ? code.slice(0, code.lastIndexOf("\n", 400) + 1) : code;
      if (s.trim()) snippets.push(s);
    }
  }
}

function mutate(s) {
  for (let k = 1 + rnd(3); k > 0; k--) {
    const p = rnd(s.length + 1);
    switch (rnd(4)) {
      case 0: s = s.slice(0, Math.max(p, s.length >> 1)); break; // keep at least half
      case 1: s = s.slice(0, p) + fragments[rnd(fragments.length)] + s.slice(p); break;
      case 2: s = s.slice(0, p) + s.slice(p + rnd(20)); break;
      case 3: { const q = rnd(s.length + 1); const [a, b] = p < q ? [p, q] : [q, p]; s = s.slice(0, b) + s.slice(a, b) + s.slice(b); }
    }
  }
  return s;
}

const sources = Array.from({ length: COUNT }, (_, i) => {
  const s = snippets[rnd(snippets.length)];
  return i % 8 === 0 ? s : mutate(s);
});

const build = mkdtempSync(join(tmpdir(), "syntax-golden-"));
const pkg = join(build, "src", "driver");
cpSync(join(here, "driver.go"), join(pkg, "main.go"));
const env = { ...process.env, GO111MODULE: "off", GOPATH: `${build}:/usr/share/gocode`, GOCACHE: join(build, "cache") };
execFileSync("go", ["build", "-o", join(build, "driver"), "."], { cwd: pkg, env, stdio: "inherit" });
const answers = JSON.parse(execFileSync(join(build, "driver"), { input: JSON.stringify(sources), maxBuffer: 1 << 26 }).toString());
const cases = sources.map((src, i) => ({ src, go: answers[i] }));
writeFileSync(join(here, "first-errors.json"), JSON.stringify(cases, null, 0).replace(/\},\{"src"/g, '},\n{"src"') + "\n");
console.log(`${cases.length} cases, ${answers.filter((a) => !a.ok).length} with errors`);
