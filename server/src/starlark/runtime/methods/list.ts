// Methods of Starlark lists (go.starlark.net library.go listMethods). Mutators check
// List.checkMutable first, so a frozen list or one being iterated reports e.g.
// "append: cannot append to frozen list" / "... list during iteration".

import { SList, StarlarkError, type Value } from "../values";
import { checkPositional, positionalArg, toInt, toIterable } from "../unpack";
import { equal, iterateValue } from "../builtins/core-bridge";
import { indices } from "./indices";
import type { MethodTable } from "./method-types";
import { withName } from "./name-err";

/** List.checkMutable, reported as "name: cannot <verb> ..." (nameErr). */
function checkMutable(name: string, list: SList, verb: string): void {
  if (list.frozen || list.itercount > 0) withName(name, () => list.checkMutable(verb));
}

/** eval.go listExtend: append the elements of an iterable (a list directly). */
export function listExtend(list: SList, iterable: Value): void {
  if (iterable instanceof SList) {
    const src = iterable.elems;
    const dst = list.elems;
    const n = src.length; // fixed first: l.extend(l) doubles l once
    for (let i = 0; i < n; i++) dst.push(src[i]);
    return;
  }
  const it = iterateValue(iterable)!;
  try {
    for (let v = it.next(); v !== undefined; v = it.next()) list.elems.push(v);
  } finally {
    it.done();
  }
}

/** outOfRange (eval.go). i is the index as given (a bigint beyond 2^53 prints exactly). */
function outOfRange(i: number | bigint, n: number): string {
  return n === 0 ? `index ${i} out of range: empty list` : `list index ${i} out of range [${-n}:${n - 1}]`;
}

export const LIST_METHODS: MethodTable = {
  /** list_append */
  append(recv, args, kwargs) {
    if (args.length !== 1 || (kwargs && kwargs.length > 0)) checkPositional("append", args, kwargs, 1, 1);
    const list = recv as SList;
    checkMutable("append", list, "append to");
    list.elems.push(args[0]);
    return null;
  },

  /** list_clear */
  clear(recv, args, kwargs) {
    checkPositional("clear", args, kwargs, 0, 0);
    const list = recv as SList;
    checkMutable("clear", list, "clear");
    list.elems.length = 0;
    return null;
  },

  /** list_extend */
  extend(recv, args, kwargs) {
    checkPositional("extend", args, kwargs, 1, 1);
    const iterable = positionalArg("extend", args, 0, toIterable);
    const list = recv as SList;
    checkMutable("extend", list, "extend");
    listExtend(list, iterable);
    return null;
  },

  /** list_index */
  index(recv, args, kwargs) {
    checkPositional("index", args, kwargs, 1, 3);
    const list = recv as SList;
    const [start, end] = withName("index", () => indices(args[1], args[2], list.elems.length));
    const value = args[0];
    const found = withName("index", () => {
      for (let i = start; i < end; i++) if (equal(list.elems[i], value)) return i;
      return -1;
    });
    if (found < 0) throw new StarlarkError("index: value not in list");
    return found;
  },

  /** list_insert */
  insert(recv, args, kwargs) {
    checkPositional("insert", args, kwargs, 2, 2);
    let index = positionalArg("insert", args, 0, toInt);
    const list = recv as SList;
    checkMutable("insert", list, "insert into");
    const n = list.elems.length;
    if (index < 0) index += n;
    if (index >= n) list.elems.push(args[1]);
    else list.elems.splice(index < 0 ? 0 : index, 0, args[1]);
    return null;
  },

  /** list_pop */
  pop(recv, args, kwargs) {
    const list = recv as SList;
    const n = list.elems.length;
    let i = n - 1;
    if (args.length !== 0 || (kwargs && kwargs.length > 0)) {
      checkPositional("pop", args, kwargs, 0, 1);
      i = positionalArg("pop", args, 0, toInt);
    }
    const origI = args.length > 0 ? (args[0] as number | bigint) : i;
    if (i < 0) i += n;
    if (i < 0 || i >= n) throw new StarlarkError(`pop: ${outOfRange(origI, n)}`);
    checkMutable("pop", list, "pop from");
    if (i === n - 1) return list.elems.pop()!;
    return list.elems.splice(i, 1)[0];
  },

  /** list_remove */
  remove(recv, args, kwargs) {
    checkPositional("remove", args, kwargs, 1, 1);
    const list = recv as SList;
    checkMutable("remove", list, "remove from");
    const elems = list.elems;
    const found = withName("remove", () => {
      for (let i = 0; i < elems.length; i++) if (equal(elems[i], args[0])) return i;
      return -1;
    });
    if (found < 0) throw new StarlarkError("remove: element not found");
    elems.splice(found, 1);
    return null;
  },
};
