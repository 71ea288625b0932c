// Host side of the tagged JSON encoding of CONTRACT.md (mirror of the runtime's marshal):
// null, booleans, safe ints as numbers, {"$int":"digits"}, {"$float":n}, byte strings,
// {"$bytes":s}, arrays = lists, {"$tuple":[...]}, {"$dict":[[k,v],...]}, {"$set":[...]},
// {"$obj":T,"fields":[[name,v],...],"dirQuoted":b,"missing":m}. Strings travel as byte
// strings (char codes 0..255 = UTF-8 bytes) and become ordinary JS strings here.
// Non-finite floats travel as "NaN", "+Inf", "-Inf" since JSON has no such numbers.
// Host to sandbox only: {"$ref":h} is a copy of the value interned as h (Session.intern),
// {"$refs":[h,...]} a list of such copies ({"$refs":[h,...],"runs":true}: [first, count]
// pairs of consecutive handles, for long lists that are mostly in order).
import {
  HostBytes, HostDict, HostFloat, HostObject, HostOpaque, HostRef, HostSet, HostTuple, type HostValue,
} from "./hostValues";

export type Tagged = unknown;

export function toByteString(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}

export function fromByteString(s: string): string {
  return Buffer.from(s, "latin1").toString("utf8");
}

function encodeFloat(n: number): number | string {
  if (Number.isFinite(n)) return n;
  return Number.isNaN(n) ? "NaN" : n > 0 ? "+Inf" : "-Inf";
}

function decodeFloat(x: unknown): number {
  if (typeof x === "number") return x;
  if (x === "NaN") return NaN;
  if (x === "+Inf" || x === "Inf" || x === "Infinity") return Infinity;
  if (x === "-Inf" || x === "-Infinity") return -Infinity;
  return Number(x);
}

export function encode(v: HostValue): Tagged {
  if (v === null || typeof v === "boolean") return v;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new TypeError(`host value ${v} is not an int (use HostFloat)`);
    return Number.isSafeInteger(v) ? v : { $int: BigInt(v).toString() };
  }
  if (typeof v === "bigint") {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : { $int: v.toString() };
  }
  if (typeof v === "string") return toByteString(v);
  if (Array.isArray(v)) return encodeList(v);
  if (v instanceof HostRef) return { $ref: v.handle };
  if (v instanceof HostFloat) return { $float: encodeFloat(v.value) };
  if (v instanceof HostBytes) return { $bytes: Buffer.from(v.value).toString("latin1") };
  if (v instanceof HostTuple) return { $tuple: v.items.map(encode) };
  if (v instanceof HostDict) return { $dict: v.entries.map(([k, x]) => [encode(k), encode(x)]) };
  if (v instanceof HostSet) return { $set: v.items.map(encode) };
  if (v instanceof HostObject) {
    const o: Record<string, unknown> = {
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

/** A list; a list of refs only (candidate members) travels as {"$refs": [handles]}. */
function encodeList(v: HostValue[]): Tagged {
  let refs = v.length > 0;
  for (let i = 0; refs && i < v.length; i++) refs = v[i] instanceof HostRef;
  if (!refs) return v.map(encode);
  const hs = v.map((r) => (r as HostRef).handle);
  const runs: number[] = [];
  for (let i = 0; i < hs.length; ) {
    let j = i + 1;
    while (j < hs.length && hs[j] === hs[j - 1] + 1) j++;
    runs.push(hs[i], j - i);
    i = j;
  }
  return runs.length < hs.length ? { $refs: runs, runs: true } : { $refs: hs };
}

export function decode(t: Tagged): HostValue {
  if (t === null || t === undefined) return null;
  if (typeof t === "boolean" || typeof t === "number") return t;
  if (typeof t === "string") return fromByteString(t);
  if (Array.isArray(t)) return t.map(decode);
  const o = t as Record<string, unknown>;
  if ("$int" in o) {
    const b = BigInt(String(o.$int));
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }
  if ("$float" in o) return new HostFloat(decodeFloat(o.$float));
  if ("$bytes" in o) return new HostBytes(Buffer.from(String(o.$bytes), "latin1"));
  if ("$tuple" in o) return new HostTuple((o.$tuple as Tagged[]).map(decode));
  if ("$dict" in o) return new HostDict((o.$dict as [Tagged, Tagged][]).map(([k, x]) => [decode(k), decode(x)]));
  if ("$set" in o) return new HostSet((o.$set as Tagged[]).map(decode));
  if ("$obj" in o) {
    const fields = ((o.fields as [string, Tagged][]) ?? []).map(([k, x]) => [fromByteString(k), decode(x)] as [string, HostValue]);
    const options: { dirQuoted?: boolean; missing?: string; unhashable?: string } = { dirQuoted: !!o.dirQuoted };
    if (typeof o.missing === "string") options.missing = fromByteString(o.missing);
    if (typeof o.unhashable === "string") options.unhashable = fromByteString(o.unhashable);
    return new HostObject(String(o.$obj), fields, options);
  }
  if ("$opaque" in o) return new HostOpaque(String(o.$opaque), fromByteString(String(o.repr ?? "")));
  throw new TypeError(`bad tagged value: ${JSON.stringify(t)}`);
}
