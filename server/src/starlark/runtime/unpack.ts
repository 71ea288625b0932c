// Argument unpacking for built-in functions and methods: a port of go.starlark.net's
// UnpackArgs / UnpackPositionalArgs (starlark/unpack.go) with its exact error messages.
//
// Go passes typed pointers and converts each argument by the pointer's type; here each
// parameter has a Converter, a function that returns the converted value or throws a
// StarlarkError whose message is the bare reason ("got int, want string"). The unpackers
// add the "fnname: for parameter p: " prefix, in the same order Go reports errors.

import { StarlarkError, type Value } from "./values";
import { describeType, isCallableValue, isIterableValue } from "./builtins/core-bridge";
import { nearest } from "./spell";
import { quote } from "./repr";

/** Keyword arguments as the runtime passes them: [name, value] pairs, names as byte strings. */
export type Kwargs = readonly (readonly [string, Value])[] | null | undefined;

/** Converts one argument, throwing StarlarkError(reason) if it has the wrong type. */
export type Converter<T> = (v: Value) => T;

// ---- converters (unpackOneArg's cases) ----

export const anyValue: Converter<Value> = (v) => v;

export const toStr: Converter<string> = (v) => {
  if (typeof v === "string") return v;
  throw new StarlarkError(`got ${describeType(v)}, want string`);
};

export const toBool: Converter<boolean> = (v) => {
  if (typeof v === "boolean") return v;
  throw new StarlarkError(`got ${describeType(v)}, want bool`);
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's AsInt into an *int (64-bit): the int as a JS number (exact within ±2^53). */
export const toInt: Converter<number> = (v) => {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") {
    if (v < INT64_MIN || v > INT64_MAX) {
      throw new StarlarkError(`${v} out of range (want value in signed 64-bit range)`);
    }
    return Number(v);
  }
  throw new StarlarkError(`got ${describeType(v)}, want int`);
};

/** Go's AsInt into an int (int64), exactly: a number when safe, else a bigint. */
export const toInt64: Converter<number | bigint> = (v) => {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") {
    if (v < INT64_MIN || v > INT64_MAX) {
      throw new StarlarkError(`${v} out of range (want value in signed 64-bit range)`);
    }
    return v;
  }
  throw new StarlarkError(`got ${describeType(v)}, want int`);
};

/** Go's AsInt into a *byte (uint8), as bytes() uses it. */
export const toByte: Converter<number> = (v) => {
  if (typeof v === "number" && v >= 0 && v <= 255) return v;
  if (typeof v === "number" || typeof v === "bigint") {
    throw new StarlarkError(`${v} out of range (want value in unsigned 8-bit range)`);
  }
  throw new StarlarkError(`got ${describeType(v)}, want int`);
};

/** Go's AsInt32 (used directly by builtins, not through Unpack). */
export { asInt32 } from "./int";

export const toCallable: Converter<Value> = (v) => {
  if (isCallableValue(v)) return v;
  throw new StarlarkError(`got ${describeType(v)}, want callable`);
};

export const toIterable: Converter<Value> = (v) => {
  if (isIterableValue(v)) return v;
  throw new StarlarkError(`got ${describeType(v)}, want iterable`);
};

// ---- UnpackPositionalArgs ----

/** The argument-count and no-keywords checks of UnpackPositionalArgs. */
export function checkPositional(
  fnname: string,
  args: readonly Value[],
  kwargs: Kwargs,
  min: number,
  max: number,
): void {
  if (kwargs && kwargs.length > 0) {
    throw new StarlarkError(`${fnname}: unexpected keyword arguments`);
  }
  const n = args.length;
  if (n < min) {
    const atleast = min < max ? "at least " : "";
    throw new StarlarkError(`${fnname}: got ${n} arguments, want ${atleast}${min}`);
  }
  if (n > max) {
    const atmost = max > min ? "at most " : "";
    throw new StarlarkError(`${fnname}: got ${n} arguments, want ${atmost}${max}`);
  }
}

/** Converts positional argument i (0-based) with conv, reporting failures as
 *  "fnname: for parameter i+1: reason". */
export function positionalArg<T>(fnname: string, args: readonly Value[], i: number, conv: Converter<T>): T {
  try {
    return conv(args[i]);
  } catch (e) {
    throw rewrap(e, `${fnname}: for parameter ${i + 1}: `);
  }
}

/** UnpackPositionalArgs: checks counts, then converts each present argument; absent
 *  optional ones are `undefined` in the result. */
export function unpackPositional(
  fnname: string,
  args: readonly Value[],
  kwargs: Kwargs,
  min: number,
  convs: readonly Converter<unknown>[],
): unknown[] {
  checkPositional(fnname, args, kwargs, min, convs.length);
  const out = new Array<unknown>(convs.length);
  for (let i = 0; i < args.length; i++) out[i] = positionalArg(fnname, args, i, convs[i]);
  return out;
}

// ---- UnpackArgs ----

/** One parameter of UnpackArgs: its name as Go spells it ("x", "key?", "sep??") and the
 *  converter for its argument. A name ending in "?" is optional, as are all after it; "??"
 *  additionally treats None as absent. */
export type Param = readonly [string, Converter<unknown>];

function paramName(spec: string): [name: string, skipNone: boolean] {
  if (spec.endsWith("??")) return [spec.slice(0, -2), true];
  if (spec.endsWith("?")) return [spec.slice(0, -1), false];
  return [spec, false];
}

/** UnpackArgs: binds positional then keyword arguments to params, converting each; absent
 *  parameters are `undefined` in the result. */
export function unpackArgs(fnname: string, args: readonly Value[], kwargs: Kwargs, params: readonly Param[]): unknown[] {
  const nparams = params.length;
  const out = new Array<unknown>(nparams);
  const defined = new Array<boolean>(nparams).fill(false);

  // positional arguments
  if (args.length > nparams) {
    throw new StarlarkError(`${fnname}: got ${args.length} arguments, want at most ${nparams}`);
  }
  for (let i = 0; i < args.length; i++) {
    defined[i] = true;
    const [name, skipNone] = paramName(params[i][0]);
    if (skipNone && args[i] === null) continue;
    try {
      out[i] = params[i][1](args[i]);
    } catch (e) {
      throw rewrap(e, `${fnname}: for parameter ${name}: `);
    }
  }

  // keyword arguments. Go formats their names with %s of a starlark.String, i.e. quoted,
  // unlike the parameter names of the positional case, which are Go strings.
  kwloop: for (const [kname, arg] of kwargs ?? []) {
    for (let i = 0; i < nparams; i++) {
      const [pname, skipNone] = paramName(params[i][0]);
      if (pname !== kname) continue;
      if (defined[i]) {
        throw new StarlarkError(`${fnname}: got multiple values for keyword argument ${quote(kname)}`);
      }
      defined[i] = true;
      if (skipNone && arg === null) continue kwloop;
      try {
        out[i] = params[i][1](arg);
      } catch (e) {
        throw rewrap(e, `${fnname}: for parameter ${quote(kname)}: `);
      }
      continue kwloop;
    }
    let msg = `${fnname}: unexpected keyword argument ${quote(kname)}`;
    // Go collects the candidate names with `for i := 0; i < nparams; i += 2 { pairs[i] }`,
    // i.e. the names of params 0, 1, 2, ... up to index (nparams-1)/2: reproduced as is.
    const names: string[] = [];
    for (let i = 0; i < nparams; i += 2) names.push(paramName(params[i >> 1][0])[0]);
    const n = nearest(kname, names);
    if (n !== "") msg = `${msg} (did you mean ${n}?)`;
    throw new StarlarkError(msg);
  }

  // Check that all non-optional parameters are defined.
  for (let i = 0; i < nparams; i++) {
    const spec = params[i][0];
    if (spec.endsWith("?")) break; // optional, and so are all that follow
    if (i < args.length) continue;
    if (!defined[i]) throw new StarlarkError(`${fnname}: missing argument for ${spec}`);
  }
  return out;
}

/** Prefixes the message of a conversion failure; other exceptions pass through. */
function rewrap(e: unknown, prefix: string): unknown {
  if (e instanceof StarlarkError) return new StarlarkError(prefix + e.message);
  return e;
}
