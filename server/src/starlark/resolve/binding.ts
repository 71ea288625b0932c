// What the resolver attaches to the syntax tree, after go.starlark.net/resolve: every
// identifier gets a Binding, every function (def or lambda) a FunctionInfo, the file a
// ModuleInfo. The compiler reads only these, never re-derives scopes.
import type { Ident, Position } from "../syntax/ast";

export type Scope =
  | "undefined"   // name not found (an error was reported)
  | "local"       // local to a function, not captured
  | "cell"        // local to a function, captured by a nested function
  | "free"        // a cell of an enclosing function, seen from a nested one
  | "global"      // defined at top level of the module
  | "predeclared" // provided by the host (the Incus builtins)
  | "universal";  // a universe builtin (len, dict, True, ...)

export interface Binding {
  scope: Scope;
  /** Index among the locals/cells of its function, or among the module's globals, or into
   *  the enclosing function's free variable list (scope "free"). */
  index: number;
  /** The identifier that first bound this name (undefined for predeclared/universal). */
  first?: Ident;
}

export interface FunctionInfo {
  pos: Position;
  name: string; // "lambda" for lambdas
  hasVarargs: boolean;
  hasKwargs: boolean;
  numKwonlyParams: number;
  /** Parameters first, in order, then other locals. */
  locals: Binding[];
  /** Indices into `locals` of those that are cells. */
  cells: number[];
  /** Bindings in the enclosing function captured by this one (scope "free" inside). */
  freeVars: Binding[];
}

export interface ModuleInfo {
  /** Top-level locals (for comprehensions and for-loop variables at top level). */
  locals: Binding[];
  globals: Binding[];
  /** Indices into `locals` of those that are cells (a top-level comprehension variable or
   *  loaded name captured by a function). Added by the resolver engineer. */
  cells: number[];
}
