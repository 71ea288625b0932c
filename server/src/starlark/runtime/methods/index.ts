// The built-in methods of string, bytes, list, dict and set (go.starlark.net library.go
// *Methods tables). Importing this module registers them with the core's registry, whose
// getAttr binds them to their receivers (Builtin.BindReceiver).

import { registerMethods, type Method } from "../registry";
import type { SBuiltin, Value } from "../values";
import { BYTES_METHODS } from "./bytes";
import { DICT_METHODS } from "./dict";
import { LIST_METHODS } from "./list";
import type { MethodImpl, MethodTable } from "./method-types";
import { SET_METHODS } from "./set";
import { STRING_METHODS } from "./string";

export type { MethodImpl, MethodTable };

/** Method implementations by receiver type, each taking (receiver, args, kwargs). */
export const METHODS: Readonly<Record<"string" | "bytes" | "list" | "dict" | "set", MethodTable>> = {
  string: STRING_METHODS,
  bytes: BYTES_METHODS,
  list: LIST_METHODS,
  dict: DICT_METHODS,
  set: SET_METHODS,
};

/** Adapts a table to the registry's form: builtins that read their receiver from the
 *  bound SBuiltin (Go's b.Receiver()). */
function asBuiltins(table: MethodTable): Record<string, Method> {
  const out: Record<string, Method> = {};
  for (const name of Object.keys(table)) {
    const impl = table[name];
    out[name] = function (this: SBuiltin, args: Value[], kwargs: [string, Value][]): Value {
      return impl(this.recv as Value, args, kwargs);
    };
  }
  return out;
}

for (const type of Object.keys(METHODS) as (keyof typeof METHODS)[]) {
  registerMethods(type, asBuiltins(METHODS[type]));
}
