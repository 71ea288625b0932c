// Values the host interns (Session.intern), kept in the sandbox once and handed to each call
// as copies. A host object's copy shares the interned fields until a mutable one (a list, a
// dict, a nested object) is first reached, which copies them (copy on write), so a run may
// mutate what it got without the next run seeing it.
//
// A host object's copy that a run never touched (no mutable field reached, no field list
// read: it only answered immutable attributes) is indistinguishable from a fresh one, so the
// next run gets the same object again instead of a new one (an evacuation hands the same
// 1,000 candidates to 1,000 runs). What a scriptlet can observe stays as before:
// - a copy is handed out at most once per run (host objects compare by identity, so two
//   references in one run are two values, as two marshalled values are);
// - a copy that was touched (see HostCopy.touch: the only way its state changes) is never
//   handed out again; a run that failed drops every copy kept for reuse;
// - nothing of a run survives into the next one except these untouched copies (globals are
//   frozen after init; a run's values are gone when it returns).

import { fillAttrSlot } from "./access";
import { expandRuns, fromWire, MissingBase, type RefResolver, type Wire, type WireRefList } from "./wire";
import { ATTR_SLOT, SBytes, SDict, SFloat, SHostObject, SList, SSet, STuple, StarlarkError, type Value } from "./values";
import { HashTable } from "./hashtable";

/** Whether a field value may change under a run (shared values must not). */
function isMutable(v: Value): boolean {
  return v !== null && typeof v === "object" && !(v instanceof SFloat) && !(v instanceof SBytes);
}

/** A deep copy of an interned value (host objects copied lazily, see HostCopy). */
function copyValue(v: Value): Value {
  if (v === null || typeof v !== "object") return v;
  if (v instanceof SList) {
    const src = v.elems;
    const elems = src.slice();
    for (let i = 0; i < elems.length; i++) if (isMutable(elems[i])) elems[i] = copyValue(elems[i]);
    return new SList(elems);
  }
  if (v instanceof SHostObject) return Object.create(copyProto(v)) as HostCopy;
  if (v instanceof SDict) return copyDict(v);
  if (v instanceof STuple) return v.elems.some(isMutable) ? new STuple(v.elems.map(copyValue)) : v;
  if (v instanceof SSet) {
    const c = new SSet();
    for (const k of v.elems()) c.insert(k);
    return c;
  }
  return v; // float, bytes: immutable
}

/** The hash table's entries, as HashTable's constructor takes them (runtime/hashtable.ts). */
interface TableEntries {
  ents: unknown[];
  holes: number;
}

/** A copy of an interned dict: its entries array copied whole (keys and hash keys are
 *  immutable; mutable values copied), which HashTable takes as it is — a dict of a host
 *  value's config costs one array copy rather than a hashed insertion per key. Interned dicts
 *  are built by insertion only (no deleted slots); one with holes is copied key by key. */
function copyDict(v: SDict): SDict {
  const t = v.ht as unknown as TableEntries;
  if (t.holes !== 0 || !Array.isArray(t.ents)) {
    const d = new SDict();
    for (const [k, x] of v.items()) d.setKey(k, copyValue(x));
    return d;
  }
  const ents = t.ents.slice();
  for (let i = 2; i < ents.length; i += 3) if (isMutable(ents[i] as Value)) ents[i] = copyValue(ents[i] as Value);
  return new SDict(ents);
}

/** Whether an interned dict's copy may share its entries (every value immutable, no holes). */
function shareable(v: Value): v is SDict {
  if (!(v instanceof SDict)) return false;
  const t = v.ht as unknown as TableEntries;
  if (t.holes !== 0 || !Array.isArray(t.ents)) return false;
  const e = t.ents;
  for (let i = 2; i < e.length; i += 3) if (isMutable(e[i] as Value)) return false;
  return true;
}

/**
 * The table of a dict field of a host copy (inst.config): it reads the interned dict's
 * entries until its first write, which copies them first and marks the copy touched (its
 * Reuse record dirty). Reading a config therefore neither copies it nor stops the copy from
 * being handed out again. HashTable's writers are insert (set, addAll and the dict methods go
 * through it), delete, clear and freeze; `compact` and `index` only run under them or in the
 * constructor. host-copies tests check that HashTable has no other method (a new writer must
 * be added here).
 */
class SharedTable extends HashTable {
  declare $shared: boolean;
  declare $r: Reuse | undefined;

  constructor(ents: unknown[], r: Reuse | undefined) {
    super(ents);
    this.$shared = true;
    this.$r = r;
  }

  private own(): void {
    if (!this.$shared) return;
    this.$shared = false;
    if (this.$r !== undefined) this.$r.dirty = true;
    const t = this as unknown as TableEntries;
    t.ents = t.ents.slice();
  }

  override insert(k: Value, v: Value): boolean {
    this.own();
    return super.insert(k, v);
  }

  override delete(k: Value): Value | undefined {
    this.own();
    return super.delete(k);
  }

  override clear(): void {
    this.own();
    super.clear();
  }

  override freeze(): void {
    this.own();
    super.freeze();
  }
}

/** The methods of HashTable SharedTable knows (its writers, and the readers that need no
 *  override): tests compare this list with HashTable's own. */
export const SHARED_TABLE_KNOWS = [
  "constructor", "size", "checkMutable", "find", "get", "has", "set", "insert", "index", "delete", "clear", "freeze",
  "compact", "forEach", "keys", "values", "items", "first", "addAll", "iterate", "frozen", "holes", "pairs",
  "getp", "flatItems",
];

/** A dict over the interned dict's entries (see SharedTable). */
function sharedDict(v: SDict, r: Reuse | undefined): SDict {
  const d = new SDict();
  (d as unknown as { ht: HashTable }).ht = new SharedTable((v.ht as unknown as TableEntries).ents, r);
  return d;
}

const MUTABLE = {};

/** A copy of an interned host object: its field list is the interned one until something
 *  reaches a mutable field (attribute access, or any reader of .fields: str, dir, freeze,
 *  the wire encoding), which gives the copy its own fields with the mutable values copied.
 *  A copy is a bare object whose prototype (one per interned object, see copyProto) holds
 *  the interned object's properties: creating one is a single allocation. */
class HostCopy extends SHostObject {
  /** Who may hand this copy out again (set when it is made): told when it is touched. */
  declare $r: Reuse | undefined;
  /** Field values by name: the immutable ones (shared), MUTABLE for the others. */
  declare $v: Record<string, Value | typeof MUTABLE>;
  /** The index in the field list of each mutable field (its first, as attr finds it). */
  declare $i: Record<string, number>;
  /** The field list: the interned one until $own. */
  declare $f: [string, Value][];
  declare $own: boolean;
  /** Mutable fields copied one by one by attribute access (by field index), before the
   *  whole field list is: a scriptlet reading `inst.config` pays for that dict only. */
  declare $c: Record<number, Value> | undefined;
  /** The handle of the interned object (set on the prototype by intern). */
  declare $h: number;

  override attr(name: string): Value | undefined {
    const v = this.$v[name];
    if (v !== MUTABLE) return v as Value | undefined;
    const fs = this.$f;
    const i = this.$i[name];
    if (this.$own) return fs[i][1];
    let c = this.$c;
    if (c === undefined) this.$c = c = Object.create(null) as Record<number, Value>;
    let x = c[i];
    if (x === undefined) {
      const src = fs[i][1];
      // A dict of immutable values is shared until written (which touches this copy then);
      // any other mutable value is copied now, and the copy is touched.
      if (shareable(src)) x = sharedDict(src, this.$r);
      else {
        this.touch();
        x = copyValue(src);
      }
      c[i] = x;
      // From now on every lookup gives this same object: compiled x.name may read it from
      // the copy's own attribute slot (a copy handed out again keeps it).
      fillAttrSlot(this, this, name, x);
    }
    return x;
  }

  /** The copy's state is about to change (it gets values of its own): it is no longer a
   *  fresh copy and must not be handed out again. Called before the change, so that a change
   *  cut short (a limit) still counts. Every write to a copy goes through here. */
  touch(): void {
    const r = this.$r;
    if (r !== undefined) r.dirty = true;
  }
}
Object.defineProperty(HostCopy.prototype, "fields", {
  get(this: HostCopy) {
    if (!this.$own) {
      this.touch();
      this.$own = true;
      const c = this.$c;
      this.$f = this.$f.map((f, i) => (isMutable(f[1]) ? [f[0], c !== undefined && c[i] !== undefined ? c[i] : copyValue(f[1])] : f));
    }
    return this.$f;
  },
  // (Nothing in the runtime replaces a host object's fields; should something, the copy then
  // answers from the new list alone.)
  set(this: HostCopy, v: [string, Value][]) {
    this.touch();
    const values: Record<string, Value | typeof MUTABLE> = Object.create(null);
    const index: Record<string, number> = Object.create(null);
    v.forEach(([k], i) => {
      if (k in values) return;
      values[k] = MUTABLE;
      index[k] = i;
    });
    // (The prototype's attribute slots answer for the interned fields: hidden here.)
    const self = this as unknown as Record<string, unknown>;
    for (const k of [...Object.keys(Object.getPrototypeOf(this) as object), ...Object.keys(this)]) if (k.startsWith(ATTR_SLOT)) self[k] = undefined;
    this.$v = values;
    this.$i = index;
    this.$f = v;
    this.$own = true;
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
    p.$r = undefined;
    const values: Record<string, Value | typeof MUTABLE> = Object.create(null);
    const index: Record<string, number> = Object.create(null);
    const proto = p;
    src.fields.forEach(([k, x], i) => {
      if (k in values) return;
      values[k] = isMutable(x) ? MUTABLE : x;
      index[k] = i;
      if (!isMutable(x)) fillAttrSlot(proto, src, k, x); // compiled x.k reads it directly
    });
    p.$v = values;
    p.$i = index;
    protos.set(src, p);
  }
  return p;
}

/** Copies kept for reuse: one copy (a single reference) or the elements of a list of
 *  references. `dirty` once any of them is touched; `run`: the run that last got them. */
interface Reuse {
  dirty: boolean;
  run: number;
}

/** A list of references as the sandbox keeps it: its handles, and copies of them that may
 *  be handed out again (their $r is this record). */
interface ListReuse extends Reuse {
  /** The list's handles; in the list's order unless `elems` holds the order (see ordered). */
  handles: number[];
  /** Copies of `handles`, in the list's order; only when every handle is a host object. */
  elems: HostCopy[] | undefined;
  /** Whether `handles` is in the list's order. An edit (WireRefList.moves) moves the kept
   *  copies only, and leaves the handles as they were (the same handles, for release's check):
   *  moving 1,000 handles along the list cost a run as much as moving the copies. */
  ordered: boolean;
}

/** The handles of a kept list, in its order. */
function orderedHandles(r: ListReuse): number[] {
  if (!r.ordered) {
    const elems = r.elems!;
    const hs = new Array<number>(elems.length);
    for (let i = 0; i < elems.length; i++) hs[i] = elems[i].$h;
    r.handles = hs;
    r.ordered = true;
  }
  return r.handles;
}

/** Beyond this many kept lists the cache starts afresh (each holds its copies). */
const LISTS_MAX = 20_000;
/** Lists kept by id (WireRefList): the host refers to its last one or two. */
const BASES_MAX = 4;

/** The interned values of one sandbox, by handle. */
export class InternedValues implements RefResolver {
  private readonly values: (Value | undefined)[] = [];
  /** For each interned host object, the prototype of its copies. */
  private readonly copyProtos: (HostCopy | undefined)[] = [];
  private readonly free: number[] = [];
  /** For each interned host object, a copy handed out before and untouched since. */
  private spares: ({ copy: HostCopy } & Reuse | undefined)[] = [];
  /** Lists of references handed out before (host-function results), by their handles. */
  private lists = new Map<string, ListReuse>();
  /** Lists of references sent with an id (call arguments), by id. */
  private bases = new Map<number, ListReuse>();
  /** The current run (beginRun). */
  private run = 0;

  /** Interns decoded values; returns their handles. */
  intern(ws: Wire[]): number[] {
    return ws.map((w) => {
      const v = fromWire(w, this);
      const h = this.free.length ? this.free.pop()! : this.values.length;
      this.values[h] = v;
      const p = v instanceof SHostObject ? copyProto(v) : undefined;
      if (p !== undefined) p.$h = h;
      this.copyProtos[h] = p;
      this.spares[h] = undefined;
      return h;
    });
  }

  release(hs: number[]): void {
    let any = false;
    for (const h of hs) {
      if (this.values[h] !== undefined) {
        this.values[h] = undefined;
        this.copyProtos[h] = undefined;
        this.spares[h] = undefined;
        this.free.push(h);
        any = true;
      }
    }
    // A kept list must not outlive one of its handles (the handle may be reused).
    if (any) {
      const gone = new Set(hs);
      for (const [k, l] of this.lists) if (l.handles.some((h) => gone.has(h))) this.lists.delete(k);
      for (const [k, l] of this.bases) if (l.handles.some((h) => gone.has(h))) this.bases.delete(k);
    }
  }

  get count(): number {
    return this.values.length - this.free.length;
  }

  get currentRun(): number {
    return this.run;
  }

  /** A new run starts: copies handed out so far may be handed out once more. */
  beginRun(): void {
    this.run++;
  }

  /** A run failed: keep nothing of it (what it touched is known, but a run stopped midway
   *  is not worth reasoning about). The host then sends whole lists again (MissingBase). */
  forgetCopies(): void {
    this.spares = [];
    this.lists = new Map();
    this.bases = new Map();
  }

  /** A fresh copy of interned value h (or one handed out before and untouched since). */
  copy(h: number): Value {
    const p = this.copyProtos[h];
    if (p !== undefined) {
      const s = this.spares[h];
      if (s !== undefined && !s.dirty && s.run !== this.run) {
        s.run = this.run;
        return s.copy;
      }
      const c = Object.create(p) as HostCopy;
      const r = { copy: c, dirty: false, run: this.run };
      c.$r = r;
      // (A clean spare already given to this run stays the spare; this copy is a one-off.)
      if (s === undefined || s.dirty) this.spares[h] = r;
      return c;
    }
    const v = this.values[h];
    if (v === undefined) throw new StarlarkError(`internal error: stale host reference ${h}`);
    return copyValue(v);
  }

  /** The elements of a list of references: the copies the same list got before when none of
   *  them was touched and this run has not got them yet, else fresh ones. */
  copyList(w: WireRefList): Value[] {
    let kept: ListReuse | undefined;
    let handles: number[];
    let key: string | undefined;
    if (w.base !== undefined) {
      kept = this.bases.get(w.base);
      if (kept === undefined) throw new MissingBase(w.base);
      this.bases.delete(w.base);
      const moves = w.moves ?? [];
      // The kept copies follow the edit (and hold the order: their handles are read from them
      // when needed); without copies, the handles do.
      const elems = kept.elems;
      if (elems !== undefined) {
        for (let i = 0; i < moves.length; i += 2) move(elems, moves[i], moves[i + 1]);
        if (moves.length) kept.ordered = false;
      } else for (let i = 0; i < moves.length; i += 2) move(kept.handles, moves[i], moves[i + 1]);
      handles = kept.handles; // (in order when needed: see below)
    } else {
      const hs = w.$refs ?? [];
      handles = w.runs ? expandRuns(hs) : hs;
      if (w.id === undefined) {
        key = (w.runs ? "r" : "") + hs.join(",");
        kept = this.lists.get(key);
      }
    }
    let r = kept;
    if (r === undefined || r.elems === undefined || r.dirty || r.run === this.run) {
      r = this.fresh(kept !== undefined && w.base !== undefined ? orderedHandles(kept) : handles);
      if (key !== undefined && r.elems !== undefined && (kept === undefined || kept.dirty)) {
        if (this.lists.size >= LISTS_MAX) this.lists = new Map();
        this.lists.set(key, r);
      }
    } else r.run = this.run;
    if (w.id !== undefined) {
      this.bases.set(w.id, r);
      if (this.bases.size > BASES_MAX) this.bases.delete(this.bases.keys().next().value!);
    }
    if (r.elems === undefined) return r.handles.map((h) => this.copy(h));
    // (The list is the run's to mutate: the kept order stays the sandbox's.)
    return copyOf(r.elems);
  }

  /** New copies of `handles` as one kept list (copies of host objects only). */
  private fresh(handles: number[]): ListReuse {
    const r: ListReuse = { dirty: false, run: this.run, handles, elems: undefined, ordered: true };
    const elems = new Array<HostCopy>(handles.length);
    for (let i = 0; i < handles.length; i++) {
      const p = this.copyProtos[handles[i]];
      if (p === undefined) return r; // other values are copied whole each time (they are mutable)
      const c = Object.create(p) as HostCopy;
      c.$r = r;
      elems[i] = c;
    }
    r.elems = elems;
    return r;
  }
}

/** A copy of an array. In QuickJS, Array.prototype.slice stores element by element through
 *  the generic property path (~170 µs for 1,000 candidates in the -Oz build), while the
 *  ES2023 copying methods (toSpliced, with, toReversed) allocate the copy whole (~20 µs). */
export function copyOf<T>(a: T[]): T[] {
  const fast = (a as unknown as { toSpliced?: (start: number, del: number) => T[] }).toSpliced;
  return fast !== undefined ? fast.call(a, 0, 0) : a.slice();
}

/** Takes the element at `from` and inserts it at `to` (moving the ones between). */
function move(a: unknown[], from: number, to: number): void {
  if (from === to) return;
  const x = a[from];
  if (from === 0 && to === a.length - 1) {
    // An evacuation's usual move: the candidate with the fewest instances got one more and
    // goes past all its equals. QuickJS shifts an array with one memmove, where copyWithin
    // sets element by element (~25 us for 1,000).
    a.shift();
    a.push(x);
    return;
  }
  if (from < to) a.copyWithin(from, from + 1, to + 1);
  else a.copyWithin(to + 1, to, from);
  a[to] = x;
}
