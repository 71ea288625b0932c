// Host side of the wire format (runtime/wire.ts, the one definition both sides share): host
// values (hostValues.ts) to and from `Wire`. Strings travel as byte strings (char codes
// 0..255 = UTF-8 bytes) and become ordinary JS strings here through the runtime's UTF-8
// codec (runtime/text.ts), losslessly: bytes that are not valid UTF-8 stay recoverable
// (toByteString gives them back; displayString shows them as Go's JSON does).
import { floatFromWire, floatToWire, type Wire, type WireLazyObject, type WireObject, type WireRefList } from "../runtime/wire";
import type { WireLazyPart } from "../runtime/bridge";
import { fromByteString as decodeBytes, toByteString } from "../runtime/text";
import {
  HostBytes, HostDict, HostFloat, HostObject, HostOpaque, HostRef, HostSet, HostTuple, type HostValue,
} from "./hostValues";

export { toByteString, displayString } from "../runtime/text";

/** A byte string as a host string (invalid UTF-8 kept as escapes, see runtime/text.ts). */
export function fromByteString(s: string): string {
  return decodeBytes(s, true);
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function encode(v: HostValue): Wire {
  if (v === null || typeof v === "boolean") return v;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new TypeError(`host value ${v} is not an int (use HostFloat)`);
    return Number.isSafeInteger(v) ? v : { $int: BigInt(v).toString() };
  }
  if (typeof v === "bigint") return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : { $int: v.toString() };
  if (typeof v === "string") return toByteString(v);
  if (Array.isArray(v)) return encodeList(v);
  if (v instanceof HostRef) return { $ref: v.handle };
  if (v instanceof HostFloat) return { $float: floatToWire(v.value) };
  if (v instanceof HostBytes) return { $bytes: Buffer.from(v.value).toString("latin1") };
  if (v instanceof HostTuple) return { $tuple: v.items.map(encode) };
  if (v instanceof HostDict) return { $dict: v.entries.map(([k, x]) => [encode(k), encode(x)]) };
  if (v instanceof HostSet) return { $set: v.items.map(encode) };
  if (v instanceof HostObject) {
    const o: WireObject = {
      $obj: v.typeName,
      fields: v.fields.map(([k, x]) => [toByteString(k), encode(x)]),
      dirQuoted: !!v.options.dirQuoted,
    };
    if (v.options.missing !== undefined) o.missing = toByteString(v.options.missing);
    if (v.options.unhashable !== undefined) o.unhashable = toByteString(v.options.unhashable);
    return o;
  }
  if (v instanceof HostOpaque) throw new TypeError(`a ${v.typeName} cannot be passed into the sandbox`);
  throw new TypeError(`not a host value: ${String(v)}`);
}

/** A call argument: a host object as a WireLazyObject (its fields decoded in the sandbox
 *  only when read), anything else as encode() gives it. With `parts` (a CallText, see
 *  runtime/bridge.ts), the object's text is appended to them and `$lazy` is its index. */
export function encodeArgument(v: HostValue, parts?: string[]): Wire {
  if (!(v instanceof HostObject)) return encode(v);
  const text = JSON.stringify(v.fields.map(([k, x]) => [toByteString(k), encode(x)]));
  const o: WireLazyObject | WireLazyPart = {
    $obj: v.typeName,
    $lazy: parts === undefined ? text : parts.push(text) - 1,
    dirQuoted: !!v.options.dirQuoted,
  };
  if (v.options.missing !== undefined) o.missing = toByteString(v.options.missing);
  if (v.options.unhashable !== undefined) o.unhashable = toByteString(v.options.unhashable);
  return o as Wire;
}

/** A list; a list of refs only (candidate members) travels as {"$refs": [handles]}. */
function encodeList(v: HostValue[]): Wire {
  let refs = v.length > 0;
  for (let i = 0; refs && i < v.length; i++) refs = v[i] instanceof HostRef;
  if (!refs) return v.map(encode);
  return refRuns(v.map((r) => (r as HostRef).handle));
}

/** Handles as {"$refs": [first, count, ...], runs: true} when that is shorter than the list. */
export function refRuns(hs: number[]): WireRefList {
  const runs: number[] = [];
  for (let i = 0; i < hs.length; ) {
    let j = i + 1;
    while (j < hs.length && hs[j] === hs[j - 1] + 1) j++;
    runs.push(hs[i], j - i);
    i = j;
  }
  return runs.length < hs.length ? { $refs: runs, runs: true } : { $refs: hs };
}

/** Decodes a wire value from the sandbox. Iterative: the sandbox sends values nested to
 *  any depth. */
export function decode(root: Wire): HostValue {
  const out: HostValue[] = [null];
  const todo: { w: Wire; into: HostValue[]; at: number }[] = [{ w: root, into: out, at: 0 }];
  // Containers whose items are filled later (tuples, dicts, sets, objects are built from
  // arrays that the loop fills in place).
  while (todo.length) {
    const { w, into, at } = todo.pop()!;
    if (w === null || w === undefined) {
      into[at] = null;
      continue;
    }
    if (typeof w === "boolean" || typeof w === "number") {
      into[at] = w;
      continue;
    }
    if (typeof w === "string") {
      into[at] = fromByteString(w);
      continue;
    }
    const push = (ws: Wire[], arr: HostValue[]) => {
      for (let i = ws.length - 1; i >= 0; i--) todo.push({ w: ws[i], into: arr, at: i });
    };
    if (Array.isArray(w)) {
      const arr: HostValue[] = new Array(w.length);
      into[at] = arr;
      push(w, arr);
      continue;
    }
    if ("$int" in w) {
      const b = BigInt(w.$int);
      into[at] = b >= MIN_SAFE && b <= MAX_SAFE ? Number(b) : b;
    } else if ("$float" in w) into[at] = new HostFloat(floatFromWire(w.$float));
    else if ("$bytes" in w) into[at] = new HostBytes(Buffer.from(w.$bytes, "latin1"));
    else if ("$tuple" in w) {
      const arr: HostValue[] = new Array(w.$tuple.length);
      into[at] = new HostTuple(arr);
      push(w.$tuple, arr);
    } else if ("$set" in w) {
      const arr: HostValue[] = new Array(w.$set.length);
      into[at] = new HostSet(arr);
      push(w.$set, arr);
    } else if ("$dict" in w) {
      const entries: [HostValue, HostValue][] = w.$dict.map(() => [null, null]);
      into[at] = new HostDict(entries);
      for (let i = w.$dict.length - 1; i >= 0; i--) push(w.$dict[i], entries[i]);
    } else if ("$obj" in w && "fields" in w) {
      const fields: [string, HostValue][] = w.fields.map(([k]) => [fromByteString(k), null]);
      const options: { dirQuoted?: boolean; missing?: string; unhashable?: string } = { dirQuoted: !!w.dirQuoted };
      if (typeof w.missing === "string") options.missing = fromByteString(w.missing);
      if (typeof w.unhashable === "string") options.unhashable = fromByteString(w.unhashable);
      into[at] = new HostObject(w.$obj, fields, options);
      for (let i = w.fields.length - 1; i >= 0; i--) todo.push({ w: w.fields[i][1], into: fields[i], at: 1 });
    } else if ("$opaque" in w) into[at] = new HostOpaque(w.$opaque, fromByteString(w.repr));
    else throw new TypeError(`bad wire value: ${JSON.stringify(w).slice(0, 200)}`);
  }
  return out[0];
}
