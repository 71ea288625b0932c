// Methods of Starlark dicts (go.starlark.net library.go dictMethods) and updateDict, shared
// with the dict() builtin. Hash-table errors keep Go's wording: "pop: cannot delete from
// frozen hash table", "get: unhashable type: list", and dict.clear's unprefixed one.

import { SDict, STuple, SList, StarlarkError, type Value } from "../values";
import { checkPositional, type Kwargs } from "../unpack";
import { describeType, iterateValue, repr } from "../builtins/core-bridge";
import type { MethodTable } from "./method-types";
import { withName } from "./name-err";

/** updateDict (library.go): merge a mapping or an iterable of pairs, then the kwargs.
 *  Precondition: updates.length <= 1. Errors are unprefixed; callers add "dict: " etc. */
export function updateDict(dict: SDict, updates: readonly Value[], kwargs: Kwargs): void {
  if (updates.length === 1) {
    const u = updates[0];
    if (u instanceof SDict) {
      // Iterate over the dict's key/value pairs, not just its keys.
      for (const [k, v] of u.items()) dict.setKey(k, v);
    } else {
      const it = iterateValue(u);
      if (it === undefined) throw new StarlarkError(`got ${describeType(u)}, want iterable`);
      try {
        let i = 0;
        for (let pair = it.next(); pair !== undefined; pair = it.next(), i++) {
          if (pair instanceof STuple || pair instanceof SList) {
            // the usual case: a 2-tuple or 2-list
            if (pair.elems.length !== 2) {
              throw new StarlarkError(
                `dictionary update sequence element #${i} has length ${pair.elems.length}, want 2`,
              );
            }
            dict.setKey(pair.elems[0], pair.elems[1]);
            continue;
          }
          const it2 = iterateValue(pair);
          if (it2 === undefined) {
            throw new StarlarkError(`dictionary update sequence element #${i} is not iterable (${describeType(pair)})`);
          }
          try {
            const n = (pair as { len(): number }).len();
            if (n < 0) {
              throw new StarlarkError(
                `dictionary update sequence element #${i} has unknown length (${describeType(pair)})`,
              );
            }
            if (n !== 2) {
              throw new StarlarkError(`dictionary update sequence element #${i} has length ${n}, want 2`);
            }
            const k = it2.next()!;
            const v = it2.next()!;
            dict.setKey(k, v);
          } finally {
            it2.done();
          }
        }
      } finally {
        it.done();
      }
    }
  }

  // Then add the kwargs.
  if (!kwargs || kwargs.length === 0) return;
  const before = dict.len();
  for (const [k, v] of kwargs) dict.setKey(k, v);
  // Each kwarg normally adds an entry; if not, check whether a keyword was repeated.
  if (dict.len() < before + kwargs.length) {
    const seen = new Set<string>();
    for (const [k] of kwargs) {
      if (seen.has(k)) throw new StarlarkError(`duplicate keyword arg: ${repr(k)}`);
      seen.add(k);
    }
  }
}

export const DICT_METHODS: MethodTable = {
  /** dict_clear: its error (frozen, iterating) has no "clear: " prefix in Go. */
  clear(recv, args, kwargs) {
    checkPositional("clear", args, kwargs, 0, 0);
    (recv as SDict).clear();
    return null;
  },

  /** dict_get */
  get(recv, args, kwargs) {
    if (args.length < 1 || args.length > 2 || (kwargs && kwargs.length > 0)) {
      checkPositional("get", args, kwargs, 1, 2);
    }
    const d = recv as SDict;
    let v: Value | undefined;
    try {
      v = d.getKey(args[0]);
    } catch (e) {
      throw withPrefix("get", e);
    }
    if (v !== undefined) return v;
    return args.length > 1 ? args[1] : null;
  },

  /** dict_items */
  items(recv, args, kwargs) {
    if (args.length !== 0 || (kwargs && kwargs.length > 0)) checkPositional("items", args, kwargs, 0, 0);
    return new SList((recv as SDict).ht.pairs<Value>(STuple));
  },

  /** dict_keys */
  keys(recv, args, kwargs) {
    if (args.length !== 0 || (kwargs && kwargs.length > 0)) checkPositional("keys", args, kwargs, 0, 0);
    return new SList((recv as SDict).keys());
  },

  /** dict_pop */
  pop(recv, args, kwargs) {
    checkPositional("pop", args, kwargs, 1, 2);
    const v = withName("pop", () => (recv as SDict).delete(args[0]));
    if (v !== undefined) return v;
    if (args.length > 1) return args[1];
    throw new StarlarkError("pop: missing key");
  },

  /** dict_popitem */
  popitem(recv, args, kwargs) {
    checkPositional("popitem", args, kwargs, 0, 0);
    const d = recv as SDict;
    const first = d.ht.first();
    if (first === undefined) throw new StarlarkError("popitem: empty dict");
    const k = first[0];
    const v = withName("popitem", () => d.delete(k));
    return new STuple([k, v!]);
  },

  /** dict_setdefault */
  setdefault(recv, args, kwargs) {
    checkPositional("setdefault", args, kwargs, 1, 2);
    const d = recv as SDict;
    const key = args[0];
    const dflt = args.length > 1 ? args[1] : null;
    return withName("setdefault", () => {
      const v = d.getKey(key);
      if (v !== undefined) return v;
      d.setKey(key, dflt);
      return dflt;
    });
  },

  /** dict_update */
  update(recv, args, kwargs) {
    if (args.length > 1) throw new StarlarkError(`update: got ${args.length} arguments, want at most 1`);
    withName("update", () => updateDict(recv as SDict, args, kwargs));
    return null;
  },

  /** dict_values */
  values(recv, args, kwargs) {
    if (args.length !== 0 || (kwargs && kwargs.length > 0)) checkPositional("values", args, kwargs, 0, 0);
    return new SList((recv as SDict).ht.values());
  },
};

function withPrefix(name: string, e: unknown): unknown {
  return e instanceof StarlarkError ? new StarlarkError(`${name}: ${e.message}`) : e;
}
