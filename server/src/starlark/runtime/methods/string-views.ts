// The iterable views returned by "s".elems(), .elem_ords(), .codepoints(),
// .codepoint_ords() and b"s".elems() (go.starlark.net value.go stringElems and
// stringCodepoints, library.go bytesIterable). They are values of their own types
// ("string.elems", "string.codepoints", "bytes.elems"), unhashable and always true.

import { SBytes, SValue, StarlarkError, type CompareOp, type HashKey, type Iterator, type Value } from "../values";
import { repr } from "../builtins/core-bridge";
import { decodeRune, runeWidth, RUNE_ERROR } from "./utf8";

/** stringElems: the bytes of s, as 1-byte strings or (ords) ints; indexable. */
// (Fields are declared and assigned in constructors: esbuild lowers parameter properties
// and field initialisers to __publicField calls, which are slow in QuickJS.)
export class StringElems extends SValue {
  declare readonly s: string;
  declare readonly ords: boolean;
  constructor(s: string, ords: boolean) {
    super();
    this.s = s;
    this.ords = ords;
  }
  type(): string {
    return "string.elems";
  }
  /** Go compares these struct values field by field (==/!= on a type without
   *  CompareSameType falls back to Go's ==, which is by value for structs). */
  override compareSameType(op: CompareOp, y: SValue): boolean | undefined {
    if (op !== "==" && op !== "!=") return undefined;
    const o = y as this;
    const same = o.s === this.s && o.ords === this.ords;
    return op === "==" ? same : !same;
  }

  override hashKey(): HashKey {
    throw new StarlarkError("unhashable: string.elems");
  }
  override repr(): string {
    return repr(this.s) + (this.ords ? ".elem_ords()" : ".elems()");
  }
  override len(): number {
    return this.s.length;
  }
  override get indexable(): boolean {
    return true;
  }
  override index(i: number): Value {
    return this.ords ? this.s.charCodeAt(i) : this.s[i];
  }
  override iterate(): Iterator {
    return new StringElemsIterator(this.s, this.ords);
  }
}

class StringElemsIterator implements Iterator {
  declare private i: number;
  declare private readonly s: string;
  declare private readonly ords: boolean;
  constructor(s: string, ords: boolean) {
    this.i = 0;
    this.s = s;
    this.ords = ords;
  }
  next(): Value | undefined {
    if (this.i >= this.s.length) return undefined;
    const i = this.i++;
    return this.ords ? this.s.charCodeAt(i) : this.s[i];
  }
  done(): void {}
}

/** stringCodepoints: the runes of s, as substrings or (ords) ints; not indexable. An
 *  invalid byte yields U+FFFD (encoded, or as the int 0xFFFD). */
export class StringCodepoints extends SValue {
  declare readonly s: string;
  declare readonly ords: boolean;
  constructor(s: string, ords: boolean) {
    super();
    this.s = s;
    this.ords = ords;
  }
  type(): string {
    return "string.codepoints";
  }
  /** Go compares these struct values field by field (==/!= on a type without
   *  CompareSameType falls back to Go's ==, which is by value for structs). */
  override compareSameType(op: CompareOp, y: SValue): boolean | undefined {
    if (op !== "==" && op !== "!=") return undefined;
    const o = y as this;
    const same = o.s === this.s && o.ords === this.ords;
    return op === "==" ? same : !same;
  }

  override hashKey(): HashKey {
    throw new StarlarkError("unhashable: string.codepoints");
  }
  override repr(): string {
    return repr(this.s) + (this.ords ? ".codepoint_ords()" : ".codepoints()");
  }
  override iterate(): Iterator {
    return new StringCodepointsIterator(this.s, this.ords);
  }
}

class StringCodepointsIterator implements Iterator {
  declare private i: number;
  declare private readonly s: string;
  declare private readonly ords: boolean;
  constructor(s: string, ords: boolean) {
    this.i = 0;
    this.s = s;
    this.ords = ords;
  }
  next(): Value | undefined {
    const s = this.s;
    const i = this.i;
    if (i >= s.length) return undefined;
    const r = decodeRune(s, i);
    const sz = runeWidth;
    this.i = i + sz;
    if (this.ords) return r;
    // Go yields String(r) for RuneError, so an invalid byte becomes "\uFFFD".
    return r === RUNE_ERROR ? "\xef\xbf\xbd" : s.substr(i, sz);
  }
  done(): void {}
}

/** bytesIterable: the bytes of b as ints; neither indexable nor of known length. */
export class BytesElems extends SValue {
  declare readonly b: string;
  constructor(b: string) {
    super();
    this.b = b;
  }
  type(): string {
    return "bytes.elems";
  }
  /** Go compares these struct values field by field (==/!= on a type without
   *  CompareSameType falls back to Go's ==, which is by value for structs). */
  override compareSameType(op: CompareOp, y: SValue): boolean | undefined {
    if (op !== "==" && op !== "!=") return undefined;
    const o = y as this;
    const same = o.b === this.b;
    return op === "==" ? same : !same;
  }

  override hashKey(): HashKey {
    throw new StarlarkError("unhashable: bytes.elems");
  }
  override repr(): string {
    return repr(new SBytes(this.b)) + ".elems()";
  }
  override iterate(): Iterator {
    return new StringElemsIterator(this.b, true);
  }
}
