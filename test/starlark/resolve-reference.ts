// go.starlark.net as the reference for the resolver tests: its compile errors (via
// tools/go-oracle) and its binding annotations (via resolve-testdata/dump-bindings, built
// here in GOPATH mode over Debian's golang-starlark-dev, like go-oracle). Every function
// returns undefined when the reference cannot run, so the tests can skip.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, copyFileSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Dialect } from "../../server/src/starlark/resolve/index";
import { tempDir } from "../support/temp-dir";

const repo = path.resolve(__dirname, "../../..");
const oracleScript = path.join(repo, "tools/go-oracle/run.sh");
const dumpSource = path.join(repo, "test/starlark/resolve-testdata/dump-bindings/main.go");
const goStarlark = "/usr/share/gocode/src/go.starlark.net";

export const workDir = tempDir("resolve-reference-");

export interface Reported {
  line: number;
  col: number;
  msg: string;
}

const FLAGS: [keyof Dialect, string][] = [
  ["set", "-set"], ["while", "-while"], ["topLevelControl", "-toplevelcontrol"],
  ["globalReassign", "-globalreassign"], ["recursion", "-recursion"], ["loadBindsGlobally", "-loadbindsglobally"],
];

function flagsFor(dialect: Dialect, supported: readonly string[]): string[] | undefined {
  const flags = FLAGS.filter(([option]) => dialect[option]).map(([, flag]) => flag);
  return flags.every((f) => supported.includes(f)) ? flags : undefined;
}

/** Writes `src` to a file in the work folder and returns its path. */
export function writeProgram(name: string, src: string): string {
  const file = path.join(workDir, name);
  writeFileSync(file, src);
  return file;
}

/** go.starlark.net's compile errors for the file, with the dialect's options or with the
 *  options an Incus version uses (go-oracle's `-incus 6.0|7`). go-oracle knows no
 *  loadbindsglobally. */
export function referenceErrors(
  file: string, dialect: Dialect | { incus: "6.0" | "7" }, predeclared: readonly string[],
): Reported[] | undefined {
  if (!existsSync(oracleScript)) return undefined;
  const flags = "incus" in dialect
    ? ["-incus", dialect.incus]
    : flagsFor(dialect, ["-set", "-while", "-toplevelcontrol", "-globalreassign", "-recursion"]);
  if (!flags) return undefined;
  const r = spawnSync("bash", [oracleScript, "-mode", "compile", "-predeclared", predeclared.join(","), ...flags, file], { encoding: "utf8" });
  if (r.status !== 0) return undefined; // not installed, or go.starlark.net's compiler crashed
  try {
    return (JSON.parse(r.stdout) as { errors?: Reported[] }).errors ?? [];
  } catch {
    return undefined;
  }
}

let dumpBinary: string | undefined | null = null;

function buildDumpBindings(): string | undefined {
  if (dumpBinary !== null) return dumpBinary;
  dumpBinary = undefined;
  if (!existsSync(goStarlark) || spawnSync("go", ["version"]).status !== 0) return undefined;
  const home = path.join(os.tmpdir(), "incus-scriptlet-resolve-dump");
  const binary = path.join(home, "dump-bindings");
  if (!existsSync(binary) || statSync(dumpSource).mtimeMs > statSync(binary).mtimeMs) {
    const pkg = path.join(home, "src", "dumpbindings");
    mkdirSync(pkg, { recursive: true });
    copyFileSync(dumpSource, path.join(pkg, "main.go"));
    const r = spawnSync("go", ["build", "-o", binary, "."], {
      cwd: pkg,
      env: { ...process.env, GO111MODULE: "off", GOPATH: `${home}:/usr/share/gocode`, GOCACHE: path.join(home, "cache"), GOFLAGS: "" },
      encoding: "utf8",
    });
    if (r.status !== 0) return undefined;
  }
  dumpBinary = binary;
  return binary;
}

/** Whether the bindings reference can run here. */
export function bindingsReferenceAvailable(): boolean {
  return buildDumpBindings() !== undefined;
}

/** go.starlark.net's annotations of the file, in dump-bindings' JSON shape (empty lists
 *  as []), or undefined when the reference cannot run or the file does not parse. */
export function referenceBindings(file: string, dialect: Dialect): unknown {
  const binary = buildDumpBindings();
  const flags = flagsFor(dialect, ["-set", "-while", "-toplevelcontrol", "-globalreassign", "-loadbindsglobally", "-recursion"]);
  if (!binary || !flags) return undefined;
  const r = spawnSync(binary, [file, ...flags], { encoding: "utf8" });
  if (r.status !== 0) return undefined;
  return JSON.parse(r.stdout, (_key, value) => (value === null ? [] : value));
}
