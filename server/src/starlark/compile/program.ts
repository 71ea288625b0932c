// What the compiler hands to the sandbox: the JS source of a program factory plus the
// tables the host needs to turn a QuickJS stack back into a Starlark backtrace.

/** JS `line:col` of a fallible call site → [Starlark function name, line, col], plus, for a
 *  method call x.f(...), the line and col of its `.` (where a failed lookup is reported),
 *  or, for the call of a comprehension's JS wrapper function, "wrap": that site stands
 *  for the comprehension only when nothing inside the wrapper reported a position (the
 *  stack ran out on entering it: the deepest comprehension is where nesting gave out). */
export type PositionEntry = [string, number, number] | [string, number, number, number, number] | [string, number, number, "wrap"];
export type PositionTable = Record<string, PositionEntry>;

export interface CompiledProgram {
  /** The Starlark file name, as positions print it. */
  path: string;
  /** `(function ($rt, $env) { ... return {toplevel, globals}; })`: evaluated once per
   *  session, called with the runtime and the environment (predeclared values, loader). */
  js: string;
  positions: PositionTable;
  /** Module global names in index order (the factory's `globals` array uses the same). */
  globals: string[];
  /** Names of load()ed modules in order of appearance. */
  loads: string[];
  /** Dialect.recursion: the runtime's recursion check is off while this program runs. */
  recursion: boolean;
  /** Function position (desc.pos, "file:line:col" as a byte string) → [name, line, col]
   *  of its entry: where go.starlark.net reports a frame that failed binding arguments. */
  entries: Record<string, [string, number, number]>;
}
