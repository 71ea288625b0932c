// The Starlark dialect as data: which optional language features a file may use. The flags
// mirror go.starlark.net's syntax.FileOptions; `load` is ours, for hosts (like Incus) that
// accept load statements at compile time but give the thread no loader.

export interface Dialect {
  /** Allow the `set` builtin (FileOptions.Set); else referring to it is a resolve error. */
  set: boolean;
  /** Allow `while` statements (FileOptions.While). */
  while: boolean;
  /** Allow if/for/while at top level (FileOptions.TopLevelControl). */
  topLevelControl: boolean;
  /** Allow reassigning top-level names (FileOptions.GlobalReassign); also switches the
   *  resolver to use-before-def ("legacy Bazel") semantics for top-level uses. */
  globalReassign: boolean;
  /** Allow recursive calls (FileOptions.Recursion). A *run-time* check in go.starlark.net
   *  ("function f called recursively"): the resolver only carries the flag. */
  recursion: boolean;
  /** load() binds globals rather than file-locals (FileOptions.LoadBindsGlobally). */
  loadBindsGlobally: boolean;
  /** Whether load statements can succeed. When false they still resolve and compile (as in
   *  Incus, which calls go.starlark.net with no Thread.Load), and executing one fails at
   *  run time with LOAD_NOT_IMPLEMENTED. */
  load: boolean;
}

/** go.starlark.net's run-time error for a load statement when the thread has no loader
 *  (starlark/interp.go, compile.LOAD), raised at the `load` keyword in `<toplevel>`. Incus
 *  compiles scriptlets with load statements fine, then fails with this when validation
 *  runs the top level (prog.Init with a Thread that has no Load). */
export const LOAD_NOT_IMPLEMENTED = "load not implemented by this application";

/** go.starlark.net's zero FileOptions, with a loader available (as in its test suite). */
export const goStarlarkDefault: Readonly<Dialect> = Object.freeze({
  set: false,
  while: false,
  topLevelControl: false,
  globalReassign: false,
  recursion: false,
  loadBindsGlobally: false,
  load: true,
});

/** A parsed Incus version; missing parts are 0. */
interface Version {
  major: number;
  minor: number;
  patch: number;
}

function parseVersion(version: string): Version | undefined {
  const m = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0) };
}

/** Incus compiles scriptlets with syntax.LegacyFileOptions() (all false, since Incus sets no
 *  resolve.Allow* globals) and, from "incusd/scriptlet: Allow sets" (June 2025) on, sets
 *  opts.Set = true. That commit first shipped in 6.14.0 and was backported to the 6.0 LTS
 *  branch in 6.0.5; 6.0.0–6.0.4 and 6.1–6.13 reject `set`. */
function incusAllowsSets(v: Version): boolean {
  if (v.major !== 6) return v.major > 6;
  if (v.minor === 0) return v.patch >= 5;
  return v.minor >= 14;
}

/** The dialect a given Incus version compiles scriptlets with. An unrecognised version
 *  string gets the newest behaviour. Never load: Incus provides no loader. */
export function incusDialect(version: string): Dialect {
  const v = parseVersion(version);
  return {
    set: v === undefined ? true : incusAllowsSets(v),
    while: false,
    topLevelControl: false,
    globalReassign: false,
    recursion: false,
    loadBindsGlobally: false,
    load: false,
  };
}

/** The option names of go.starlark.net's test files (`# option:set option:while`), as read
 *  by getOptions in starlark/eval_test.go and resolve/resolve_test.go. */
const OPTION_FLAGS: ReadonlyArray<[string, keyof Dialect]> = [
  ["set", "set"],
  ["while", "while"],
  ["toplevelcontrol", "topLevelControl"],
  ["globalreassign", "globalReassign"],
  ["loadbindsglobally", "loadBindsGlobally"],
  ["recursion", "recursion"],
];

/** The dialect a go.starlark.net test chunk asks for. Like Go's `option()`, a flag is on
 *  when the text contains "option:NAME" anywhere (normally in a `# option:` comment). */
export function dialectFromOptionComments(src: string, base: Readonly<Dialect> = goStarlarkDefault): Dialect {
  const dialect: Dialect = { ...base };
  for (const [name, flag] of OPTION_FLAGS) {
    if (src.includes("option:" + name)) dialect[flag] = true;
  }
  return dialect;
}
