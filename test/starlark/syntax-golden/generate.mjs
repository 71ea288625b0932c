// Regenerates first-errors.json: mutated Starlark snippets (from go.starlark.net's own test
// files, deterministic mutations) with go.starlark.net's first syntax error for each, as
// reported by driver.go. Run from the repository root: node test/starlark/syntax-golden/generate.mjs
// Needs golang-go and golang-starlark-dev (GOPATH mode, no download).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync, rmSync } from "node:fs";
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

// A scriptlet in the style this project serves: each function a snippet, weighted 12.
const scriptlet = `def instance_placement(request, candidate_members):
    # Prefer members with the most free memory.
    best = None
    best_free = -1
    for member in candidate_members:
        res = get_cluster_member_resources(member.server_name)
        free = res.memory.total - res.memory.used
        if free > best_free and member.server_name not in ("m3", "m4"):
            best, best_free = member.server_name, free
        elif free == best_free:
            log_info("tie between ", best, " and ", member.server_name)
        else:
            pass
    if best != None:
        set_target(best)
    counts = {m.server_name: get_instances_count(project=request.project, location=m.server_name) for m in candidate_members}
    log_warn("counts: %s" % counts, [k for k, v in counts.items() if v > 2 if k])
    return

def authorize(details, object, entitlement):
    if details.Username == "admin" or entitlement in ["can_view", 'can_edit']:
        return True
    parts = object.split(":", 1)
    return len(parts) == 2 and parts[0] == "project" and not parts[1].startswith("x")

def qemu_hook(instance, stage):
    if stage == "config":
        set_qemu_cmdline(get_qemu_cmdline() + ["-S"])
    x = lambda a, *args, b=1, **kw: (a, args, b, kw)
    y = 0x1F + 0o17 + 0b101 + 1.5e3 + int("7") // 2 % 3 << 1 >> 1 & 255 | 1 ^ ~0
    z = r"raw\\d" + b"\\x00\\xff".decode() if y else '''triple
quoted'''
    return x(1, 2, b=3, *[4], **{"k": 5})[0:1:1]
`;
for (const fn of scriptlet.split(/\n(?=def )/)) for (let i = 0; i < 12; i++) snippets.push(fn);

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
process.on("exit", () => rmSync(build, { recursive: true, force: true }));
const pkg = join(build, "src", "driver");
cpSync(join(here, "driver.go"), join(pkg, "main.go"));
const env = { ...process.env, GO111MODULE: "off", GOPATH: `${build}:/usr/share/gocode`, GOCACHE: join(build, "cache") };
execFileSync("go", ["build", "-o", join(build, "driver"), "."], { cwd: pkg, env, stdio: "inherit" });
const answers = JSON.parse(execFileSync(join(build, "driver"), { input: JSON.stringify(sources), maxBuffer: 1 << 26 }).toString());
const cases = sources.map((src, i) => ({ src, go: answers[i] }));
writeFileSync(join(here, "first-errors.json"), JSON.stringify(cases, null, 0).replace(/\},\{"src"/g, '},\n{"src"') + "\n");
console.log(`${cases.length} cases, ${answers.filter((a) => !a.ok).length} with errors`);
