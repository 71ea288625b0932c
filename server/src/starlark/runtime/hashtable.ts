// The insertion-ordered hash table behind dict and set (go.starlark.net hashtable.go).
//
// Go chains entries in buckets by a 32-bit hash and compares keys with Equal. Here every
// hashable value has a primitive *hash key* (values.ts, hashKey) that is equal for exactly
// the Starlark-equal values, so a JS Map does the hashing. Entries live in two parallel
// arrays in insertion order (deleted slots become holes, compacted later), which makes
// iteration allocation-free and keeps go's ordering rules: a new key goes to the end, a
// reassigned key keeps its place and its *original* key (d[1.0] = 1; d[1] = 2 leaves the
// key 1.0), and a deleted-then-reinserted key moves to the end.

import type { HashKey, Iterator, Value } from "./values";
import { StarlarkError } from "./values";

/** Marks a deleted slot in `keys` (never a Starlark value). */
const HOLE: unique symbol = Symbol("hole");

export class HashTable {
  /** hash key -> slot index in keys/vals. */
  declare private readonly slots: Map<HashKey, number>;
  declare private keyArr: (Value | typeof HOLE)[];
  declare private valArr: Value[];
  declare private holes: number;
  /** Whether anything was ever inserted (Go's `table != nil`, which decides whether
   *  delete hashes its key). */
  declare private used: boolean;
  declare frozen: boolean;
  /** Number of active iterators (ignored when frozen). */
  declare itercount: number;

  // (Fields are assigned here rather than initialised in place: esbuild lowers class
  // field initialisers to __publicField calls, which are slow in QuickJS.)
  constructor() {
    this.slots = new Map();
    this.keyArr = [];
    this.valArr = [];
    this.holes = 0;
    this.used = false;
    this.frozen = false;
    this.itercount = 0;
  }

  get size(): number {
    return this.slots.size;
  }

  /** hashtable.checkMutable. */
  checkMutable(verb: string): void {
    if (this.frozen) throw new StarlarkError(`cannot ${verb} frozen hash table`);
    if (this.itercount > 0) throw new StarlarkError(`cannot ${verb} hash table during iteration`);
  }

  /** hashtable.lookup: the value, or undefined when absent; throws for unhashable keys. */
  get(k: Value): Value | undefined {
    const i = this.slots.get(typeof k === "object" && k !== null ? k.hashKey() : k);
    return i === undefined ? undefined : this.valArr[i];
  }

  has(k: Value): boolean {
    return this.slots.has(typeof k === "object" && k !== null ? k.hashKey() : k);
  }

  /** hashtable.insert. */
  set(k: Value, v: Value): void {
    if (this.frozen || this.itercount > 0) this.checkMutable("insert into");
    const hk = typeof k === "object" && k !== null ? k.hashKey() : k;
    const i = this.slots.get(hk);
    if (i !== undefined) {
      this.valArr[i] = v;
      return;
    }
    this.used = true;
    this.slots.set(hk, this.keyArr.length);
    this.keyArr.push(k);
    this.valArr.push(v);
  }

  /** hashtable.delete: the removed value, or undefined when absent. */
  delete(k: Value): Value | undefined {
    this.checkMutable("delete from");
    if (!this.used) return undefined; // Go returns before hashing an empty table's key
    const hk = typeof k === "object" && k !== null ? k.hashKey() : k;
    const i = this.slots.get(hk);
    if (i === undefined) return undefined;
    const v = this.valArr[i];
    this.slots.delete(hk);
    this.keyArr[i] = HOLE;
    this.valArr[i] = null;
    this.holes++;
    if (this.holes > 16 && this.holes > this.slots.size) this.compact();
    return v;
  }

  /** hashtable.clear. */
  clear(): void {
    this.checkMutable("clear");
    this.slots.clear();
    this.keyArr = [];
    this.valArr = [];
    this.holes = 0;
  }

  /** hashtable.freeze: deep. */
  freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    const ks = this.keyArr;
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      if (k === HOLE) continue;
      if (typeof k === "object" && k !== null) k.freeze();
      const v = this.valArr[i];
      if (typeof v === "object" && v !== null) v.freeze();
    }
  }

  /** Drop the holes (only ever called while no iterator is active, as deletion is then
   *  forbidden). */
  private compact(): void {
    const ks: Value[] = [];
    const vs: Value[] = [];
    for (let i = 0; i < this.keyArr.length; i++) {
      const k = this.keyArr[i];
      if (k === HOLE) continue;
      this.slots.set(typeof k === "object" && k !== null ? k.hashKey() : k, ks.length);
      ks.push(k);
      vs.push(this.valArr[i]);
    }
    this.keyArr = ks;
    this.valArr = vs;
    this.holes = 0;
  }

  /** Calls f(k, v) for each entry in order; iteration is locked meanwhile (Go's
   *  hashtable.entries). */
  forEach(f: (k: Value, v: Value) => void): void {
    const frozen = this.frozen;
    if (!frozen) this.itercount++;
    try {
      const ks = this.keyArr;
      for (let i = 0; i < ks.length; i++) {
        const k = ks[i];
        if (k !== HOLE) f(k, this.valArr[i]);
      }
    } finally {
      if (!frozen) this.itercount--;
    }
  }

  keys(): Value[] {
    if (this.holes === 0) return this.keyArr.slice() as Value[];
    const out: Value[] = [];
    for (const k of this.keyArr) if (k !== HOLE) out.push(k);
    return out;
  }

  values(): Value[] {
    const out: Value[] = [];
    for (let i = 0; i < this.keyArr.length; i++) if (this.keyArr[i] !== HOLE) out.push(this.valArr[i]);
    return out;
  }

  items(): [Value, Value][] {
    const out: [Value, Value][] = [];
    const ks = this.keyArr;
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      if (k !== HOLE) out.push([k, this.valArr[i]]);
    }
    return out;
  }

  /** The first entry's key and value (hashtable.first), or undefined when empty. */
  first(): [Value, Value] | undefined {
    const ks = this.keyArr;
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      if (k !== HOLE) return [k, this.valArr[i]];
    }
    return undefined;
  }

  /** hashtable.addAll. */
  addAll(other: HashTable): void {
    other.forEach((k, v) => this.set(k, v));
  }

  /** hashtable.iterate: a key iterator that locks the table until done(). */
  iterate(): Iterator {
    return new KeyIterator(this, this.keyArr);
  }
}

class KeyIterator implements Iterator {
  declare private i: number;
  declare private readonly frozen: boolean;
  declare private readonly ht: HashTable;
  declare private readonly ks: (Value | typeof HOLE)[];
  constructor(ht: HashTable, ks: (Value | typeof HOLE)[]) {
    this.i = 0;
    this.ht = ht;
    this.ks = ks;
    this.frozen = ht.frozen;
    if (!this.frozen) ht.itercount++;
  }
  next(): Value | undefined {
    const ks = this.ks;
    while (this.i < ks.length) {
      const k = ks[this.i++];
      if (k !== HOLE) return k;
    }
    return undefined;
  }
  done(): void {
    if (!this.frozen) this.ht.itercount--;
  }
}
