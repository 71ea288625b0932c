// The sandbox side of the host boundary (CONTRACT.md, "Host functions and host objects"):
// Starlark values to and from the tagged JSON encoding, and host functions as builtins.

import {
  SBuiltin,
  SBytes,
  SDict,
  SFloat,
  SHostObject,
  SList,
  SSet,
  STuple,
  StarlarkError,
  normBig,
  typeName,
  type Value,
} from "./values";

/** The tagged JSON encoding of a value. */
export type Wire =
  | null
  | boolean
  | number
  | string
  | Wire[]
  | { $int: string }
  | { $float: number | string }
  | { $bytes: string }
  | { $tuple: Wire[] }
  | { $dict: [Wire, Wire][] }
  | { $set: Wire[] }
  | { $obj: string; fields: [string, Wire][]; dirQuoted?: boolean; missing?: string; unhashable?: string }
  | { $error: string };

function floatFromWire(f: number | string): number {
  if (typeof f === "number") return f;
  switch (f.toLowerCase()) {
    case "nan":
      return NaN;
    case "inf":
    case "+inf":
      return Infinity;
    case "-inf":
      return -Infinity;
    case "-0":
      return -0;
  }
  return Number(f);
}

/** Decode a parsed wire value. A `{"$error": msg}` throws StarlarkError(msg). */
export function fromWire(w: Wire): Value {
  return decode(w);
}

/** Decode the JSON text of a wire value. */
export function fromJSON(text: string): Value {
  return decode(JSON.parse(text) as Wire);
}

/** The JSON text of a value's wire encoding. */
export function toJSON(v: Value): string {
  return JSON.stringify(toWire(v));
}

function decode(w: Wire): Value {
  if (w === null || typeof w === "boolean" || typeof w === "string") return w;
  if (typeof w === "number") {
    if (!Number.isInteger(w)) return new SFloat(w); // tolerate plain floats
    if (Number.isSafeInteger(w)) return w + 0;
    return normBig(BigInt(w));
  }
  if (Array.isArray(w)) return new SList(w.map(decode));
  if ("$int" in w) return normBig(BigInt(w.$int));
  if ("$float" in w) return new SFloat(floatFromWire(w.$float));
  if ("$bytes" in w) return new SBytes(w.$bytes);
  if ("$tuple" in w) return new STuple(w.$tuple.map(decode));
  if ("$dict" in w) {
    const d = new SDict();
    for (const [k, v] of w.$dict) d.setKey(decode(k), decode(v));
    return d;
  }
  if ("$set" in w) {
    const s = new SSet();
    for (const k of w.$set) s.insert(decode(k));
    return s;
  }
  if ("$obj" in w) {
    return new SHostObject(
      w.$obj,
      w.fields.map(([k, v]) => [k, decode(v)] as [string, Value]),
      !!w.dirQuoted,
      w.missing === undefined || w.missing === null ? undefined : w.missing,
      w.unhashable === undefined || w.unhashable === null ? undefined : w.unhashable,
    );
  }
  if ("$error" in w) throw new StarlarkError(w.$error);
  throw new StarlarkError(`internal error: invalid host value ${JSON.stringify(w)}`);
}

/** Encode a value for the host. Functions, builtins, ranges and other runtime-only values
 *  cannot cross the boundary. */
export function toWire(v: Value): Wire {
  return encode(v, []);
}

function encode(v: Value, path: object[]): Wire {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return v;
    case "bigint":
      return { $int: v.toString() };
  }
  if (v === null) return null;
  if (v instanceof SFloat) {
    const f = v.v;
    // The spellings the sandbox glue uses (JSON has no NaN or infinities).
    if (f !== f) return { $float: "NaN" };
    if (f === Infinity) return { $float: "+Inf" };
    if (f === -Infinity) return { $float: "-Inf" };
    return { $float: f };
  }
  if (v instanceof SBytes) return { $bytes: v.s };
  if (path.indexOf(v) >= 0) throw new StarlarkError(`cannot pass a cyclic ${typeName(v)} to the host`);
  path.push(v);
  let out: Wire;
  if (v instanceof SList) out = v.elems.map((e) => encode(e, path));
  else if (v instanceof STuple) out = { $tuple: v.elems.map((e) => encode(e, path)) };
  else if (v instanceof SDict) out = { $dict: v.items().map(([k, x]) => [encode(k, path), encode(x, path)] as [Wire, Wire]) };
  else if (v instanceof SSet) out = { $set: v.elems().map((e) => encode(e, path)) };
  else if (v instanceof SHostObject) {
    const o: { $obj: string; fields: [string, Wire][]; dirQuoted?: boolean; missing?: string; unhashable?: string } = {
      $obj: v.typeName,
      fields: v.fields.map(([k, x]) => [k, encode(x, path)] as [string, Wire]),
      dirQuoted: v.dirQuoted,
    };
    if (v.missing !== undefined) o.missing = v.missing;
    if (v.unhashable !== undefined) o.unhashable = v.unhashable;
    out = o;
  } else throw new StarlarkError(`cannot pass a ${typeName(v)} value to the host`);
  path.pop();
  return out;
}

/** A host function as a builtin. `bridge` receives the JSON text
 *  `{"args":[...],"kwargs":[[name,value],...]}` and returns the JSON text of the result,
 *  or of `{"$error": message}` when the host function failed. */
export function hostFunction(name: string, bridge: (request: string) => string): SBuiltin {
  return new SBuiltin(name, function (args, kwargs) {
    const request = JSON.stringify({ args: args.map(toWire), kwargs: kwargs.map(([k, v]) => [k, toWire(v)]) });
    return decode(JSON.parse(bridge(request)) as Wire);
  });
}
