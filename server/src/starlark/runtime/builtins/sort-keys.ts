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
// then 0x01 and the key's position in two chars.

import { K_TUPLE, STuple, type Value } from "../values";

/** Thrown when some key is outside the encodable shapes. */
const GIVE_UP = { giveUp: true };

/** Whether s holds a char the encoding uses as a separator (two indexOf scans cost half a
 *  regular expression's in QuickJS). */
function hasSeparator(s: string): boolean {
  return s.indexOf("\x00") >= 0 || s.indexOf("\x01") >= 0;
}

/** The encoding of a non-negative int below 2^14 minus its last char. */
const SMALL_INT_PREFIX = String.fromCharCode(3, 2, 2, 2);
/** A tuple element's separator, then SMALL_INT_PREFIX. */
const SEP_SMALL_INT_PREFIX = "\x01" + SMALL_INT_PREFIX;

// Strings made by String.fromCharCode, kept: in QuickJS each call costs ~0.2 us, as much as
// the rest of a key's encoding. Both tables are filled densely from 0 (a sparse array is
// slow there) and live as long as the runtime.

/** SUFFIXES[pos]: 0x01 then pos in two chars, ending a composite key (tie-break by position,
 *  and where the sorted value comes from). */
const SUFFIXES: string[] = [];

function suffixesUpTo(n: number): string[] {
  for (let pos = SUFFIXES.length; pos < n; pos++) SUFFIXES.push(String.fromCharCode(1, pos >>> 16, pos & 0xffff));
  return SUFFIXES;
}

/** SMALL_INT_ELEMS[v]: a tuple element separator then the encoding of v, for 0 <= v <
 *  SMALL_INT_ELEMS.length. */
const SMALL_INT_ELEMS: string[] = [];
/** How far SMALL_INT_ELEMS grows (1,024 strings: what filling it costs stays small). */
const SMALL_INT_CACHED = 1024;

function smallIntElem(v: number): string {
  if (v < SMALL_INT_ELEMS.length) return SMALL_INT_ELEMS[v];
  if (v >= SMALL_INT_CACHED) return SEP_SMALL_INT_PREFIX + String.fromCharCode(v + 2);
  for (let x = SMALL_INT_ELEMS.length; x <= v; x++) SMALL_INT_ELEMS.push(SEP_SMALL_INT_PREFIX + String.fromCharCode(x + 2));
  return SMALL_INT_ELEMS[v];
}

/** Shape kinds: what every key has at one position (numbers: a string comparison costs
 *  more in QuickJS). */
const UNSET = 0;
const INT = 1;
const STRING = 2;
const TUPLE = 3;

/** What the keys have at one position: its kind, and a tuple's element shapes. */
interface EncShape {
  kind: number;
  elems: EncShape[];
}

function newShape(): EncShape {
  return { kind: UNSET, elems: [] };
}

/** Encodes v, whose shape must agree with `shape` (set from the first key). The strings it
 *  encodes go to `strs`, tested for the separators once at the end: a regular-expression
 *  test per string costs about 0.4 us in QuickJS, one over their concatenation a few ns
 *  per char. */
function encode(v: Value, shape: EncShape, depth: number, strs: string[]): string {
  if (typeof v === "number") {
    if (shape.kind !== INT) {
      if (shape.kind !== UNSET) throw GIVE_UP;
      shape.kind = INT;
    }
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
    if (shape.kind !== STRING) {
      if (shape.kind !== UNSET) throw GIVE_UP;
      shape.kind = STRING;
    }
    strs.push(v);
    return v + "\x01";
  }
  if (typeof v === "object" && v !== null && v.kind === K_TUPLE && depth > 0) {
    if (shape.kind !== TUPLE) {
      if (shape.kind !== UNSET) throw GIVE_UP;
      shape.kind = TUPLE;
    }
    return encodeTuple((v as STuple).elems, shape.elems, depth - 1, strs);
  }
  throw GIVE_UP;
}

/** A tuple's encoding: 0x01 before each element, then 0x00; `elems` holds the element
 *  shapes (grown as longer tuples come). */
function encodeTuple(t: readonly Value[], elems: EncShape[], depth: number, strs: string[]): string {
  let out = "";
  for (let i = 0; i < t.length; i++) {
    if (elems.length === i) elems.push(newShape());
    const x = t[i];
    const es = elems[i];
    // Small ints and strings inline (the same encoding as encode's).
    if (typeof x === "number" && x >= 0 && x < 16384 && es.kind === INT) out += x < SMALL_INT_ELEMS.length ? SMALL_INT_ELEMS[x] : smallIntElem(x);
    else if (typeof x === "string" && es.kind === STRING) {
      strs.push(x);
      out += "\x01" + x + "\x01";
    } else out += "\x01" + encode(x, es, depth, strs);
  }
  return out + "\x00";
}

/** Sorts values in place by keys (stable; descending but still stable when reverse), or
 *  returns false, leaving values untouched, when the keys are not all encodable. */
export function sortByEncodedKeys(values: Value[], keys: readonly Value[], reverse: boolean): boolean {
  const n = values.length;
  const shape = newShape();
  const composite: string[] = new Array(n);
  const suffixes = suffixesUpTo(n);
  try {
    // Ties break by original position; for reverse, sort by descending position and
    // reverse the whole result, which restores ascending positions among equal keys.
    let i = 0;
    // All-string keys (the commonest case) without the generic encoder.
    for (; i < n; i++) {
      const k = keys[i];
      if (typeof k !== "string") break;
      const pos = reverse ? n - 1 - i : i;
      composite[i] = k + suffixes[pos];
    }
    if (i === n) {
      if (hasSeparator(keys.join(""))) return false;
    } else {
      const strs: string[] = [];
      if (i > 0) {
        shape.kind = STRING;
        for (let j = 0; j < i; j++) strs.push(keys[j] as string);
      }
      for (; i < n; i++) {
        const pos = reverse ? n - 1 - i : i;
        const k = keys[i];
        // Tuples (the usual `(m["load"], m["name"])`) without the call to encode.
        const c =
          shape.kind === TUPLE && typeof k === "object" && k !== null && k.kind === K_TUPLE
            ? encodeTuple((k as STuple).elems, shape.elems, 7, strs)
            : encode(k, shape, 8, strs);
        composite[i] = c + suffixes[pos];
      }
      if (strs.length > 0 && hasSeparator(strs.join(""))) return false;
    }
  } catch (e) {
    if (e === GIVE_UP) return false;
    throw e;
  }
  composite.sort();
  const sorted: Value[] = new Array(n);
  if (n <= 65536 && !reverse) {
    // Positions fit the last char (each charCodeAt is a call).
    for (let k = 0; k < n; k++) {
      const c = composite[k];
      sorted[k] = values[c.charCodeAt(c.length - 1)];
    }
  } else {
    for (let k = 0; k < n; k++) {
      const c = composite[k];
      const pos = c.charCodeAt(c.length - 2) * 65536 + c.charCodeAt(c.length - 1);
      sorted[k] = values[reverse ? n - 1 - pos : pos];
    }
  }
  if (reverse) sorted.reverse();
  for (let k = 0; k < n; k++) values[k] = sorted[k];
  return true;
}

/** Whether every key is an int, a string, or a tuple of such, with the same kind at each
 *  position: then no two keys are incomparable (Compare cannot fail), whatever pairs a
 *  sort algorithm happens to compare. */
export function uniformKeys(keys: readonly Value[]): boolean {
  const shape = newShape();
  for (const k of keys) if (!fits(k, shape, 8)) return false;
  return true;
}

function fits(v: Value, shape: EncShape, depth: number): boolean {
  const kind = typeof v === "number" || typeof v === "bigint" ? INT : typeof v === "string" ? STRING : v instanceof STuple && depth > 0 ? TUPLE : UNSET;
  if (kind === UNSET) return false;
  if (shape.kind === UNSET) shape.kind = kind;
  else if (shape.kind !== kind) return false;
  if (kind !== TUPLE) return true;
  const elems = shape.elems;
  const t = (v as STuple).elems;
  for (let i = 0; i < t.length; i++) {
    if (elems.length === i) elems.push(newShape());
    if (!fits(t[i], elems[i], depth - 1)) return false;
  }
  return true;
}
