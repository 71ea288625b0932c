// The insertion-ordered hash table behind dict and set (go.starlark.net hashtable.go).
//
// Go chains entries in buckets by a 32-bit hash and compares keys with Equal. Here every
// hashable value has a primitive *hash key* (values.ts, hashKey) that is equal for exactly
// the Starlark-equal values, so `===` (small tables) or a JS Map (big ones) finds them
// (and Equal's one failure on equal keys is raised where a key is found: compareFound).
// Entries live in parallel arrays in insertion order (deleted slots become holes,
// compacted later), which makes
// iteration allocation-free and keeps go's ordering rules: a new key goes to the end, a
// reassigned key keeps its place and its *original* key (d[1.0] = 1; d[1] = 2 leaves the
// key 1.0), and a deleted-then-reinserted key moves to the end.

import type { HashKey, Iterator, Value } from "./values";
import { StarlarkError } from "./errors";

/** The mark of a tuple's hash key (values.ts STuple.hashKey): no other hash key has it,
 *  so a key that has it again after its start is a tuple holding a tuple. */
const NESTED = "\u0102";

/** Marks a deleted entry (never a Starlark value). */
const HOLE: unique symbol = Symbol("hole");

/** Tables with at most this many entries find keys by a linear scan of their hash keys
 *  (cheaper in QuickJS than hashing the key and allocating a Map); bigger ones index
 *  their slots in a Map. */
const SMALL = 8;

/** HashTable.itercount of a frozen table (its iterators are not counted). */
const FROZEN = -1;

// The last key looked up in a big (Map-indexed) table and where it was (-1: absent), so
// that the insert which usually follows (`d[k] = d.get(k, 0) + 1`, `if k not in d: d[k]
// = ...`) skips a second Map lookup, which costs about as much in QuickJS as the rest of
// the insert. Only lookups set it; whatever moves, removes or adds entries of the table
// clears it (insert of a new key, delete, compact, clear). One entry for all tables, in
// module variables: a field would cost every table's creation a property.
let cacheTable: HashTable | null = null;
let cacheKey: HashKey = null;
let cacheAt = -1;

export class HashTable {
  /** hash key -> index in ents, once the table has outgrown linear scans. */
  declare private slots: Map<HashKey, number> | null;
  /** The entries in insertion order as triples [key, hash key, value] (one array rather
   *  than three: fewer allocations per dict). A deleted entry's key and hash key are
   *  HOLE. */
  declare private ents: unknown[];
  /** Number of deleted entries still in ents (the table holds ents.length / 3 less these). */
  declare private dead: number;
  /** Number of active iterators, or FROZEN: one field for both, so that insert tests one
   *  value. */
  declare itercount: number;
  /** True once clear() (or a compaction) emptied a table that had entries: Go's
   *  `table != nil` on an empty table, which decides whether delete hashes its key. Absent
   *  (not false) on other tables, for the reason above. */
  declare private emptied?: boolean;

  // A new table assigns two properties, slots and ents: `dead`, `itercount` and `emptied`
  // start as TABLE_DEFAULTS's (below), and become the table's own only when they change. In
  // QuickJS each property a new object gets costs ~0.15 us, and an object's third one
  // reallocates its property array: a small dict (`{"name": n, "load": l}`) was made of
  // five. (Fields are assigned here rather than initialised in place: esbuild lowers class
  // field initialisers to __publicField calls, which are slow in QuickJS.)
  /** `ents`, when given, becomes the table's entries: triples [key, hash key, value] with
   *  pairwise distinct hash keys (dict literals with distinct constant keys). */
  constructor(ents?: unknown[]) {
    this.slots = null;
    if (ents === undefined) this.ents = [];
    else {
      this.ents = ents;
      if (ents.length > SMALL * 3) this.index();
    }
  }

  get size(): number {
    return this.ents.length / 3 - this.dead;
  }

  get frozen(): boolean {
    return this.itercount < 0;
  }

  /** Number of deleted entries still in ents (host-copies.ts shares tables without). */
  get holes(): number {
    return this.dead;
  }

  /** hashtable.checkMutable. */
  checkMutable(verb: string): void {
    if (this.itercount < 0) throw new StarlarkError(`cannot ${verb} frozen hash table`);
    if (this.itercount > 0) throw new StarlarkError(`cannot ${verb} hash table during iteration`);
  }

  /** The index in ents of the entry with hash key hk, or -1. */
  private find(hk: HashKey): number {
    const slots = this.slots;
    if (slots !== null) {
      const i = slots.get(hk);
      return i === undefined ? -1 : i;
    }
    const e = this.ents;
    for (let i = 1, n = e.length; i < n; i += 3) if (e[i] === hk) return i - 1;
    return -1;
  }

  // get and insert inline find(): a call costs as much as the rest of a lookup in QuickJS.

  /** hashtable.lookup: the value, or undefined when absent; throws for unhashable keys. */
  get(k: Value): Value | undefined {
    let hk: HashKey = k as HashKey;
    if (typeof k === "object" && k !== null) hk = k.hashKey();
    const slots = this.slots;
    if (slots === null) {
      const e = this.ents;
      for (let i = 1, n = e.length; i < n; i += 3) {
        if (e[i] === hk) {
          if (hk !== k && typeof hk === "string" && hk.indexOf(NESTED, 1) > 0) compareFound(k);
          return e[i + 1] as Value;
        }
      }
      return undefined;
    }
    const i = slots.get(hk);
    cacheTable = this;
    cacheKey = hk;
    if (i === undefined) {
      cacheAt = -1;
      return undefined;
    }
    cacheAt = i;
    if (hk !== k && typeof hk === "string" && hk.indexOf(NESTED, 1) > 0) compareFound(k);
    return this.ents[i + 2] as Value;
  }

  /** get for a key that is its own hash key and never a tuple: a string or an int held as
   *  a JS number (compiled `d[k]` / `d.get(k)` after their type tests). Neither hashKey()
   *  nor the CompareLimit check applies: two tests less per lookup, ~0.1 us in QuickJS. */
  getp(k: string | number): Value | undefined {
    const slots = this.slots;
    if (slots === null) {
      const e = this.ents;
      for (let i = 1, n = e.length; i < n; i += 3) if (e[i] === k) return e[i + 1] as Value;
      return undefined;
    }
    const i = slots.get(k);
    cacheTable = this;
    cacheKey = k;
    if (i === undefined) {
      cacheAt = -1;
      return undefined;
    }
    cacheAt = i;
    return this.ents[i + 2] as Value;
  }

  has(k: Value): boolean {
    return this.get(k) !== undefined;
  }

  /** hashtable.insert (insert, without its result). */
  set(k: Value, v: Value): void {
    this.insert(k, v);
  }

  /** hashtable.insert, reporting whether k was new (dict literals' duplicate check). */
  insert(k: Value, v: Value): boolean {
    if (this.itercount !== 0) this.checkMutable("insert into");
    let hk: HashKey = k as HashKey;
    if (typeof k === "object" && k !== null) hk = k.hashKey();
    const e = this.ents;
    const slots = this.slots;
    if (slots !== null) {
      let i: number | undefined;
      if (this === cacheTable && hk === cacheKey) i = cacheAt < 0 ? undefined : cacheAt;
      else i = slots.get(hk);
      if (i !== undefined) {
        if (hk !== k && typeof hk === "string" && hk.indexOf(NESTED, 1) > 0) compareFound(k);
        e[i + 2] = v;
        return false;
      }
      cacheTable = null;
      slots.set(hk, e.length);
      e.push(k, hk, v);
      return true;
    }
    for (let i = 1, n = e.length; i < n; i += 3) {
      if (e[i] === hk) {
        if (hk !== k && typeof hk === "string" && hk.indexOf(NESTED, 1) > 0) compareFound(k);
        e[i + 1] = v;
        return false;
      }
    }
    e.push(k, hk, v);
    if (e.length > SMALL * 3) this.index();
    return true;
  }

  /** Build the slot index (the table outgrew linear scans). */
  private index(): void {
    const slots = new Map<HashKey, number>();
    const e = this.ents;
    for (let i = 0; i < e.length; i += 3) {
      const hk = e[i + 1];
      if (hk !== HOLE) slots.set(hk as HashKey, i);
    }
    this.slots = slots;
  }

  /** hashtable.delete: the removed value, or undefined when absent. */
  delete(k: Value): Value | undefined {
    this.checkMutable("delete from");
    // Go returns before hashing the key of a table nothing was ever inserted into.
    if (this.ents.length === 0 && this.emptied !== true) return undefined;
    const hk = typeof k === "object" && k !== null ? k.hashKey() : k;
    const i = this.find(hk);
    if (i < 0) return undefined;
    if (hk !== k && typeof hk === "string" && hk.indexOf(NESTED, 1) > 0) compareFound(k);
    cacheTable = null;
    const e = this.ents;
    const v = e[i + 2] as Value;
    if (this.slots !== null) this.slots.delete(hk);
    e[i] = HOLE;
    e[i + 1] = HOLE;
    e[i + 2] = null;
    const holes = ++this.dead;
    const live = e.length / 3 - holes;
    if (holes > SMALL && holes > live) this.compact();
    return v;
  }

  /** hashtable.clear. */
  clear(): void {
    this.checkMutable("clear");
    cacheTable = null;
    if (this.ents.length > 0) this.emptied = true;
    this.slots = null;
    this.ents = [];
    if (this.dead !== 0) this.dead = 0;
  }

  /** hashtable.freeze: deep. */
  freeze(): void {
    if (this.itercount < 0) return;
    this.itercount = FROZEN;
    const e = this.ents;
    for (let i = 0; i < e.length; i += 3) {
      const k = e[i];
      if (k === HOLE) continue;
      if (typeof k === "object" && k !== null) (k as SValueLike).freeze();
      const v = e[i + 2];
      if (typeof v === "object" && v !== null) (v as SValueLike).freeze();
    }
  }

  /** Drop the holes (only ever called while no iterator is active, as deletion is then
   *  forbidden). */
  private compact(): void {
    cacheTable = null;
    const old = this.ents;
    const e: unknown[] = [];
    for (let i = 0; i < old.length; i += 3) if (old[i] !== HOLE) e.push(old[i], old[i + 1], old[i + 2]);
    if (e.length === 0) this.emptied = true;
    this.ents = e;
    this.dead = 0;
    if (this.slots !== null) {
      if (e.length > SMALL * 3) this.index();
      else this.slots = null;
    }
  }

  /** Calls f(k, v) for each entry in order; iteration is locked meanwhile (Go's
   *  hashtable.entries). */
  forEach(f: (k: Value, v: Value) => void): void {
    const counted = this.itercount >= 0;
    if (counted) this.itercount++;
    try {
      const e = this.ents;
      for (let i = 0; i < e.length; i += 3) {
        const k = e[i];
        if (k !== HOLE) f(k as Value, e[i + 2] as Value);
      }
    } finally {
      if (counted && this.itercount > 0) this.itercount--;
    }
  }

  keys(): Value[] {
    const e = this.ents;
    if (this.dead === 0) {
      // No holes: every third element, into an array of the final length.
      const out: Value[] = new Array(e.length / 3);
      for (let i = 0, j = 0; j < out.length; i += 3, j++) out[j] = e[i] as Value;
      return out;
    }
    const out: Value[] = [];
    for (let i = 0; i < e.length; i += 3) if (e[i] !== HOLE) out.push(e[i] as Value);
    return out;
  }

  values(): Value[] {
    const out: Value[] = [];
    const e = this.ents;
    for (let i = 0; i < e.length; i += 3) if (e[i] !== HOLE) out.push(e[i + 2] as Value);
    return out;
  }

  items(): [Value, Value][] {
    const out: [Value, Value][] = [];
    const e = this.ents;
    for (let i = 0; i < e.length; i += 3) if (e[i] !== HOLE) out.push([e[i] as Value, e[i + 2] as Value]);
    return out;
  }

  /** The entries as `new Pair([k, v])` each, in order (dict.items() makes tuples with it;
   *  the constructor comes as an argument, as values.ts imports this file). */
  pairs<T>(Pair: new (elems: Value[]) => T): T[] {
    const e = this.ents;
    const out: T[] = new Array(e.length / 3 - this.dead);
    for (let i = 0, j = 0; i < e.length; i += 3) {
      const k = e[i];
      if (k !== HOLE) out[j++] = new Pair([k as Value, e[i + 2] as Value]);
    }
    return out;
  }

  /** The entries as [k0, v0, k1, v1, ...], a new array (a snapshot, as dict.items() is):
   *  what a loop over `d.items()` needs, without a tuple per entry. */
  flatItems(): Value[] {
    const e = this.ents;
    const out: Value[] = new Array((e.length / 3 - this.dead) * 2);
    for (let i = 0, j = 0; i < e.length; i += 3) {
      const k = e[i];
      if (k !== HOLE) {
        out[j++] = k as Value;
        out[j++] = e[i + 2] as Value;
      }
    }
    return out;
  }

  /** The first entry's key and value (hashtable.first), or undefined when empty. */
  first(): [Value, Value] | undefined {
    const e = this.ents;
    for (let i = 0; i < e.length; i += 3) if (e[i] !== HOLE) return [e[i] as Value, e[i + 2] as Value];
    return undefined;
  }

  /** hashtable.addAll. */
  addAll(other: HashTable): void {
    const e = other.ents;
    for (let i = 0; i < e.length; i += 3) if (e[i] !== HOLE) this.set(e[i] as Value, e[i + 2] as Value);
  }

  /** hashtable.iterate: a key iterator that locks the table until done(). */
  iterate(): Iterator {
    return new KeyIterator(this, this.ents);
  }
}

/** What a table has until it changes them (see the constructor): a prototype of
 *  HashTable.prototype, so that they are not among HashTable's methods. */
const TABLE_DEFAULTS = { dead: 0, itercount: 0, emptied: undefined as boolean | undefined };
Object.setPrototypeOf(HashTable.prototype, TABLE_DEFAULTS);

/** go.starlark.net finds a key by its hash and then compares it with Equal to the key in
 *  the table, which fails for tuples nested CompareLimit deep ("comparison exceeded
 *  maximum recursion depth"; values.ts STuple.equalExceedsLimit). A hash key here is
 *  equal for exactly the equal values, so there is no comparison to make, except that
 *  one failure: `k` is a key found in the table whose hash key has NESTED past its start,
 *  i.e. a tuple holding tuples (the test is inline at each place a key is found: a call
 *  per lookup cost tuple keys 20 %). (Go also compares keys whose 32-bit hashes collide;
 *  the keys here never do.) */
function compareFound(k: Value): void {
  if ((k as SValueLike).equalExceedsLimit?.() === true) throw new StarlarkError("comparison exceeded maximum recursion depth");
}

/** What freeze needs of a value (values.ts's SValue, without importing it here). */
interface SValueLike {
  freeze(): void;
  equalExceedsLimit?(): boolean;
}

class KeyIterator implements Iterator {
  declare private i: number;
  declare private readonly ht: HashTable;
  declare private readonly ents: unknown[];
  constructor(ht: HashTable, ents: unknown[]) {
    this.i = 0;
    this.ht = ht;
    this.ents = ents;
    if (ht.itercount >= 0) ht.itercount++;
  }
  next(): Value | undefined {
    const e = this.ents;
    while (this.i < e.length) {
      const k = e[this.i];
      this.i += 3;
      if (k !== HOLE) return k as Value;
    }
    return undefined;
  }
  done(): void {
    // A table frozen meanwhile (FROZEN) no longer counts its iterators.
    if (this.ht.itercount > 0) this.ht.itercount--;
  }
}
