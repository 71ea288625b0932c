// One Starlark program's main() run here and in go.starlark.net (tools/go-oracle), for tests
// that compare the two: the value as str() prints it, or the error's text and the innermost
// Starlark position of its backtrace.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { compile, Session } from "../../server/src/starlark/engine";
import { goStarlarkDefault } from "../../server/src/starlark/resolve";

const ORACLE = path.resolve(__dirname, "../../../tools/go-oracle/run.sh");
let dir: string | undefined;
let files = 0;

export interface Outcome {
  value?: string;
  error?: string;
  at?: string;
}

function innermost(frames: { line: number; col: number }[] | undefined): string | undefined {
  const top = (frames ?? []).filter((f) => f.line > 0).at(-1);
  return top ? `${top.line}:${top.col}` : undefined;
}

/** main() of `src` in go.starlark.net (its default dialect, sets on). */
export function runInGo(src: string): Outcome {
  if (dir === undefined) {
    const d = (dir = mkdtempSync(path.join(tmpdir(), "go-oracle-cases-")));
    process.on("exit", () => rmSync(d, { recursive: true, force: true }));
  }
  const f = path.join(dir, `case${files++}.star`);
  writeFileSync(f, src);
  const out = JSON.parse(execFileSync(ORACLE, ["-set", "-call", "main", f], { encoding: "utf8", maxBuffer: 64 << 20 }));
  if (out.errors) throw new Error(`oracle: ${JSON.stringify(out.errors)}`);
  return out.error !== undefined ? { error: out.error, at: innermost(out.backtrace) } : { value: JSON.parse(out.value) };
}

/** main() of `src` here, compiled as runInGo's dialect. */
export async function runHere(src: string): Promise<Outcome> {
  const r = compile("case.star", src, { dialect: { ...goStarlarkDefault, set: true }, predeclared: [] });
  if (!r.program) throw new Error(`compile: ${JSON.stringify(r.diagnostics)}`);
  const s = await Session.create();
  try {
    const init = s.init(r.program, {});
    if (init.error) throw new Error(`init: ${init.error.message}`);
    const c = s.call("main");
    return c.error ? { error: c.error.message, at: innermost(c.error.backtrace) } : { value: String(c.value) };
  } finally {
    s.dispose();
  }
}
