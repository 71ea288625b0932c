// for-loops, comprehensions and tuple assignment: go.starlark.net's ITERPUSH and UNPACK
// (interp.go). Iterators of lists, dicts and sets lock their container against mutation
// until done() is called; compiled code calls done() in a `finally`.

import { K_LIST, K_OTHER, K_TUPLE, SList, STuple, StarlarkError, typeName, type Iterator, type Value } from "./values";

/** Iterate(x), or the "not iterable" error. */
export function iterate(x: Value): Iterator {
  if (typeof x === "object" && x !== null) {
    const it = x.iterate();
    if (it !== undefined) return it;
  }
  throw new StarlarkError(`${typeName(x)} value is not iterable`);
}

/** x as an iterator, or undefined when not iterable (Go's Iterate returning nil). */
export function tryIterate(x: Value): Iterator | undefined {
  return typeof x === "object" && x !== null ? x.iterate() : undefined;
}

/** All elements of an iterable, in order (locking it meanwhile). */
export function collect(x: Value): Value[] {
  if (x instanceof SList) return x.elems.slice();
  const it = iterate(x);
  const out: Value[] = [];
  try {
    for (let v = it.next(); v !== undefined; v = it.next()) out.push(v);
  } finally {
    it.done();
  }
  return out;
}

/** UNPACK: the n elements of x for `a, b = x`. The result must not be modified. */
export function unpack(x: Value, n: number): Value[] {
  const kind = typeof x === "object" && x !== null ? x.kind : K_OTHER;
  if (kind === K_TUPLE || kind === K_LIST) {
    // list/tuple fast path: no iterator needed (their iteration cannot fail or mutate)
    const e = (x as STuple).elems;
    if (e.length > n) throw new StarlarkError(`too many values to unpack (got ${e.length}, want ${n})`);
    if (e.length < n) throw new StarlarkError(`too few values to unpack (got ${e.length}, want ${n})`);
    // A tuple's elements never change; a list is copied, as the assignments that follow
    // may store into it (`l[1], l[0] = l`).
    return kind === K_TUPLE ? e : e.slice();
  }
  const it = typeof x === "object" && x !== null ? x.iterate() : undefined;
  if (it === undefined) throw new StarlarkError(`got ${typeName(x)} in sequence assignment`);
  const out: Value[] = [];
  try {
    let v: Value | undefined;
    while (out.length < n && (v = it.next()) !== undefined) out.push(v);
    if (it.next() !== undefined) {
      // NB: Len may be -1 for iterables of unknown length, as in Go.
      const len = (x as { len(): number }).len();
      throw new StarlarkError(`too many values to unpack (got ${len}, want ${n})`);
    }
  } finally {
    it.done();
  }
  if (out.length < n) throw new StarlarkError(`too few values to unpack (got ${out.length}, want ${n})`);
  return out;
}
