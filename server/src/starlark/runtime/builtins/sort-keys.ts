// A fast path for sorted(): when the sort keys are safe ints, strings, or tuples of such
// with the same kind at each position (the usual `key=lambda m: (m["load"], m["name"])`),
// no comparison can fail, so the stable order is unique and equals what Go's sort.Stable
// produces. Each key is then encoded as a JS string whose code-unit order is the Starlark
// order, and the engine's comparator-free sort (a C loop in QuickJS, instead of one JS
// callback per comparison) does the work.
//
// Encoding (prefix-free, so that an index suffix can break ties):
//   int     a sign char, then 4 chars of 14 bits each + 2 (fixed width)
//   string  its bytes (all >= 0x02, else we give up) then 0x01
//   tuple   0x01 before each element, then 0x00 (shorter tuples sort first)

import { K_TUPLE, STuple, type Value } from "../values";

/** Thrown when some key is outside the encodable shapes. */
const GIVE_UP = { giveUp: true };

const SEP_OR_LOW = /[\x00\x01]/;

/** The encoding of a non-negative int below 2^14 minus its last char. */
const SMALL_INT_PREFIX = String.fromCharCode(3, 2, 2, 2);
/** A tuple element's separator, then SMALL_INT_PREFIX. */
const SEP_SMALL_INT_PREFIX = "\x01" + SMALL_INT_PREFIX;

interface Shape {
  kind?: "int" | "string" | "tuple";
  elems?: Shape[];
}

function encode(v: Value, shape: Shape, depth: number): string {
  if (typeof v === "number") {
    if (shape.kind === undefined) shape.kind = "int";
    else if (shape.kind !== "int") throw GIVE_UP;
    // Common case: a small non-negative int (the high chunks are all zero).
    if (v >= 0 && v < 16384) return SMALL_INT_PREFIX + String.fromCharCode(v + 2);
    // A sign char, then 53 bits of magnitude (negatives offset by 2^53 - 1 so that they
    // order correctly); all exact in doubles.
    const neg = v < 0;
    let u = neg ? v + 9007199254740991 : v;
    const c0 = u % 16384;
    u = (u - c0) / 16384;
    const c1 = u % 16384;
    u = (u - c1) / 16384;
    const c2 = u % 16384;
    const c3 = (u - c2) / 16384;
    return String.fromCharCode(neg ? 2 : 3, c3 + 2, c2 + 2, c1 + 2, c0 + 2);
  }
  if (typeof v === "string") {
    if (shape.kind === undefined) shape.kind = "string";
    else if (shape.kind !== "string") throw GIVE_UP;
    if (SEP_OR_LOW.test(v)) throw GIVE_UP;
    return v + "\x01";
  }
  if (typeof v === "object" && v !== null && v.kind === K_TUPLE && depth > 0) {
    if (shape.kind === undefined) {
      shape.kind = "tuple";
      shape.elems = [];
    } else if (shape.kind !== "tuple") throw GIVE_UP;
    const elems = shape.elems!;
    const t = (v as STuple).elems;
    let out = "";
    for (let i = 0; i < t.length; i++) {
      if (elems.length === i) elems.push({});
      const x = t[i];
      const es = elems[i];
      // Small ints and strings inline (the same encoding as encode's).
      if (typeof x === "number" && x >= 0 && x < 16384 && es.kind === "int") out += SEP_SMALL_INT_PREFIX + String.fromCharCode(x + 2);
      else if (typeof x === "string" && es.kind === "string") {
        if (SEP_OR_LOW.test(x)) throw GIVE_UP;
        out += "\x01" + x + "\x01";
      } else out += "\x01" + encode(x, es, depth - 1);
    }
    return out + "\x00";
  }
  throw GIVE_UP;
}

/** Sorts values in place by keys (stable; descending but still stable when reverse), or
 *  returns false, leaving values untouched, when the keys are not all encodable. */
export function sortByEncodedKeys(values: Value[], keys: readonly Value[], reverse: boolean): boolean {
  const n = values.length;
  const shape: Shape = {};
  const composite: string[] = new Array(n);
  try {
    // Ties break by original position; for reverse, sort by descending position and
    // reverse the whole result, which restores ascending positions among equal keys.
    let i = 0;
    // All-string keys (the commonest case) without the generic encoder.
    for (; i < n; i++) {
      const k = keys[i];
      if (typeof k !== "string") break;
      if (SEP_OR_LOW.test(k)) throw GIVE_UP;
      const pos = reverse ? n - 1 - i : i;
      composite[i] = k + String.fromCharCode(1, pos >>> 16, pos & 0xffff);
    }
    if (i > 0) shape.kind = "string";
    for (; i < n; i++) {
      const pos = reverse ? n - 1 - i : i;
      composite[i] = encode(keys[i], shape, 8) + String.fromCharCode(pos >>> 16, pos & 0xffff);
    }
  } catch (e) {
    if (e === GIVE_UP) return false;
    throw e;
  }
  composite.sort();
  const sorted: Value[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const c = composite[k];
    const pos = c.charCodeAt(c.length - 2) * 65536 + c.charCodeAt(c.length - 1);
    sorted[k] = values[reverse ? n - 1 - pos : pos];
  }
  if (reverse) sorted.reverse();
  for (let k = 0; k < n; k++) values[k] = sorted[k];
  return true;
}

/** Whether every key is an int, a string, or a tuple of such, with the same kind at each
 *  position: then no two keys are incomparable (Compare cannot fail), whatever pairs a
 *  sort algorithm happens to compare. */
export function uniformKeys(keys: readonly Value[]): boolean {
  const shape: Shape = {};
  for (const k of keys) if (!fits(k, shape, 8)) return false;
  return true;
}

function fits(v: Value, shape: Shape, depth: number): boolean {
  const kind = typeof v === "number" || typeof v === "bigint" ? "int" : typeof v === "string" ? "string" : v instanceof STuple && depth > 0 ? "tuple" : undefined;
  if (kind === undefined) return false;
  if (shape.kind === undefined) {
    shape.kind = kind;
    if (kind === "tuple") shape.elems = [];
  } else if (shape.kind !== kind) return false;
  if (kind !== "tuple") return true;
  const elems = shape.elems!;
  const t = (v as STuple).elems;
  for (let i = 0; i < t.length; i++) {
    if (elems.length === i) elems.push({});
    if (!fits(t[i], elems[i], depth - 1)) return false;
  }
  return true;
}
