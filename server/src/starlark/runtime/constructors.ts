// Value constructors for compiled code (CONTRACT.md: list, tuple, dict, set, float,
// bigint, bytes, newCell) and the in-place operators INPLACE_ADD / INPLACE_PIPE.

import { add, or } from "./ops";
import { repr } from "./repr";
import {
  EMPTY_TUPLE,
  SBytes,
  SDict,
  SFloat,
  SList,
  SSet,
  STuple,
  StarlarkError,
  normBig,
  type Cell,
  type Value,
} from "./values";

/** [a, b, ...]: the list takes ownership of the array. */
export function list(elems: Value[]): SList {
  return new SList(elems);
}

export function tuple(elems: Value[]): STuple {
  return elems.length === 0 ? EMPTY_TUPLE : new STuple(elems);
}

/** {k1: v1, k2: v2, ...} from [k1, v1, k2, v2, ...]: a repeated key is an error
 *  (SETDICTUNIQ: "duplicate key: k"). */
export function dict(flat: Value[]): SDict {
  const d = new SDict();
  const ht = d.ht;
  for (let i = 0; i < flat.length; i += 2) {
    if (!ht.insert(flat[i], flat[i + 1])) throw new StarlarkError(`duplicate key: ${repr(flat[i])}`);
  }
  return d;
}

/** A dict literal whose keys are distinct constants that are their own hash keys (strings,
 *  safe ints): `ents` holds [key, key, value] per entry and becomes the table's storage. */
export function dictOfEntries(ents: Value[]): SDict {
  return new SDict(ents);
}

/** One entry of a dict literal, inserted as its key and value are evaluated
 *  (SETDICTUNIQ): a repeated key is an error. */
export function dictEntry(d: SDict, k: Value, v: Value): void {
  if (!d.ht.insert(k, v)) throw new StarlarkError(`duplicate key: ${repr(k)}`);
}

/** {a, b, ...} when set literals are enabled. */
export function set(elems: Value[]): SSet {
  const s = new SSet();
  for (const e of elems) s.ht.set(e, null);
  return s;
}

export function float(n: number): SFloat {
  return new SFloat(n);
}

/** An int literal outside the safe range (decimal digits, optionally signed). */
export function bigint(digits: string): number | bigint {
  return normBig(BigInt(digits));
}

export function bytes(s: string): SBytes {
  return new SBytes(s);
}

export function newCell(): Cell {
  return { v: undefined };
}

/** x += y: a list x is extended in place (INPLACE_ADD), otherwise x + y. */
export function inplaceAdd(x: Value, y: Value): Value {
  if (typeof x === "string" && typeof y === "string") return x + y; // the common case
  if (x instanceof SList && typeof y === "object" && y !== null) {
    if (y instanceof SList) {
      x.checkMutable("apply += to");
      const e = y.elems;
      const n = e.length; // x += x appends x's elements once
      for (let i = 0; i < n; i++) x.elems.push(e[i]);
      return x;
    }
    const it = y.iterate();
    if (it !== undefined) {
      try {
        x.checkMutable("apply += to");
        for (let v = it.next(); v !== undefined; v = it.next()) x.elems.push(v);
      } finally {
        it.done();
      }
      return x;
    }
  }
  return add(x, y);
}

/** x |= y: a dict x is updated in place (INPLACE_PIPE), otherwise x | y. */
export function inplacePipe(x: Value, y: Value): Value {
  if (x instanceof SDict && y instanceof SDict) {
    x.ht.checkMutable("apply |= to");
    x.ht.addAll(y.ht);
    return x;
  }
  return or(x, y);
}
