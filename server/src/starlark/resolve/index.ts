// Public API of the resolver: annotate a parsed file with bindings (see binding.ts) and
// report go.starlark.net's resolve errors. Codes: "dialect" for errors some dialect option
// would lift (sets, while, top-level control, reassignment), "resolve" for the rest.
import type { File, SyntaxDiagnostic } from "../syntax/ast";
import { Resolver, type ResolveOptions } from "./resolver";

export type { ResolveOptions } from "./resolver";
export type { Binding, FunctionInfo, ModuleInfo, Scope } from "./binding";
export {
  type Dialect, goStarlarkDefault, incusDialect, dialectFromOptionComments, LOAD_NOT_IMPLEMENTED,
} from "./dialect";
export { UNIVERSE_NAMES, isUniverseName } from "./universe";

/** Resolve `file` in place (Ident.binding, DefStmt/LambdaExpr.function, File.module) and
 *  return every resolve error, in go.starlark.net's order: the first is the one
 *  go.starlark.net would print. */
export function resolveFile(file: File, opts: ResolveOptions): SyntaxDiagnostic[] {
  const resolver = new Resolver(file.path, opts);
  try {
    resolver.resolveFile(file);
  } catch (e) {
    // Unreachable by design (the parser bounds nesting, chains are walked iteratively);
    // a bug must not take the language server down.
    const pos = { line: 1, col: 1, offset: 0 };
    const msg = `internal error: ${e instanceof Error ? e.message : String(e)}`;
    return [...resolver.diagnostics, { pos, end: pos, msg, code: "resolve" }];
  }
  return resolver.diagnostics;
}
export { IncrementalResolver, type StatementResolution } from "./incremental";
