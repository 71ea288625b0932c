// The library's view of the runtime core (values.ts, ops, repr, call): everything the
// builtins and methods need from files owned by the core lives behind these few names, so
// the library depends on the core in exactly one place.

import { SBuiltin, SFunction, SValue, typeName, type Value } from "../values";

export { equal, compare } from "../compare";
export { repr, str } from "../repr";
export { call, call1, callEach } from "../call";

/** Value.Type(). */
export const describeType = typeName;

/** Whether v is Callable (a def/lambda, a builtin/host function/bound method, or another
 *  value with callInternal, as the core's call() accepts). */
export function isCallableValue(v: Value): boolean {
  return v instanceof SFunction || v instanceof SBuiltin || (v instanceof SValue && v.callInternal !== undefined);
}

const baseIterate = SValue.prototype.iterate;

/** Whether v implements Iterable (strings and bytes do not), without starting an
 *  iteration (which would lock a list or dict). */
export function isIterableValue(v: Value): v is SValue {
  return v instanceof SValue && v.iterate !== baseIterate;
}

/** starlark.Iterate: an iterator over v, or undefined when v is not iterable. The caller
 *  must call done(). */
export { tryIterate as iterateValue } from "../iterate";
