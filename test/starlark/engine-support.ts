// Helpers for the engine tests: compile a source (failing the test on diagnostics) and run
// it in a fresh session that is always disposed.
import assert from "node:assert/strict";
import { compile, Session, type HostFunction, type Limits } from "../../server/src/starlark/engine";
import { goStarlarkDefault, type Dialect } from "../../server/src/starlark/resolve";

export function program(src: string, opts: { dialect?: Partial<Dialect>; predeclared?: string[]; path?: string } = {}) {
  const r = compile(opts.path ?? "test.star", src, {
    dialect: { ...goStarlarkDefault, ...opts.dialect },
    predeclared: opts.predeclared ?? [],
  });
  assert.deepEqual(r.diagnostics.map((d) => d.msg), [], "unexpected diagnostics");
  assert.ok(r.program);
  return r.program;
}

/** Runs `body` with a session initialised with `src`; the session is disposed afterwards. */
export async function withSession<T>(
  src: string,
  body: (s: Session, init: ReturnType<Session["init"]>) => T | Promise<T>,
  opts: { dialect?: Partial<Dialect>; host?: Record<string, HostFunction>; limits?: Partial<Limits> } = {},
): Promise<T> {
  const prog = program(src, { dialect: opts.dialect, predeclared: Object.keys(opts.host ?? {}) });
  const s = await Session.create(opts.limits);
  try {
    return await body(s, s.init(prog, opts.host ?? {}));
  } finally {
    s.dispose();
  }
}
