// Where the library (runtime/builtins, runtime/methods) plugs into the core: the universe
// of predeclared builtins and the method tables that getAttr binds ("abc".upper). The
// library's index files fill these in; index.ts imports them so they end up in the bundle.

import { SBuiltin, type BuiltinImpl, type Value } from "./values";

/** A method: an unbound SBuiltin (bound with .bind(recv), Go's BindReceiver), or a bare
 *  implementation that reads its receiver from `this.recv`. */
export type Method = SBuiltin | BuiltinImpl;
export type MethodTable = Record<string, Method>;

/** Method tables by receiver type name: "string", "bytes", "list", "dict", "set". */
export const METHODS: Record<string, MethodTable> = Object.create(null);

/** Predeclared universe values by name (None, True, False, len, str, ...). */
export const UNIVERSE: Record<string, Value> = Object.create(null);

export function registerMethods(type: string, table: MethodTable): void {
  const t = (METHODS[type] ??= Object.create(null) as MethodTable);
  for (const name of Object.keys(table)) t[name] = table[name];
  sortedNames.delete(type);
}

export function registerUniverse(values: Record<string, Value>): void {
  for (const name of Object.keys(values)) UNIVERSE[name] = values[name];
}

UNIVERSE["None"] = null;
UNIVERSE["True"] = true;
UNIVERSE["False"] = false;

/** builtinAttr: the method `name` of `recv` (whose type name is `type`) bound to it, or
 *  undefined. */
export function boundMethod(type: string, recv: Value, name: string): SBuiltin | undefined {
  const table = METHODS[type];
  if (table === undefined) return undefined;
  const m = table[name];
  if (m === undefined) return undefined; // tables have no prototype: no inherited names
  if (m instanceof SBuiltin) return m.bind(recv);
  return new SBuiltin(name, m, recv);
}

const sortedNames = new Map<string, string[]>();

/** builtinAttrNames: the method names of a type, sorted (callers must not modify it). */
export function methodNames(type: string): string[] {
  let names = sortedNames.get(type);
  if (names === undefined) {
    const table = METHODS[type];
    names = table === undefined ? [] : Object.keys(table).sort();
    sortedNames.set(type, names);
  }
  return names;
}

/** The built-in types that are HasAttrs in go.starlark.net (their missing attributes get
 *  a spelling hint). */
export const ATTR_TYPES: ReadonlySet<string> = new Set(["string", "bytes", "list", "dict", "set"]);
