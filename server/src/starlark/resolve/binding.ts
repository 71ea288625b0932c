// What the resolver attaches to the syntax tree, after go.starlark.net/resolve: every
// identifier gets a Binding, every function (def or lambda) a FunctionInfo, the file a
// ModuleInfo. The compiler reads only these, never re-derives scopes. The types are declared
// beside the tree they annotate (syntax/ast.ts), so the tree needs nothing of the resolver.
export type { Binding, FunctionInfo, ModuleInfo, Scope } from "../syntax/ast";
