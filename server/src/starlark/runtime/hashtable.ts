// The insertion-ordered hash table behind dict and set (go.starlark.net hashtable.go).
//
// Go chains entries in buckets by a 32-bit hash and compares keys with Equal. Here every
// hashable value has a primitive *hash key* (values.ts, hashKey) that is equal for exactly
// the Starlark-equal values, so `===` (small tables) or a JS Map (big ones) finds them.
// Entries live in parallel arrays in insertion order (deleted slots become holes,
// compacted later), which makes
// iteration allocation-free and keeps go's ordering rules: a new key goes to the end, a
// reassigned key keeps its place and its *original* key (d[1.0] = 1; d[1] = 2 leaves the
// key 1.0), and a deleted-then-reinserted key moves to the end.

import type { HashKey, Iterator, Value } from "./values";
import { StarlarkError } from "./values";

/** Marks a deleted slot in `keys` (never a Starlark value). */
const HOLE: unique symbol = Symbol("hole");

/** Tables with at most this many entries find keys by a linear scan of their hash keys
 *  (cheaper in QuickJS than hashing the key and allocating a Map); bigger ones index
 *  their slots in a Map. */
const SMALL = 8;

export class HashTable {
  /** hash key -> slot index, once the table has outgrown linear scans. */
  declare private slots: Map<HashKey, number> | null;
  /** Keys, their hash keys and values by slot, in insertion order; deleted slots hold
   *  HOLE in keyArr and hkArr. */
  declare private keyArr: (Value | typeof HOLE)[];
  declare private hkArr: (HashKey | typeof HOLE)[];
  declare private valArr: Value[];
  declare private live: number;
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
    this.slots = null;
    this.keyArr = [];
    this.hkArr = [];
    this.valArr = [];
    this.live = 0;
    this.holes = 0;
    this.used = false;
    this.frozen = false;
    this.itercount = 0;
  }

  get size(): number {
    return this.live;
  }

  /** hashtable.checkMutable. */
  checkMutable(verb: string): void {
    if (this.frozen) throw new StarlarkError(`cannot ${verb} frozen hash table`);
    if (this.itercount > 0) throw new StarlarkError(`cannot ${verb} hash table during iteration`);
  }

  /** The slot of hash key hk, or -1. */
  private find(hk: HashKey): number {
    const slots = this.slots;
    if (slots !== null) {
      const i = slots.get(hk);
      return i === undefined ? -1 : i;
    }
    const a = this.hkArr;
    for (let i = 0; i < a.length; i++) if (a[i] === hk) return i;
    return -1;
  }

  /** hashtable.lookup: the value, or undefined when absent; throws for unhashable keys. */
  get(k: Value): Value | undefined {
    const i = this.find(typeof k === "object" && k !== null ? k.hashKey() : k);
    return i < 0 ? undefined : this.valArr[i];
  }

  has(k: Value): boolean {
    return this.find(typeof k === "object" && k !== null ? k.hashKey() : k) >= 0;
  }

  /** hashtable.insert. */
  set(k: Value, v: Value): void {
    if (this.frozen || this.itercount > 0) this.checkMutable("insert into");
    const hk = typeof k === "object" && k !== null ? k.hashKey() : k;
    const i = this.find(hk);
    if (i >= 0) {
      this.valArr[i] = v;
      return;
    }
    this.used = true;
    const slot = this.keyArr.length;
    this.keyArr.push(k);
    this.hkArr.push(hk);
    this.valArr.push(v);
    this.live++;
    if (this.slots !== null) this.slots.set(hk, slot);
    else if (this.live > SMALL) this.index();
  }

  /** Build the slot index (the table outgrew linear scans). */
  private index(): void {
    const slots = new Map<HashKey, number>();
    const a = this.hkArr;
    for (let i = 0; i < a.length; i++) {
      const hk = a[i];
      if (hk !== HOLE) slots.set(hk, i);
    }
    this.slots = slots;
  }

  /** hashtable.delete: the removed value, or undefined when absent. */
  delete(k: Value): Value | undefined {
    this.checkMutable("delete from");
    if (!this.used) return undefined; // Go returns before hashing an empty table's key
    const hk = typeof k === "object" && k !== null ? k.hashKey() : k;
    const i = this.find(hk);
    if (i < 0) return undefined;
    const v = this.valArr[i];
    if (this.slots !== null) this.slots.delete(hk);
    this.keyArr[i] = HOLE;
    this.hkArr[i] = HOLE;
    this.valArr[i] = null;
    this.live--;
    this.holes++;
    if (this.holes > SMALL && this.holes > this.live) this.compact();
    return v;
  }

  /** hashtable.clear. */
  clear(): void {
    this.checkMutable("clear");
    this.slots = null;
    this.keyArr = [];
    this.hkArr = [];
    this.valArr = [];
    this.live = 0;
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
    const hks: HashKey[] = [];
    const vs: Value[] = [];
    for (let i = 0; i < this.keyArr.length; i++) {
      const k = this.keyArr[i];
      if (k === HOLE) continue;
      ks.push(k);
      hks.push(this.hkArr[i] as HashKey);
      vs.push(this.valArr[i]);
    }
    this.keyArr = ks;
    this.hkArr = hks;
    this.valArr = vs;
    this.holes = 0;
    if (this.slots !== null) {
      if (this.live > SMALL) this.index();
      else this.slots = null;
    }
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
    if (this.holes === 0) return this.valArr.slice();
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
    const ks = other.keyArr;
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      if (k !== HOLE) this.set(k, other.valArr[i]);
    }
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
