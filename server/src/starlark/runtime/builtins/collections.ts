// Universe builtins that build or measure collections: dict enumerate len list range
// reversed set tuple zip (go.starlark.net library.go).

import { isSafeRange, SBigRange } from "../big-range";
import {
  EMPTY_TUPLE,
  SDict,
  SList,
  SRange,
  SSet,
  STuple,
  StarlarkError,
  normBig,
  len as lenOf,
  type BuiltinImpl,
  type Iterator,
  type Value,
} from "../values";
import { checkPositional, positionalArg, toInt, toInt64, toIterable } from "../unpack";
import { describeType, iterateValue } from "./core-bridge";
import { updateDict } from "../methods/dict";

/** All elements of an iterable (already checked to be one), releasing its iterator. */
export function collect(iterable: Value): Value[] {
  if (iterable instanceof SList || iterable instanceof STuple) return iterable.elems.slice();
  const it = iterateValue(iterable)!;
  const out: Value[] = [];
  try {
    for (let x = it.next(); x !== undefined; x = it.next()) out.push(x);
  } finally {
    it.done();
  }
  return out;
}

export const dict: BuiltinImpl = (args, kwargs) => {
  if (args.length > 1) throw new StarlarkError(`dict: got ${args.length} arguments, want at most 1`);
  const d = new SDict();
  try {
    updateDict(d, args, kwargs);
  } catch (e) {
    if (e instanceof StarlarkError) throw new StarlarkError(`dict: ${e.message}`);
    throw e;
  }
  return d;
};

export const enumerate: BuiltinImpl = (args, kwargs) => {
  checkPositional("enumerate", args, kwargs, 1, 2);
  const iterable = positionalArg("enumerate", args, 0, toIterable);
  const start = args.length > 1 ? positionalArg("enumerate", args, 1, toInt) : 0;
  const elems = collect(iterable);
  const pairs: Value[] = new Array(elems.length);
  for (let i = 0; i < elems.length; i++) pairs[i] = new STuple([start + i, elems[i]]);
  return new SList(pairs);
};

export const len: BuiltinImpl = (args, kwargs) => {
  if (args.length !== 1 || (kwargs && kwargs.length > 0)) checkPositional("len", args, kwargs, 1, 1);
  const x = args[0];
  if (typeof x === "string") return x.length;
  if (x instanceof SBigRange) {
    if (x.bigLen < 0n) throw new StarlarkError(`len: value of type ${describeType(x)} has no len`);
    return normBig(x.bigLen);
  }
  const n = lenOf(x);
  if (n < 0) throw new StarlarkError(`len: value of type ${describeType(x)} has no len`);
  return n;
};

export const list: BuiltinImpl = (args, kwargs) => {
  checkPositional("list", args, kwargs, 0, 1);
  if (args.length === 0) return new SList([]);
  return new SList(collect(positionalArg("list", args, 0, toIterable)));
};

export const range: BuiltinImpl = (args, kwargs) => {
  checkPositional("range", args, kwargs, 1, 3);
  let start = positionalArg("range", args, 0, toInt64);
  let stop: number | bigint = args.length > 1 ? positionalArg("range", args, 1, toInt64) : 0;
  const step = args.length > 2 ? positionalArg("range", args, 2, toInt64) : 1;
  if (args.length === 1) {
    // range(stop)
    stop = start;
    start = 0;
  }
  if (step === 0) throw new StarlarkError("range: step argument must not be zero");
  // Go ints: bounds beyond what JS numbers hold exactly stay exact (big-range.ts).
  if (isSafeRange(start, stop, step)) return new SRange(Number(start), Number(stop), Number(step));
  return new SBigRange(BigInt(start), BigInt(stop), BigInt(step));
};

export const reversed: BuiltinImpl = (args, kwargs) => {
  checkPositional("reversed", args, kwargs, 1, 1);
  const elems = collect(positionalArg("reversed", args, 0, toIterable));
  return new SList(elems.reverse());
};

export const set: BuiltinImpl = (args, kwargs) => {
  checkPositional("set", args, kwargs, 0, 1);
  const s = new SSet();
  if (args.length === 0) return s;
  const it = iterateValue(positionalArg("set", args, 0, toIterable))!;
  try {
    for (let x = it.next(); x !== undefined; x = it.next()) s.insert(x);
  } catch (e) {
    if (e instanceof StarlarkError) throw new StarlarkError(`set: ${e.message}`);
    throw e;
  } finally {
    it.done();
  }
  return s;
};

export const tuple: BuiltinImpl = (args, kwargs) => {
  checkPositional("tuple", args, kwargs, 0, 1);
  if (args.length === 0) return EMPTY_TUPLE;
  const x = positionalArg("tuple", args, 0, toIterable);
  if (x instanceof STuple) return x;
  return new STuple(collect(x));
};

export const zip: BuiltinImpl = (args, kwargs) => {
  if (kwargs && kwargs.length > 0) throw new StarlarkError("zip does not accept keyword arguments");
  const cols = args.length;
  const iters: Iterator[] = [];
  try {
    let rows = 0;
    for (let i = 0; i < cols; i++) {
      const seq = args[i];
      const it = iterateValue(seq);
      if (it === undefined) throw new StarlarkError(`zip: argument #${i + 1} is not iterable: ${describeType(seq)}`);
      iters.push(it);
      const n = lenOf(seq);
      if (i === 0 || n < rows) rows = n; // possibly -1
    }
    const result: Value[] = [];
    if (rows >= 0) {
      // length known
      for (let r = 0; r < rows; r++) {
        const t: Value[] = new Array(cols);
        for (let j = 0; j < cols; j++) t[j] = iters[j].next() as Value;
        result.push(new STuple(t));
      }
    } else {
      // length not known
      outer: for (;;) {
        const t: Value[] = new Array(cols);
        for (let j = 0; j < cols; j++) {
          const v = iters[j].next();
          if (v === undefined) break outer;
          t[j] = v;
        }
        result.push(new STuple(t));
      }
    }
    return new SList(result);
  } finally {
    for (const it of iters) it.done();
  }
};
