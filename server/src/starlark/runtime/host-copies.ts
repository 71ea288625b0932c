// Values the host interns (Session.intern), kept in the sandbox once and handed to each call
// as copies. A host object's copy shares the interned fields until a mutable one (a list, a
// dict, a nested object) is first reached, which copies them (copy on write), so a run may
// mutate what it got without the next run seeing it.

import { fillAttrSlot } from "./access";
import { fromWire, type RefResolver, type Wire } from "./wire";
import { SBytes, SDict, SFloat, SHostObject, SList, SSet, STuple, StarlarkError, type Value } from "./values";

/** Whether a field value may change under a run (shared values must not). */
function isMutable(v: Value): boolean {
  return v !== null && typeof v === "object" && !(v instanceof SFloat) && !(v instanceof SBytes);
}

/** A deep copy of an interned value (host objects copied lazily, see HostCopy). */
function copyValue(v: Value): Value {
  if (v === null || typeof v !== "object") return v;
  if (v instanceof SList) {
    const src = v.elems;
    const elems = new Array<Value>(src.length);
    for (let i = 0; i < src.length; i++) elems[i] = copyValue(src[i]);
    return new SList(elems);
  }
  if (v instanceof SHostObject) return Object.create(copyProto(v)) as HostCopy;
  if (v instanceof SDict) {
    const d = new SDict();
    for (const [k, x] of v.items()) d.setKey(k, copyValue(x));
    return d;
  }
  if (v instanceof STuple) return v.elems.some(isMutable) ? new STuple(v.elems.map(copyValue)) : v;
  if (v instanceof SSet) {
    const c = new SSet();
    for (const k of v.elems()) c.insert(k);
    return c;
  }
  return v; // float, bytes: immutable
}

const MUTABLE = {};

/** A copy of an interned host object: its field list is the interned one until something
 *  reaches a mutable field (attribute access, or any reader of .fields: str, dir, freeze,
 *  the wire encoding), which gives the copy its own fields with the mutable values copied.
 *  A copy is a bare object whose prototype (one per interned object, see copyProto) holds
 *  the interned object's properties: creating one is a single allocation. */
class HostCopy extends SHostObject {
  /** Field values by name: the immutable ones (shared), MUTABLE for the others. */
  declare $v: Record<string, Value | typeof MUTABLE>;
  /** The field list: the interned one until $own. */
  declare $f: [string, Value][];
  declare $own: boolean;
  /** Mutable fields copied one by one by attribute access (by field index), before the
   *  whole field list is: a scriptlet reading `inst.config` pays for that dict only. */
  declare $c: Record<number, Value> | undefined;

  override attr(name: string): Value | undefined {
    const v = this.$v[name];
    if (v !== MUTABLE) return v as Value | undefined;
    const fs = this.$f;
    let i = 0;
    while (i < fs.length && fs[i][0] !== name) i++;
    if (i === fs.length) return undefined;
    if (this.$own) return fs[i][1];
    let c = this.$c;
    if (c === undefined) this.$c = c = Object.create(null) as Record<number, Value>;
    let x = c[i];
    if (x === undefined) c[i] = x = copyValue(fs[i][1]);
    return x;
  }
}
Object.defineProperty(HostCopy.prototype, "fields", {
  get(this: HostCopy) {
    if (!this.$own) {
      this.$own = true;
      const c = this.$c;
      this.$f = this.$f.map((f, i) => (isMutable(f[1]) ? [f[0], c !== undefined && c[i] !== undefined ? c[i] : copyValue(f[1])] : f));
    }
    return this.$f;
  },
  set(this: HostCopy, v: [string, Value][]) {
    this.$f = v;
    this.$own = false;
    this.$c = undefined;
  },
});

/** Interned objects are never handed out, so their copies' prototype can live on them. */
const protos = new WeakMap<SHostObject, HostCopy>();

function copyProto(src: SHostObject): HostCopy {
  let p = protos.get(src);
  if (p === undefined) {
    p = Object.create(HostCopy.prototype) as HostCopy;
    const target = p as unknown as Record<string, unknown>;
    for (const k of Object.keys(src)) target[k] = (src as unknown as Record<string, unknown>)[k];
    p.$f = src.fields;
    p.$own = false;
    const values: Record<string, Value | typeof MUTABLE> = Object.create(null);
    for (const [k, x] of src.fields) {
      if (k in values) continue;
      values[k] = isMutable(x) ? MUTABLE : x;
      if (!isMutable(x)) fillAttrSlot(p, src, k, x); // compiled x.k reads it directly
    }
    p.$v = values;
    protos.set(src, p);
  }
  return p;
}

/** The interned values of one sandbox, by handle. */
export class InternedValues implements RefResolver {
  private readonly values: (Value | undefined)[] = [];
  /** For each interned host object, the prototype of its copies. */
  private readonly copyProtos: (HostCopy | undefined)[] = [];
  private readonly free: number[] = [];

  /** Interns decoded values; returns their handles. */
  intern(ws: Wire[]): number[] {
    return ws.map((w) => {
      const v = fromWire(w, this);
      const h = this.free.length ? this.free.pop()! : this.values.length;
      this.values[h] = v;
      this.copyProtos[h] = v instanceof SHostObject ? copyProto(v) : undefined;
      return h;
    });
  }

  release(hs: number[]): void {
    for (const h of hs) {
      if (this.values[h] !== undefined) {
        this.values[h] = undefined;
        this.copyProtos[h] = undefined;
        this.free.push(h);
      }
    }
  }

  get count(): number {
    return this.values.length - this.free.length;
  }

  /** A fresh copy of interned value h. */
  copy(h: number): Value {
    const p = this.copyProtos[h];
    if (p !== undefined) return Object.create(p) as HostCopy;
    const v = this.values[h];
    if (v === undefined) throw new StarlarkError(`internal error: stale host reference ${h}`);
    return copyValue(v);
  }
}
