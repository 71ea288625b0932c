// `npm run conformance`: go.starlark.net's own test files run through our engine with the
// harness they expect (eval_test.go, resolve_test.go, parse_test.go and starlarktest):
// chunks separated by "---", `### "regexp"` expected errors, `option:NAME` dialect flags,
// and load("assert.star", "assert") running starlarktest/assert.star itself with its
// builtins (error, catch, matches, module, _freeze, _floateq).
// Prints one line per file, then "N passed, N failed" over chunks; exit status 1 on failure.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "../server/src/starlark/syntax";
import { dialectFromOptionComments, goStarlarkDefault, isUniverseName, resolveFile } from "../server/src/starlark/resolve";
import {
  compile, HostOpaque, Session, semanticsFor, DEBIAN_STARLARK_GO, type CompiledProgram, type EvalFailure, type HostValue,
} from "../server/src/starlark/engine";

export const GO_STARLARK = process.env.GO_STARLARK_SRC ?? "/usr/share/gocode/src/go.starlark.net";

// ---- chunked files (internal/chunkedfile) ------------------------------------------------

export interface Chunk {
  /** Source padded with newlines so that line numbers match the whole file. */
  source: string;
  /** Line of the chunk's first line in the file. */
  firstLine: number;
  wantErrs: Map<number, RegExp>;
  problems: string[];
}

export function readChunks(filename: string, text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let linenum = 1;
  for (const chunk of text.split("\n---\n")) {
    const firstLine = linenum;
    const source = "\n".repeat(linenum - 1) + chunk;
    const wantErrs = new Map<number, RegExp>();
    const problems: string[] = [];
    for (const line of chunk.split("\n")) {
      const hashes = line.indexOf("###");
      if (hashes >= 0) {
        const rest = line.slice(hashes + 3).trim();
        const pattern = goUnquote(rest);
        if (pattern === undefined) problems.push(`${filename}:${linenum}: not a quoted regexp: ${rest}`);
        else {
          try {
            wantErrs.set(linenum, goRegexp(pattern));
          } catch (e) {
            problems.push(`${filename}:${linenum}: ${(e as Error).message}`);
          }
        }
      }
      linenum++;
    }
    linenum++; // the "---" line
    chunks.push({ source, firstLine, wantErrs, problems });
  }
  return chunks;
}

/** chunk.GotError */
function gotError(filename: string, chunk: Chunk, line: number, msg: string): void {
  const rx = chunk.wantErrs.get(line);
  if (rx) {
    chunk.wantErrs.delete(line);
    if (!rx.test(msg)) chunk.problems.push(`${filename}:${line}: error ${JSON.stringify(msg)} does not match pattern ${JSON.stringify(rx.source)}`);
  } else {
    chunk.problems.push(`${filename}:${line}: unexpected error: ${msg}`);
  }
}

/** chunk.Done */
function done(filename: string, chunk: Chunk): void {
  for (const [line, rx] of chunk.wantErrs) chunk.problems.push(`${filename}:${line}: expected error matching ${JSON.stringify(rx.source)}`);
}

/** strconv.Unquote for "..." and `...` literals. */
export function goUnquote(s: string): string | undefined {
  if (s.length >= 2 && s[0] === "`" && s[s.length - 1] === "`") return s.slice(1, -1);
  if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') return undefined;
  let out = "";
  for (let i = 1; i < s.length - 1; i++) {
    const c = s[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = s[++i];
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\", "'": "'", a: "\x07", b: "\b", f: "\f", v: "\v" };
    if (e in simple) out += simple[e];
    else if (e === "x") {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === "u" || e === "U") {
      const n = e === "u" ? 4 : 8;
      out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else return undefined;
  }
  return out;
}

/** A Go RE2 pattern as a JS RegExp (unanchored search, as regexp.MatchString). */
export function goRegexp(pattern: string): RegExp {
  let flags = "";
  let p = pattern;
  const m = /^\(\?([imsU]+)\)/.exec(p);
  if (m) {
    if (m[1].includes("i")) flags += "i";
    if (m[1].includes("m")) flags += "m";
    if (m[1].includes("s")) flags += "s";
    p = p.slice(m[0].length);
  }
  p = p.replace(/\\A/g, "^").replace(/\\z/g, "$(?![\\s\\S])");
  p = p.replace(/\[:(alpha|digit|alnum|space|upper|lower|punct|xdigit):\]/g, (_, c: string) => ({
    alpha: "A-Za-z", digit: "0-9", alnum: "A-Za-z0-9", space: "\\s", upper: "A-Z", lower: "a-z", punct: "!-\\/:-@\\[-`{-~", xdigit: "0-9A-Fa-f",
  })[c]!);
  try {
    return new RegExp(p, flags + "u");
  } catch {
    return new RegExp(p, flags);
  }
}

// ---- the assert module (starlarktest) ----------------------------------------------------

/** Builtins of assert.star, as JS expressions evaluated in the sandbox (they take Starlark
 *  values). Names are those of starlarktest.go's NewBuiltin calls ("freeze", not "_freeze"). */
const ASSERT_JS_VALUES: Record<string, string> = {
  catch: `new $rt.SBuiltin("catch", function (args, kwargs) {
    if (args.length !== 1 || kwargs.length) throw new $rt.StarlarkError("catch: want exactly 1 argument");
    if (typeof $rt.catchError === "function") return $rt.catchError(() => $rt.call(args[0], [], null));
    try { $rt.call(args[0], [], null); return null; }
    catch (e) { if (e instanceof $rt.StarlarkError) return e.message; throw e; }
  })`,
  // starlarkstruct.Module: type "module", str <module "name">, "unhashable: module".
  module: `(() => {
    class Module extends $rt.SValue {
      constructor(name, members) { super(); this.name = name; this.members = new Map(members); }
      type() { return "module"; }
      repr() { return "<module " + $rt.quote(this.name) + ">"; }
      hashKey() { throw new $rt.StarlarkError("unhashable: module"); }
      freeze() { for (const v of this.members.values()) $rt.freeze(v); }
      attr(name) { return this.members.get(name); }
      attrNames() { return [...this.members.keys()].sort(); }
    }
    return new $rt.SBuiltin("module", function (args, kwargs) {
      if (args.length !== 1 || typeof args[0] !== "string") throw new $rt.StarlarkError("module: got " + args.length + " arguments, want 1");
      return new Module(args[0], kwargs);
    });
  })()`,
  _freeze: `new $rt.SBuiltin("freeze", function (args, kwargs) {
    if (kwargs.length) throw new $rt.StarlarkError("freeze does not accept keyword arguments");
    if (args.length !== 1) throw new $rt.StarlarkError("freeze got " + args.length + " arguments, wants 1");
    $rt.freeze(args[0]);
    return args[0];
  })`,
  _floateq: `new $rt.SBuiltin("floateq", function (args, kwargs) {
    const x = args[0].v, y = args[1].v;
    if (x === y) return true;
    if (Number.isNaN(x)) return Number.isNaN(y);
    if (Number.isNaN(y)) return false;
    const b = new DataView(new ArrayBuffer(16));
    b.setFloat64(0, x); b.setFloat64(8, y);
    const bx = b.getBigUint64(0), by = b.getBigUint64(8);
    return bx === by + 1n || by === bx + 1n;
  })`,
};

/** Test-only values of eval_test.go that chunks use as predeclared names: `hasfields()`
 *  (an application type with settable fields, and list + hasfields = 42) and `fibonacci`
 *  (an infinite iterable). */
const CHUNK_JS_VALUES: Record<string, string> = {
  hasfields: `(() => {
    class HasFields extends $rt.SValue {
      constructor() { super(); this.attrs = new Map(); this.frozen = false; }
      type() { return "hasfields"; }
      repr() { return "hasfields"; }
      hashKey() { return "\u0100hasfields"; }
      freeze() { if (!this.frozen) { this.frozen = true; for (const v of this.attrs.values()) $rt.freeze(v); } }
      attr(name) { return this.attrs.get(name); }
      attrNames() { return [...this.attrs.keys()].sort(); }
      setField(name, v) {
        if (this.frozen) throw new $rt.StarlarkError("cannot set field on a frozen hasfields");
        if (name.startsWith("no")) throw new ($rt.NoSuchAttrError || $rt.StarlarkError)("no ." + name + " field");
        this.attrs.set(name, v);
      }
      binaryOp(op, y, right) { return op === "+" && $rt.typeName(y) === "list" ? 42 : undefined; }
    }
    return new $rt.SBuiltin("hasfields", (args, kwargs) => {
      if (args.length + kwargs.length > 0) throw new $rt.StarlarkError("hasfields: unexpected arguments");
      return new HasFields();
    });
  })()`,
  fibonacci: `(() => {
    class Fib extends $rt.SValue {
      type() { return "fib"; }
      repr() { return "fib"; }
      hashKey() { throw new $rt.StarlarkError("fib is unhashable"); }
      iterate() { let x = 0, y = 1; return { next() { const r = x; [x, y] = [y, x + y]; return r; }, done() {} }; }
    }
    return new Fib();
  })()`,
};

function hostRepr(v: HostValue): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof HostOpaque) return v.repr;
  return String(v);
}

// ---- running the files -----------------------------------------------------------------

export interface FileResult {
  file: string;
  skipped?: string;
  passed: number;
  failed: number;
  failures: string[];
}

export const SKIPPED: Record<string, string> = {
  "json.star": "needs the json module (Incus offers none)",
  "math.star": "needs the math module (Incus offers none)",
  "time.star": "needs the time module (Incus offers none)",
  "proto.star": "needs the proto module (Incus offers none)",
  "paths.star": "needs starlarkstruct (Incus offers none); a benchmark input, not in eval_test.go",
  "benchmark.star": "a benchmark, not a test (bench_test.go)",
  "function_param.star": "input of a Go unit test (value_test.go), not a chunked test",
};

/** Keeps one session per file, reloading assert.star into a fresh one after a fatal error. */
class Harness {
  private session?: Session;
  private assertProgram?: CompiledProgram;
  private currentChunk?: { filename: string; chunk: Chunk };

  async session_(): Promise<Session> {
    if (this.session) return this.session;
    const s = await Session.create({ timeoutMs: 10000, memoryBytes: 512 * 1024 * 1024, maxStackBytes: 4 * 1024 * 1024 });
    // The suite is Debian's go.starlark.net's: run it with that version's semantics.
    s.setSemantics(semanticsFor(DEBIAN_STARLARK_GO));
    if (!this.assertProgram) {
      const src = readFileSync(path.join(GO_STARLARK, "starlarktest/assert.star"), "utf8");
      const r = compile("assert.star", src, {
        dialect: goStarlarkDefault,
        predeclared: ["error", "matches", ...Object.keys(ASSERT_JS_VALUES)],
      });
      if (!r.program) throw new Error(`assert.star: ${r.diagnostics.map((d) => `${d.pos.line}:${d.pos.col}: ${d.msg}`).join("; ")}`);
      this.assertProgram = r.program;
    }
    const res = s.addModule("assert.star", this.assertProgram, {
      host: {
        error: (args) => {
          const msg = args.length === 1 ? (typeof args[0] === "string" ? args[0] : hostRepr(args[0])) : `error: got ${args.length} arguments, want 1`;
          this.currentChunk?.chunk.problems.push(`${this.currentChunk.filename}: assertion failed: ${msg}`);
          return null;
        },
        matches: (args) => goRegexp(String(args[0])).test(String(args[1])),
      },
      jsValues: ASSERT_JS_VALUES,
    });
    if (res.error) throw new Error(`assert.star failed: ${res.error.message}`);
    this.session = s;
    return s;
  }

  async runChunk(filename: string, chunk: Chunk): Promise<void> {
    const dialect = dialectFromOptionComments(chunk.source);
    const predeclared = Object.keys(CHUNK_JS_VALUES);
    const r = compile(filename, chunk.source, { dialect, predeclared });
    if (!r.program) {
      const d = r.diagnostics[0];
      chunk.problems.push(`${filename}:${d.pos.line}:${d.pos.col}: static error: ${d.msg}`);
      return;
    }
    const s = await this.session_();
    this.currentChunk = { filename, chunk };
    const res = s.init(r.program, {}, undefined, { jsValues: CHUNK_JS_VALUES });
    s.takeOutput();
    this.currentChunk = undefined;
    if (res.error) this.evalError(filename, chunk, res.error);
    if (res.error?.fatal) {
      s.dispose();
      this.session = undefined;
    }
  }

  private evalError(filename: string, chunk: Chunk, err: EvalFailure): void {
    // eval_test.go: the innermost frame in the chunk's file gives the line.
    for (let i = err.backtrace.length - 1; i >= 0; i--) {
      if (err.backtrace[i].file === filename) {
        gotError(filename, chunk, err.backtrace[i].line, err.message);
        return;
      }
    }
    chunk.problems.push(`${filename}: error with no position in the file: ${err.message}`);
  }

  dispose(): void {
    this.session?.dispose();
    this.session = undefined;
  }
}

function summarise(file: string, chunks: Chunk[]): FileResult {
  const failures = chunks.flatMap((c) => c.problems);
  const failed = chunks.filter((c) => c.problems.length).length;
  return { file, passed: chunks.length - failed, failed, failures };
}

/** starlark/testdata/*.star as eval_test.go's TestExecFile runs them. */
export async function runEvalFile(file: string): Promise<FileResult> {
  const filename = path.join(GO_STARLARK, "starlark/testdata", file);
  const chunks = readChunks(filename, readFileSync(filename, "utf8"));
  const h = new Harness();
  try {
    for (const chunk of chunks) {
      if (chunk.problems.length) continue;
      try {
        await h.runChunk(filename, chunk);
      } catch (e) {
        chunk.problems.push(`${filename}:${chunk.firstLine}: harness error: ${(e as Error).stack ?? e}`);
      }
      done(filename, chunk);
    }
  } finally {
    h.dispose();
  }
  return summarise(`starlark/testdata/${file}`, chunks);
}

/** resolve/testdata/resolve.star as resolve_test.go runs it. */
export function runResolveFile(): FileResult {
  const filename = path.join(GO_STARLARK, "resolve/testdata/resolve.star");
  const chunks = readChunks(filename, readFileSync(filename, "utf8"));
  for (const chunk of chunks) {
    try {
      const dialect = dialectFromOptionComments(chunk.source);
      const parsed = parse(filename, chunk.source);
      if (parsed.errors.length) {
        chunk.problems.push(`${filename}:${parsed.errors[0].pos.line}: parse error: ${parsed.errors[0].msg}`);
      } else {
        const diags = resolveFile(parsed.file, {
          dialect,
          isPredeclared: (n) => n === "M",
          isUniversal: (n) => n === "U" || n === "float",
        });
        for (const d of diags) gotError(filename, chunk, d.pos.line, d.msg);
      }
    } catch (e) {
      chunk.problems.push(`${filename}:${chunk.firstLine}: harness error: ${(e as Error).stack ?? e}`);
    }
    done(filename, chunk);
  }
  return summarise("resolve/testdata/resolve.star", chunks);
}

/** syntax/testdata/errors.star as parse_test.go's TestParseErrors runs it. */
export function runSyntaxFile(): FileResult {
  const filename = path.join(GO_STARLARK, "syntax/testdata/errors.star");
  const chunks = readChunks(filename, readFileSync(filename, "utf8"));
  for (const chunk of chunks) {
    try {
      const parsed = parse(filename, chunk.source);
      if (parsed.errors.length) gotError(filename, chunk, parsed.errors[0].pos.line, parsed.errors[0].msg);
    } catch (e) {
      chunk.problems.push(`${filename}:${chunk.firstLine}: harness error: ${(e as Error).stack ?? e}`);
    }
    done(filename, chunk);
  }
  return summarise("syntax/testdata/errors.star", chunks);
}

/** The files of eval_test.go's TestExecFile, in its order. */
export const EVAL_FILES = [
  "assign.star", "bool.star", "builtins.star", "bytes.star", "control.star", "dict.star", "float.star",
  "function.star", "int.star", "json.star", "list.star", "math.star", "misc.star", "proto.star", "set.star",
  "string.star", "time.star", "tuple.star", "recursion.star", "module.star", "while.star",
];

export async function runAll(log: (line: string) => void, maxFailuresShown = 5): Promise<{ passed: number; failed: number }> {
  let passed = 0;
  let failed = 0;
  const report = (r: FileResult): void => {
    passed += r.passed;
    failed += r.failed;
    const total = r.passed + r.failed;
    log(`${r.failed ? "FAIL" : "PASS"} ${r.file} (${r.passed}/${total} chunks)`);
    for (const f of r.failures.slice(0, maxFailuresShown)) log(`    ${f.split("\n")[0]}`);
    if (r.failures.length > maxFailuresShown) log(`    ... ${r.failures.length - maxFailuresShown} more`);
  };
  for (const file of EVAL_FILES) {
    if (SKIPPED[file]) {
      log(`SKIP starlark/testdata/${file}: ${SKIPPED[file]}`);
      continue;
    }
    report(await runEvalFile(file));
  }
  for (const file of ["benchmark.star", "paths.star", "function_param.star"]) log(`SKIP starlark/testdata/${file}: ${SKIPPED[file]}`);
  report(runResolveFile());
  report(runSyntaxFile());
  return { passed, failed };
}

async function main(): Promise<void> {
  const shown = Number(process.env.CONFORMANCE_SHOW ?? 5);
  const { passed, failed } = await runAll((l) => console.log(l), shown);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
