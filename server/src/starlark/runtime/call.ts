// Function calls: go.starlark.net's Call (eval.go), the CALL_VAR/CALL_KW flattening of
// *args and **kwargs (interp.go), Function.CallInternal's recursion check and setArgs.

import {
  MANDATORY,
  SBuiltin,
  SDict,
  SFunction,
  STuple,
  StarlarkError,
  typeName,
  EMPTY_TUPLE,
  K_BUILTIN,
  K_FUNCTION,
  type Cell,
  type FunctionCode,
  type FunctionDesc,
  type Value,
} from "./values";
import { repr, quote } from "./repr";

export type Kwargs = [string, Value][];

// The stack of active Starlark calls (and library callables), outermost first: frames[0..
// depth). Builtins get no frame. It is not unwound by try/finally (that would tax every
// call); whoever catches a Starlark error restores it with unwindTo (state.ts). Module
// variables, not object properties: in QuickJS a closure variable costs a fraction of a
// property access, and a call reads and writes the depth four times.
const frames: Value[] = [];
let depth = 0;
/** RuntimeOptions.maxCallDepth and .recursion (state.ts setOptions keeps them). */
let maxDepth = Infinity;
let recursion = false;

/** state.ts's setOptions: the options calls check. */
export function setCallOptions(recursionAllowed: boolean, maxCallDepth: number): void {
  recursion = recursionAllowed;
  maxDepth = maxCallDepth;
}

/** The callables active now, outermost first (Thread.CallStack, without positions). */
export function callStack(): Value[] {
  return frames.slice(0, depth);
}

/** Number of active calls. */
export function callDepth(): number {
  return depth;
}

/** Pop every frame above `to`, undoing their recursion marks. */
export function unwindTo(to: number): void {
  for (let i = depth - 1; i >= to; i--) {
    const f = frames[i];
    if (f instanceof SFunction) f.desc.code!.active--;
    frames[i] = null;
  }
  depth = to;
}

/** The kwargs of a call without keyword arguments (shared: callees must not modify it). */
export const NO_KWARGS: Kwargs = [];

/** makeFunction: a def/lambda value. `defaults` holds the defaults of the parameters from
 *  the first optional one on, MANDATORY for required keyword-only ones (Go's layout). */
export function makeFunction(desc: FunctionDesc, defaults: (Value | typeof MANDATORY)[], freevars: Cell[]): SFunction {
  if (desc.code === undefined) {
    // A def/lambda is identified by its position (and name): closures get a fresh desc
    // per evaluation, yet the recursion check must see them as the same code.
    const key = desc.pos + "\u0000" + desc.name;
    let code = codes.get(key);
    if (code === undefined) codes.set(key, (code = { active: 0 }));
    desc.code = code;
    desc.fixed = !desc.hasVarargs && !desc.hasKwargs && desc.numKwonly === 0 ? desc.numParams : -1;
  }
  return new SFunction(desc, defaults, freevars);
}

const codes = new Map<string, FunctionCode>();

/** fn(*args, **kwargs) as compiled code calls it: `star` and `starstar` are the values
 *  after * and ** (undefined when absent). */
export function call(fn: Value, args: Value[], kwargs: Kwargs | null, star?: Value, starstar?: Value): Value {
  if (star !== undefined || starstar !== undefined) {
    // ** first, as interp.go does
    if (starstar !== undefined) kwargs = flattenKwargs(kwargs, starstar);
    if (star !== undefined) args = flattenArgs(args, star);
  }
  if (typeof fn === "object" && fn !== null) {
    const kind = fn.kind;
    if (kind === K_FUNCTION) {
      // Function.CallInternal, inlined: one JS frame less per Starlark call.
      const desc = (fn as SFunction).desc;
      const code = desc.code!;
      // The recursion check looks for the same function *code*, not the same value, so that
      // a Y combinator cannot defeat it.
      // The frame is pushed before the recursion check and the binding of the arguments, as
      // go.starlark.net's Call pushes it before CallInternal: their errors then have the
      // callee, not yet started, as the innermost frame of the backtrace (at its entry
      // position; sandbox/backtrace.ts completeBacktrace).
      const active = code.active;
      const d = depth;
      if (d >= maxDepth) callDepthExceeded();
      frames[d] = fn;
      depth = d + 1;
      // (Nested calls of the same code leave `active` as they found it, so restoring the
      // value read here equals decrementing, with one property read less.)
      code.active = active + 1;
      if (active !== 0 && !recursion) calledRecursively(desc);
      let locals: Value[] | undefined;
      if (!(desc.fixed === args.length && (kwargs === null || kwargs.length === 0))) {
        locals = setArgs(fn as SFunction, args, kwargs === null ? NO_KWARGS : kwargs);
      }
      const impl = desc.impl;
      let result: Value;
      if (locals === undefined) {
        // fast path: exactly the positional arguments wanted
        switch (args.length) {
          case 0:
            result = impl();
            break;
          case 1:
            result = impl(args[0]);
            break;
          case 2:
            result = impl(args[0], args[1]);
            break;
          case 3:
            result = impl(args[0], args[1], args[2]);
            break;
          default:
            result = impl.apply(null, args);
        }
      } else {
        result = impl.apply(null, locals);
      }
      code.active = active;
      frames[d] = null;
      depth = d;
      return result;
    }
    if (kind === K_BUILTIN) {
      // Builtins get no frame: they cannot recurse without calling a Starlark function,
      // which has one, and backtraces come from the JS stack.
      const result = (fn as SBuiltin).fn(args, kwargs === null ? NO_KWARGS : kwargs);
      if (result === undefined) throw new StarlarkError(`internal error: nil (not None) returned from ${repr(fn)}`);
      return result;
    }
    if (fn.callInternal !== undefined) return callOther(fn, args, kwargs === null ? NO_KWARGS : kwargs);
  }
  throw new StarlarkError(`invalid call of non-function (${typeName(fn)})`);
}

/** call(fn, [a], null) without the argument array when fn is a Starlark function taking
 *  exactly one parameter (key functions, compiled one-argument calls); anything else
 *  through call. */
export function call1(fn: Value, a: Value): Value {
  // (?.: no primitive has a kind; one QuickJS opcode where typeof and null tests cost more)
  const kind = (fn as SFunction | null)?.kind;
  if (kind === K_FUNCTION) {
    const desc = (fn as SFunction).desc;
    if (desc.fixed === 1) {
      const code = desc.code!;
      const active = code.active;
      const d = depth;
      if (d >= maxDepth) callDepthExceeded();
      frames[d] = fn;
      depth = d + 1;
      code.active = active + 1;
      if (active !== 0 && !recursion) calledRecursively(desc);
      const result = desc.impl(a);
      code.active = active;
      frames[d] = null;
      depth = d;
      return result;
    }
  } else if (kind === K_BUILTIN) {
    // int(x), len(x), a host function of one argument: what call does, one call less.
    const result = (fn as SBuiltin).fn([a], NO_KWARGS);
    if (result === undefined) throw new StarlarkError(`internal error: nil (not None) returned from ${repr(fn)}`);
    return result;
  }
  return call(fn, [a], null);
}

/** [call1(fn, x) for x in xs]: sorted()'s key function. A Starlark function of one
 *  parameter gets one frame for all its calls: the stack between two calls is then as a
 *  call leaves it, but no code runs there, and the state each call starts from (the
 *  recursion mark, the depth) is the same as with a frame per call. In QuickJS the
 *  bookkeeping per call cost as much as a key like `lambda m: m["load"]`. */
export function callEach(fn: Value, xs: readonly Value[]): Value[] {
  const n = xs.length;
  const out: Value[] = new Array(n);
  if (typeof fn === "object" && fn !== null && fn.kind === K_FUNCTION) {
    const desc = (fn as SFunction).desc;
    if (desc.fixed === 1) {
      if (n === 0) return out;
      const code = desc.code!;
      const active = code.active;
      const d = depth;
      if (d >= maxDepth) callDepthExceeded();
      frames[d] = fn;
      depth = d + 1;
      code.active = active + 1;
      if (active !== 0 && !recursion) calledRecursively(desc);
      out[0] = desc.impl(xs[0]);
      // Read after the first call: a lazily compiled body replaces impl when first called.
      const impl = desc.impl;
      for (let i = 1; i < n; i++) out[i] = impl(xs[i]);
      code.active = active;
      frames[d] = null;
      depth = d;
      return out;
    }
  }
  for (let i = 0; i < n; i++) out[i] = call1(fn, xs[i]);
  return out;
}

function flattenKwargs(kwargs: Kwargs | null, starstar: Value): Kwargs {
  if (!(starstar instanceof SDict)) {
    throw new StarlarkError(`argument after ** must be a mapping, not ${typeName(starstar)}`);
  }
  const items = starstar.items();
  for (const [k] of items) {
    if (typeof k !== "string") throw new StarlarkError(`keywords must be strings, not ${typeName(k)}`);
  }
  return kwargs === null || kwargs.length === 0 ? (items as Kwargs) : kwargs.concat(items as Kwargs);
}

function flattenArgs(args: Value[], star: Value): Value[] {
  const it = typeof star === "object" && star !== null ? star.iterate() : undefined;
  if (it === undefined) throw new StarlarkError(`argument after * must be iterable, not ${typeName(star)}`);
  const out = args.slice();
  try {
    for (let v = it.next(); v !== undefined; v = it.next()) out.push(v);
  } finally {
    it.done();
  }
  return out;
}

function callDepthExceeded(): never {
  throw new StarlarkError(`call stack depth exceeded (${maxDepth} nested calls)`);
}

function calledRecursively(desc: FunctionDesc): never {
  throw new StarlarkError(`function ${desc.name} called recursively`);
}

/** Function.CallInternal (also reached through call, which inlines it). */
export function callFunction(fn: SFunction, args: Value[], kwargs: Kwargs | null): Value {
  return call(fn, args, kwargs);
}

function callOther(fn: Exclude<Value, null | boolean | number | bigint | string>, args: Value[], kwargs: Kwargs): Value {
  const d = depth;
  if (d >= maxDepth) callDepthExceeded();
  frames[d] = fn;
  depth = d + 1;
  const result = fn.callInternal!(args, kwargs);
  frames[d] = null;
  depth = d;
  if (result === undefined) throw new StarlarkError(`internal error: nil (not None) returned from ${repr(fn)}`);
  return result;
}

/** setArgs: bind arguments to parameters; returns the locals to pass to impl (positional
 *  and keyword-only parameters, then the *args tuple, then the **kwargs dict). */
export function setArgs(fn: SFunction, args: Value[], kwargs: Kwargs): Value[] {
  const desc = fn.desc;
  const name = desc.name;
  const nparams = desc.numParams; // sans *args and **kwargs
  if (nparams === 0 && !desc.hasVarargs && !desc.hasKwargs) {
    const nactual = args.length + kwargs.length;
    if (nactual > 0) throw new StarlarkError(`function ${name} accepts no arguments (${nactual} given)`);
    return [];
  }
  const ntotal = nparams + (desc.hasVarargs ? 1 : 0) + (desc.hasKwargs ? 1 : 0);
  const locals: (Value | undefined)[] = new Array(ntotal);
  let kwdict: SDict | undefined;
  if (desc.hasKwargs) {
    kwdict = new SDict();
    locals[ntotal - 1] = kwdict;
  }
  const defaults = fn.defaults;
  const nonkwonly = nparams - desc.numKwonly;

  // Too many positional args?
  let n = args.length;
  if (n > nonkwonly) {
    if (!desc.hasVarargs) {
      throw new StarlarkError(
        `function ${name} accepts ${defaults.length > desc.numKwonly ? "at most " : ""}${nonkwonly} ` +
          `positional argument${nonkwonly === 1 ? "" : "s"} (${args.length} given)`,
      );
    }
    n = nonkwonly;
  }
  for (let i = 0; i < n; i++) locals[i] = args[i];
  if (desc.hasVarargs) locals[nparams] = n < args.length ? new STuple(args.slice(n)) : EMPTY_TUPLE;

  // Bind keyword arguments to parameters.
  const params = desc.params;
  for (const [k, v] of kwargs) {
    const i = params.indexOf(k);
    if (i >= 0 && i < nparams) {
      if (locals[i] !== undefined) {
        throw new StarlarkError(`function ${name} got multiple values for parameter ${quote(k)}`);
      }
      locals[i] = v;
      continue;
    }
    if (kwdict === undefined) {
      throw new StarlarkError(`function ${name} got an unexpected keyword argument ${quote(k)}`);
    }
    if (!kwdict.ht.insert(k, v)) {
      throw new StarlarkError(`function ${name} got multiple values for parameter ${quote(k)}`);
    }
  }

  // Are defaults required?
  if (n < nparams || desc.numKwonly > 0) {
    const m = nparams - defaults.length; // first default
    let missing: string[] | undefined;
    let i: number;
    for (i = n; i < m; i++) {
      if (locals[i] === undefined) (missing ??= []).push(params[i]);
    }
    for (; i < nparams; i++) {
      if (locals[i] === undefined) {
        const d = defaults[i - m];
        if (d === MANDATORY) {
          (missing ??= []).push(params[i]);
          continue;
        }
        locals[i] = d;
      }
    }
    if (missing !== undefined) {
      throw new StarlarkError(
        `function ${name} missing ${missing.length} argument${missing.length > 1 ? "s" : ""} (${missing.join(", ")})`,
      );
    }
  }
  return locals as Value[];
}
