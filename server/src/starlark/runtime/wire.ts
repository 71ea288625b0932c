// The one wire format between the sandbox and the host (CONTRACT.md, "Host functions and
// host objects"): the tagged JSON both sides speak, and the sandbox side's codec. The host
// side (sandbox/marshal.ts) encodes and decodes its own value classes against the same
// `Wire` type and the float spellings defined here.
//
// A value leaving the sandbox carries exactly what Incus would print: -0.0 keeps its sign
// (JSON numbers do not: it travels as "-0"), a container that contains itself is cut where
// go.starlark.net's repr cuts it (`[...]`, `{...}`), and any nesting depth is encoded
// without recursion (QuickJS recurses on the host's native stack).

import {
  SBytes, SDict, SFloat, SHostObject, SList, SSet, STuple, StarlarkError, normBig, typeName, type Value,
} from "./values";
import { repr } from "./repr";

/** A host object on the wire. */
export interface WireObject {
  $obj: string;
  fields: [string, Wire][];
  dirQuoted?: boolean;
  /** Message of a missing attribute ("%s" = its name). */
  missing?: string;
  /** Message of hashing the object ("%s" = the type name). */
  unhashable?: string;
}

/** Host to sandbox only, as a call argument: a host object whose fields travel as JSON text
 *  (the `fields` of a WireObject), decoded when something first reads them (LazyHostObject).
 *  A placement's request crosses on every run and most scriptlets read little or nothing
 *  of it; decoding its 16 fields, dicts included, was the biggest part of a run's boundary. */
export interface WireLazyObject {
  $obj: string;
  $lazy: string;
  dirQuoted?: boolean;
  missing?: string;
  unhashable?: string;
}

/** A value the host has no form for (a function, a range, a cut cycle): its type and repr. */
export interface WireOpaque {
  $opaque: string;
  repr: string;
}

/** Non-finite floats and -0 as strings (JSON has no such numbers). */
export type WireFloat = number | "NaN" | "+Inf" | "-Inf" | "-0";

/** The tagged JSON encoding of a value. Strings are byte strings (char codes 0..255). */
export type Wire =
  | null
  | boolean
  | number
  | string
  | Wire[]
  | { $int: string }
  | { $float: WireFloat }
  | { $bytes: string }
  | { $tuple: Wire[] }
  | { $dict: [Wire, Wire][] }
  | { $set: Wire[] }
  | WireObject
  | WireLazyObject
  | WireOpaque
  /** Host to sandbox only: a copy of the value interned as handle h (Session.intern). */
  | { $ref: number }
  /** Host to sandbox only: a list of such copies ([first, count] pairs when `runs`). A
   *  list named `id` is kept by the sandbox for the next call's arguments (see WireRefList). */
  | WireRefList;

/** A list of copies of interned values. In the arguments of a call (Session.call) a long
 *  list carries an `id`, and the next call may send its list as `base` (an earlier list's
 *  id) plus `moves` ([from, to, ...]: take the element at `from`, insert it at `to`, in
 *  turn) instead of its handles: an evacuation hands 1,000 runs the same candidates, one
 *  moved each time. A base the sandbox no longer holds fails the call before it starts
 *  (MissingBase), and the host sends the handles instead. */
export interface WireRefList {
  $refs?: number[];
  runs?: boolean;
  id?: number;
  base?: number;
  moves?: number[];
}

/** Thrown while decoding a call's arguments whose `base` list the sandbox does not hold. */
export class MissingBase extends Error {
  constructor(readonly base: number) {
    super(`internal error: no reference list ${base}`);
  }
}

/** A host function call, sandbox to host: [function id, args, kwargs]. */
export type WireCall = [number, Wire[], [string, Wire][]];
/** Its answer: the result, or the message of a Starlark error. */
export type WireAnswer = { ok: Wire } | { error: string };

export function floatToWire(f: number): WireFloat {
  if (f !== f) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  if (f === 0 && 1 / f < 0) return "-0";
  return f;
}

export function floatFromWire(f: WireFloat | string): number {
  if (typeof f === "number") return f;
  switch (f.toLowerCase()) {
    case "nan":
      return NaN;
    case "inf":
    case "+inf":
    case "infinity":
      return Infinity;
    case "-inf":
    case "-infinity":
      return -Infinity;
    case "-0":
      return -0;
  }
  return Number(f);
}

/** Encodes a value for the host. Iterative (a value nested thousands deep is fine); a
 *  list or dict met again inside itself becomes an opaque `[...]` / `{...}`, as
 *  go.starlark.net's repr prints it. */
export function toWire(root: Value): Wire {
  // (Most results are None: no work stack for them.)
  const leaf = encodeLeaf(root);
  if (leaf !== undefined) return leaf;
  // Work stack: a value to encode and where to put the result, or a marker that the
  // container `v` is complete (pop it from the active path).
  const path = new Set<object>();
  const out: Wire[] = [null];
  const todo: (
    | { v: Value; into: Wire[]; at: number }
    | { leave: object }
  )[] = [{ v: root, into: out, at: 0 }];
  while (todo.length) {
    const t = todo.pop()!;
    if ("leave" in t) {
      path.delete(t.leave);
      continue;
    }
    const v = t.v;
    const leaf = encodeLeaf(v);
    if (leaf !== undefined) {
      t.into[t.at] = leaf;
      continue;
    }
    const o = v as object;
    if (path.has(o)) {
      t.into[t.at] = v instanceof SDict ? { $opaque: "dict", repr: "{...}" } : { $opaque: typeName(v), repr: "[...]" };
      continue;
    }
    let children: Value[];
    let slots: Wire[];
    if (v instanceof SList) {
      slots = new Array(v.elems.length);
      t.into[t.at] = slots;
      children = v.elems;
    } else if (v instanceof STuple) {
      slots = new Array(v.elems.length);
      t.into[t.at] = { $tuple: slots };
      children = v.elems;
    } else if (v instanceof SSet) {
      children = v.elems();
      slots = new Array(children.length);
      t.into[t.at] = { $set: slots };
    } else if (v instanceof SDict) {
      const items = v.items();
      const pairs: [Wire, Wire][] = new Array(items.length);
      children = [];
      slots = [];
      t.into[t.at] = { $dict: pairs };
      path.add(o);
      todo.push({ leave: o });
      for (let i = items.length - 1; i >= 0; i--) {
        const pair: [Wire, Wire] = [null, null];
        pairs[i] = pair;
        todo.push({ v: items[i][1], into: pair, at: 1 }, { v: items[i][0], into: pair, at: 0 });
      }
      continue;
    } else if (v instanceof SHostObject) {
      const fs = v.fields;
      const fields: [string, Wire][] = new Array(fs.length);
      const w: WireObject = { $obj: v.typeName, fields, dirQuoted: v.dirQuoted };
      if (v.missing !== undefined) w.missing = v.missing;
      if (v.unhashable !== undefined) w.unhashable = v.unhashable;
      t.into[t.at] = w;
      path.add(o);
      todo.push({ leave: o });
      for (let i = fs.length - 1; i >= 0; i--) {
        const f: [string, Wire] = [fs[i][0], null];
        fields[i] = f;
        todo.push({ v: fs[i][1], into: f as Wire[], at: 1 });
      }
      continue;
    } else {
      t.into[t.at] = { $opaque: typeName(v), repr: repr(v) };
      continue;
    }
    path.add(o);
    todo.push({ leave: o });
    for (let i = children.length - 1; i >= 0; i--) todo.push({ v: children[i], into: slots, at: i });
  }
  return out[0];
}

/** The wire form of a scalar, or undefined for a container. */
function encodeLeaf(v: Value): Wire | undefined {
  switch (typeof v) {
    case "string":
    case "boolean":
    case "number":
      return v;
    case "bigint":
      return { $int: v.toString() };
  }
  if (v === null) return null;
  if (v instanceof SFloat) return { $float: floatToWire(v.v) };
  if (v instanceof SBytes) return { $bytes: v.s };
  return undefined;
}

/** Interned host values by handle (sandbox/host-copies.ts), for {$ref}/{$refs}. */
export interface RefResolver {
  copy(handle: number): Value;
  /** The elements of a {$refs} list, when the resolver makes them itself. */
  copyList?(w: WireRefList): Value[];
}

const noRefs: RefResolver = {
  copy(h) {
    throw new StarlarkError(`internal error: host reference ${h} outside a session`);
  },
};

/** Decodes a wire value from the host. */
export function fromWire(w: Wire, refs: RefResolver = noRefs): Value {
  if (w === null || typeof w !== "object") {
    if (typeof w === "number") {
      if (!Number.isInteger(w)) return new SFloat(w);
      return Number.isSafeInteger(w) ? w + 0 : normBig(BigInt(w));
    }
    return w === undefined ? null : w;
  }
  if (Array.isArray(w)) {
    const elems = new Array<Value>(w.length);
    for (let i = 0; i < w.length; i++) elems[i] = fromWire(w[i], refs);
    return new SList(elems);
  }
  // (A call's lazy argument first: a placement's request, every run.)
  if ("$lazy" in w) return lazyHostObject(w, refs);
  if ("$refs" in w || "base" in w) return new SList(refList(w as WireRefList, refs));
  if ("$ref" in w) return refs.copy(w.$ref);
  if ("$int" in w) return normBig(BigInt(w.$int));
  if ("$float" in w) return new SFloat(floatFromWire(w.$float));
  if ("$bytes" in w) return new SBytes(w.$bytes);
  if ("$tuple" in w) return new STuple(w.$tuple.map((x) => fromWire(x, refs)));
  if ("$dict" in w) {
    const d = new SDict();
    for (const [k, v] of w.$dict) d.setKey(fromWire(k, refs), fromWire(v, refs));
    return d;
  }
  if ("$set" in w) {
    const s = new SSet();
    for (const k of w.$set) s.insert(fromWire(k, refs));
    return s;
  }
  if ("$obj" in w) {
    return new SHostObject(
      w.$obj,
      w.fields.map(([k, v]) => [k, fromWire(v, refs)] as [string, Value]),
      !!w.dirQuoted,
      w.missing ?? undefined,
      w.unhashable ?? undefined,
    );
  }
  throw new StarlarkError(`internal error: invalid host value ${JSON.stringify(w)}`);
}

/** A host object whose fields are decoded from their JSON text on first read (WireLazyObject).
 *  Every reader of a host object's fields goes through `fields` (attr, str, dir, freeze, the
 *  wire encoding), here an accessor that decodes them — in the run that got the object, the
 *  only one that can reach it — and puts them in place as an ordinary property. */
class LazyHostObject extends SHostObject {
  declare $text: string | undefined;
  declare $refs: RefResolver;
}

function setFields(o: LazyHostObject, fields: [string, Value][]): void {
  Object.defineProperty(o, "fields", { value: fields, writable: true, enumerable: true, configurable: true });
  o.$text = undefined;
}

Object.defineProperty(LazyHostObject.prototype, "fields", {
  configurable: true,
  get(this: LazyHostObject): [string, Value][] {
    const ws = JSON.parse(this.$text!) as [string, Wire][];
    const fields = new Array<[string, Value]>(ws.length);
    for (let i = 0; i < ws.length; i++) fields[i] = [ws[i][0], fromWire(ws[i][1], this.$refs)];
    setFields(this, fields);
    return fields;
  },
  set(this: LazyHostObject, v: [string, Value][]) {
    setFields(this, v);
  },
});

function lazyHostObject(w: WireLazyObject, refs: RefResolver): SHostObject {
  const o = Object.create(LazyHostObject.prototype) as LazyHostObject;
  // (The properties SHostObject's constructor sets, in its order.)
  const h = o as unknown as { typeName: string; dirQuoted: boolean; missing?: string; unhashable?: string };
  h.typeName = w.$obj;
  h.dirQuoted = !!w.dirQuoted;
  h.missing = w.missing ?? undefined;
  h.unhashable = w.unhashable ?? undefined;
  o.$text = w.$lazy;
  o.$refs = refs;
  return o;
}

function refList(w: WireRefList, refs: RefResolver): Value[] {
  if (refs.copyList !== undefined) return refs.copyList(w);
  const hs = w.$refs;
  if (hs === undefined) throw new MissingBase(w.base ?? -1);
  return (w.runs ? expandRuns(hs) : hs).map((h) => refs.copy(h));
}

/** The handles of a {"$refs": [first, count, ...], runs: true} list, one by one. */
export function expandRuns(hs: number[]): number[] {
  let n = 0;
  for (let i = 1; i < hs.length; i += 2) n += hs[i];
  const out = new Array<number>(n);
  let k = 0;
  for (let i = 0; i < hs.length; i += 2) {
    for (let h = hs[i], end = h + hs[i + 1]; h < end; h++) out[k++] = h;
  }
  return out;
}
