// Methods of Starlark sets (go.starlark.net library.go setMethods, and the Set operations
// of value.go they call). Errors are prefixed with the method name (nameErr), e.g.
// "add: cannot insert into frozen hash table", "remove: missing key".

import { semantics } from "../semantics";
import { SSet, StarlarkError, hashKey, type HashKey, type Iterator, type Value } from "../values";
import { checkPositional, positionalArg, toIterable } from "../unpack";
import { iterateValue } from "../builtins/core-bridge";
import type { MethodImpl, MethodTable } from "./method-types";
import { withName } from "./name-err";

/** Set.clone: a new, unfrozen set with the same elements. */
function clone(s: SSet): SSet {
  const out = new SSet();
  for (const k of s.elems()) out.insert(k);
  return out;
}

/** The methods taking one iterable (difference, intersection, issubset, issuperset,
 *  symmetric_difference, union): unpack it, iterate it, apply op, prefix errors. */
function withOther(name: string, op: (s: SSet, other: Iterator) => Value): MethodImpl {
  return (recv, args, kwargs) => {
    checkPositional(name, args, kwargs, 0, 1);
    if (args.length === 0) {
      // go.starlark.net dereferences a nil iterable here and panics; report it instead.
      throw new StarlarkError(`${name}: got 0 arguments, want 1`);
    }
    const other = positionalArg(name, args, 0, toIterable);
    const it = iterateValue(other)!;
    try {
      return withName(name, () => op(recv as SSet, it));
    } finally {
      it.done();
    }
  };
}

/** Set.Union */
function union(s: SSet, it: Iterator): Value {
  const set = clone(s);
  for (let x = it.next(); x !== undefined; x = it.next()) set.insert(x);
  return set;
}

/** Set.Difference */
function difference(s: SSet, it: Iterator): Value {
  const diff = clone(s);
  for (let x = it.next(); x !== undefined; x = it.next()) diff.delete(x);
  return diff;
}

/** Set.Intersection */
function intersection(s: SSet, it: Iterator): Value {
  const out = new SSet();
  for (let x = it.next(); x !== undefined; x = it.next()) if (s.has(x)) out.insert(x);
  return out;
}

/** Set.SymmetricDifference */
function symmetricDifference(s: SSet, it: Iterator): Value {
  const diff = clone(s);
  for (let x = it.next(); x !== undefined; x = it.next()) if (!diff.delete(x)) diff.insert(x);
  return diff;
}

/** Set.IsSuperset */
function isSuperset(s: SSet, it: Iterator): Value {
  for (let x = it.next(); x !== undefined; x = it.next()) if (!s.has(x)) return false;
  return true;
}

/** Set.IsSubset via hashtable.count: the number of distinct elements of the iterable that
 *  are in s equals len(s). Like Go, stops pulling elements once all have been seen. */
function isSubset(s: SSet, it: Iterator): Value {
  const n = s.len();
  const seen = new Set<HashKey>();
  for (let x = seen.size !== n ? it.next() : undefined; x !== undefined; x = seen.size !== n ? it.next() : undefined) {
    const k = hashKey(x);
    if (s.has(x)) seen.add(k);
  }
  return seen.size === n;
}

export const SET_METHODS: MethodTable = {
  /** set_add */
  add(recv, args, kwargs) {
    checkPositional("add", args, kwargs, 1, 1);
    const s = recv as SSet;
    withName("add", () => {
      // Newer go.starlark.net refuses even adding a present element (semantics.ts).
      if (semantics.setMutationChecksIteration) s.ht.checkMutable("insert into");
      if (!s.has(args[0])) s.insert(args[0]);
    });
    return null;
  },

  /** set_clear */
  clear(recv, args, kwargs) {
    checkPositional("clear", args, kwargs, 0, 0);
    const s = recv as SSet;
    if (s.len() > 0) withName("clear", () => s.clear());
    return null;
  },

  difference: withOther("difference", difference),

  /** set_discard */
  discard(recv, args, kwargs) {
    checkPositional("discard", args, kwargs, 1, 1);
    const s = recv as SSet;
    withName("discard", () => {
      if (semantics.setMutationChecksIteration) s.ht.checkMutable("delete from");
      if (s.has(args[0])) s.delete(args[0]);
    });
    return null;
  },

  intersection: withOther("intersection", intersection),
  issubset: withOther("issubset", isSubset),
  issuperset: withOther("issuperset", isSuperset),

  /** set_pop */
  pop(recv, args, kwargs) {
    checkPositional("pop", args, kwargs, 0, 0);
    const s = recv as SSet;
    const first = s.ht.first();
    if (first === undefined) throw new StarlarkError("pop: empty set");
    withName("pop", () => s.delete(first[0]));
    return first[0];
  },

  /** set_remove */
  remove(recv, args, kwargs) {
    checkPositional("remove", args, kwargs, 1, 1);
    const s = recv as SSet;
    if (withName("remove", () => s.delete(args[0]))) return null;
    throw new StarlarkError("remove: missing key");
  },

  symmetric_difference: withOther("symmetric_difference", symmetricDifference),
  union: withOther("union", union),
};
