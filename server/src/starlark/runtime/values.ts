// Starlark values inside the sandbox (see CONTRACT.md for the representation). Primitive
// Starlark values are plain JS values; everything else is an instance of a class extending
// SValue, whose methods form the optional "interfaces" of go.starlark.net's value.go
// (Iterable, Indexable, Sliceable, Mapping, HasAttrs, Comparable ...). Library types
// (e.g. string.elems) extend SValue and implement the methods they need; the operators in
// ops.ts / access.ts dispatch on them.

import { StarlarkError } from "./errors";
import { HashTable } from "./hashtable";

/** A Starlark value: None=null, bool, int (safe-integer number or normalised bigint),
 *  string (byte string), or an SValue. */
export type Value = null | boolean | number | bigint | string | SValue;

/** A primitive JS value identifying a hashable Starlark value up to Starlark equality
 *  (1 and 1.0 share a key; True and 1 do not). Byte strings map to themselves; composite
 *  and non-string keys are strings whose first char is >= U+0100, so they never collide
 *  with a byte string. */
export type HashKey = null | boolean | number | bigint | string;

export { StarlarkError } from "./errors";

/** HasAttrs.Attr / HasSetField.SetField's "no such field" error: getAttr and setField add
 *  a spelling hint to its message (go.starlark.net's NoSuchAttrError). */
export class NoSuchAttrError extends StarlarkError {
  constructor(message: string) {
    super(message);
    this.name = "NoSuchAttrError";
  }
}

/** Throw a StarlarkError (usable in expressions). */
export function fail(message: string): never {
  throw new StarlarkError(message);
}

/** An iterator over a Starlark iterable. `done()` must always be called (it releases the
 *  mutation lock of lists, dicts and sets). `next()` returns undefined when exhausted. */
export interface Iterator {
  next(): Value | undefined;
  done(): void;
}

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** Base of every non-primitive Starlark value. Subclasses override what applies to them;
 *  the `undefined` returns mean "not supported", as a missing Go interface would. */
export abstract class SValue {
  /** Which built-in class this is (the K_* constants, K_OTHER for library and host
   *  types), set on each prototype: the operators' fast paths test it instead of
   *  `instanceof`, which walks the prototype chain (several times slower in QuickJS). */
  declare kind: number;
  /** Starlark type name, as `type(x)` reports it. */
  abstract type(): string;
  /** Starlark truth value (Value.Truth). */
  truth(): boolean {
    return true;
  }
  /** Deep freeze (Value.Freeze). */
  freeze(): void {}
  /** The hash key (Value.Hash); throws the type's "unhashable" error if not hashable. */
  hashKey(): HashKey {
    throw new StarlarkError(`unhashable type: ${this.type()}`);
  }
  /** repr(x) (Value.String). `path` holds the containers being printed (cycle check). */
  repr(_path?: SValue[]): string {
    return `<${this.type()}>`;
  }
  /** Iterable.Iterate, or undefined when not iterable. */
  iterate(): Iterator | undefined {
    return undefined;
  }
  /** Sequence/Indexable length, or -1 when the value has none. */
  len(): number {
    return -1;
  }
  /** Indexable.Index(i), 0 <= i < len(). Only valid when `indexable` is true. */
  index(_i: number): Value {
    throw new StarlarkError(`unhandled index operation ${this.type()}`);
  }
  /** Whether index()/len() provide random access (Indexable). */
  get indexable(): boolean {
    return false;
  }
  /** Sliceable.Slice(start, end, step) with indices already clamped by the caller, or
   *  undefined when not sliceable. */
  slice(_start: number, _end: number, _step: number): Value | undefined {
    return undefined;
  }
  /** Mapping.Get: the value for key k, or undefined when absent. Throws for unhashable k.
   *  Only called when `isMapping` is true. */
  getKey(_k: Value): Value | undefined {
    return undefined;
  }
  get isMapping(): boolean {
    return false;
  }
  /** HasAttrs.Attr: the field or bound method `name`, or undefined when absent. */
  attr(_name: string): Value | undefined {
    return undefined;
  }
  /** HasAttrs.AttrNames, sorted as dir() reports them; undefined when the type has no
   *  attributes. */
  attrNames(): string[] | undefined {
    return undefined;
  }
  /** Comparable.CompareSameType (y has the same type()), or undefined to fall back to
   *  identity comparison. */
  compareSameType(_op: CompareOp, _y: SValue, _depth: number): boolean | undefined {
    return undefined;
  }
  /** HasBinary.Binary: `this op y` (or `y op this` when `right`), undefined if unhandled.
   *  Declared optional so the operators can skip the call for types that lack it. */
  binaryOp?(op: string, y: Value, right: boolean): Value | undefined;
  /** HasUnary.Unary (op is "-", "+" or "~"), undefined if unhandled. */
  unaryOp?(op: string): Value | undefined;
  /** HasSetKey.SetKey (x[k] = v) for mapping types other than dict. */
  setKey?(k: Value, v: Value): void;
  /** HasSetField.SetField (x.f = v). */
  setField?(name: string, v: Value): void;
  /** Callable.CallInternal for library-defined callables. */
  callInternal?(args: Value[], kwargs: [string, Value][]): Value;
}

export const K_OTHER = 0;
export const K_FLOAT = 1;
export const K_BYTES = 2;
export const K_LIST = 3;
export const K_TUPLE = 4;
export const K_DICT = 5;
export const K_SET = 6;
export const K_RANGE = 7;
export const K_FUNCTION = 8;
export const K_BUILTIN = 9;
export const K_HOST = 10;
SValue.prototype.kind = K_OTHER;

// ---- identity hashing ------------------------------------------------------------------

let nextIdentity = 0;
const identities = new WeakMap<object, number>();

/** Key of a value compared by identity (functions, builtins: no CompareSameType in Go). */
export function identityKey(o: object): HashKey {
  let id = identities.get(o);
  if (id === undefined) identities.set(o, (id = nextIdentity++));
  return "\u0103" + id;
}

// ---- float -----------------------------------------------------------------------------

export class SFloat extends SValue {
  declare readonly v: number;
  constructor(v: number) {
    super();
    this.v = v;
  }
  type(): string {
    return "float";
  }
  override truth(): boolean {
    return this.v !== 0;
  }
  override hashKey(): HashKey {
    return floatHashKey(this.v);
  }
}

/** The hash key of a float: integral values share the key of the equal int. */
export function floatHashKey(f: number): HashKey {
  if (Number.isInteger(f)) {
    if (Number.isSafeInteger(f)) return f + 0; // + 0 turns -0 into 0
    return BigInt(f);
  }
  // NaN (all NaNs are equal in go.starlark.net's total float order), ±Inf, fractions.
  return "\u0100" + String(f);
}

// ---- bytes -----------------------------------------------------------------------------

export class SBytes extends SValue {
  declare readonly s: string;
  constructor(s: string) {
    super();
    this.s = s;
  }
  type(): string {
    return "bytes";
  }
  override truth(): boolean {
    return this.s.length > 0;
  }
  override hashKey(): HashKey {
    return "\u0101" + this.s;
  }
  override len(): number {
    return this.s.length;
  }
  override get indexable(): boolean {
    return true;
  }
  override index(i: number): Value {
    return new SBytes(this.s[i]);
  }
  override slice(start: number, end: number, step: number): Value {
    return new SBytes(sliceString(this.s, start, end, step));
  }
}

/** String.Slice / Bytes.Slice with clamped indices. */
export function sliceString(s: string, start: number, end: number, step: number): string {
  if (step === 1) return s.slice(start, end);
  let out = "";
  if (step > 0) for (let i = start; i < end; i += step) out += s[i];
  else for (let i = start; i > end; i += step) out += s[i];
  return out;
}

/** Slice of an array with clamped indices (List.Slice / Tuple.Slice). */
export function sliceArray(a: Value[], start: number, end: number, step: number): Value[] {
  if (step === 1) return a.slice(start, end);
  const out: Value[] = [];
  if (step > 0) for (let i = start; i < end; i += step) out.push(a[i]);
  else for (let i = start; i > end; i += step) out.push(a[i]);
  return out;
}

// ---- list ------------------------------------------------------------------------------

// (Declared without `extends`, as STuple is: see there.)
export interface SList extends SValue {}

export class SList {
  declare elems: Value[];
  /** false and 0 (LIST_DEFAULTS below) until the list is frozen or iterated. */
  declare frozen: boolean;
  /** Number of active iterators (ignored when frozen). */
  declare itercount: number;
  constructor(elems: Value[]) {
    this.elems = elems;
  }
  type(): string {
    return "list";
  }
  truth(): boolean {
    return this.elems.length > 0;
  }
  freeze(): void {
    if (!this.frozen) {
      this.frozen = true;
      for (const e of this.elems) freeze(e);
    }
  }
  /** List.checkMutable: `verb + " list"` describes the operation, e.g. "append to". */
  checkMutable(verb: string): void {
    if (this.frozen) throw new StarlarkError(`cannot ${verb} frozen list`);
    if (this.itercount > 0) throw new StarlarkError(`cannot ${verb} list during iteration`);
  }
  hashKey(): HashKey {
    throw new StarlarkError("unhashable type: list");
  }
  len(): number {
    return this.elems.length;
  }
  get indexable(): boolean {
    return true;
  }
  index(i: number): Value {
    return this.elems[i];
  }
  slice(start: number, end: number, step: number): Value {
    return new SList(sliceArray(this.elems, start, end, step));
  }
  iterate(): Iterator {
    return new ListIterator(this);
  }
  /** List.Append. */
  append(v: Value): void {
    this.checkMutable("append to");
    this.elems.push(v);
  }
}
Object.setPrototypeOf(SList.prototype, SValue.prototype);
// A new list assigns one property: `frozen` and `itercount` start as the prototype's, and
// become the list's own when first changed. In QuickJS each property of a new object costs
// ~0.15 us and the third reallocates its property array, while a property found on the
// prototype reads as fast as an own one; lists are made by the thousand (split(), list
// literals and comprehensions, sorted()). (Assigned, not declared in the class: the type's
// fields are not on the prototype.)
const LIST_DEFAULTS: Pick<SList, "frozen" | "itercount"> = SList.prototype;
LIST_DEFAULTS.frozen = false;
LIST_DEFAULTS.itercount = 0;

class ListIterator implements Iterator {
  declare private i: number;
  declare private readonly frozen: boolean;
  declare private readonly l: SList;
  constructor(l: SList) {
    this.l = l;
    this.i = 0;
    this.frozen = l.frozen;
    if (!l.frozen) l.itercount++;
  }
  next(): Value | undefined {
    const e = this.l.elems;
    return this.i < e.length ? e[this.i++] : undefined;
  }
  done(): void {
    if (!this.frozen) this.l.itercount--;
  }
}

// ---- tuple -----------------------------------------------------------------------------

// SList, STuple and SDict are SValues whose constructors skip the base-class constructor:
// a derived class must call super(), and in QuickJS each level of that costs ~0.15 us, as
// much as the rest of making a tuple; lists, tuples and dicts are made by the thousand
// (split(), sort keys, dict.items(), records). The class is declared without `extends`,
// the interface of the same name gives it SValue's type, and its prototype is chained to
// SValue's below it (instanceof SValue, kind and the inherited methods work as for the
// other classes).
export interface STuple extends SValue {}

export class STuple {
  declare readonly elems: Value[];
  constructor(elems: Value[]) {
    this.elems = elems;
  }
  type(): string {
    return "tuple";
  }
  truth(): boolean {
    return this.elems.length > 0;
  }
  freeze(): void {
    for (const e of this.elems) freeze(e);
  }
  /** Whether go.starlark.net's Equal of this tuple and an equal one fails: sliceCompare
   *  compares every element pair (they are all equal), each one level deeper, and
   *  CompareDepth refuses a pair at depth 0, i.e. any value COMPARE_LIMIT tuples down. */
  equalExceedsLimit(): boolean {
    return holdsValueAtLevel(this, COMPARE_LIMIT);
  }
  hashKey(): HashKey {
    // An injective encoding of the element keys; the leading U+0102 keeps it apart from
    // byte strings and other composite keys.
    let s = "\u0102(";
    for (const e of this.elems) {
      if (e instanceof STuple) return nestedTupleKey(this);
      s += encodeKey(hashKey(e)) + ",";
    }
    return s + ")";
  }
  len(): number {
    return this.elems.length;
  }
  get indexable(): boolean {
    return true;
  }
  index(i: number): Value {
    return this.elems[i];
  }
  slice(start: number, end: number, step: number): Value {
    return new STuple(sliceArray(this.elems, start, end, step));
  }
  iterate(): Iterator {
    return new ArrayIterator(this.elems);
  }
}
Object.setPrototypeOf(STuple.prototype, SValue.prototype);

export const EMPTY_TUPLE = new STuple([]);

/** go.starlark.net's CompareLimit: recursive comparisons fail this many levels down. */
export const COMPARE_LIMIT = 10;

/** Whether some value sits `level` tuples below `t` (its elements are level 1). Recursive:
 *  bounded by COMPARE_LIMIT levels. */
function holdsValueAtLevel(t: STuple, level: number): boolean {
  if (level === 1) return t.elems.length > 0;
  for (const e of t.elems) if (e instanceof STuple && holdsValueAtLevel(e, level - 1)) return true;
  return false;
}

/** Iterator over an immutable array (tuple elements, snapshots). */
export class ArrayIterator implements Iterator {
  declare private i: number;
  declare private readonly a: readonly Value[];
  constructor(a: readonly Value[]) {
    this.a = a;
    this.i = 0;
  }
  next(): Value | undefined {
    return this.i < this.a.length ? this.a[this.i++] : undefined;
  }
  done(): void {}
}

/** A hash key as a self-delimiting string, for composite keys. */
/** The hash key of a tuple that holds tuples: the same string as the recursive
 *  definition (STuple.hashKey), built with an explicit stack, because go.starlark.net hashes
 *  tuples nested 100,000 deep and recursion here would overflow the sandbox's stack. An
 *  inner tuple's key is a string, encoded as "s<length>:<key>": its length is filled in
 *  when the inner tuple is done. Elements are visited in the recursive order, so the first
 *  unhashable one raises the same error. */
function nestedTupleKey(t: STuple): string {
  const parts: string[] = ["\u0102("];
  let length = 2;
  // One frame per open tuple: the tuple, the next element, where its "s<length>:" goes
  // (-1 for the outermost) and the key's length before it started.
  const stack: { t: STuple; i: number; slot: number; start: number }[] = [{ t, i: 0, slot: -1, start: 0 }];
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.i < f.t.elems.length) {
      const e = f.t.elems[f.i++];
      if (e instanceof STuple) {
        parts.push("", "\u0102(");
        stack.push({ t: e, i: 0, slot: parts.length - 2, start: length });
        length += 2;
        continue;
      }
      const k = encodeKey(hashKey(e)) + ",";
      parts.push(k);
      length += k.length;
      continue;
    }
    parts.push(")");
    length += 1;
    stack.pop();
    if (f.slot >= 0) {
      const head = "s" + (length - f.start) + ":";
      parts[f.slot] = head;
      parts.push(",");
      length += head.length + 1;
    }
  }
  return parts.join("");
}

function encodeKey(k: HashKey): string {
  switch (typeof k) {
    case "string":
      return "s" + k.length + ":" + k;
    case "number":
    case "bigint":
      return "n" + k;
    case "boolean":
      return k ? "T" : "F";
    default:
      return "N";
  }
}

// ---- dict and set ------------------------------------------------------------------------

/** What dict and set share: a hash table (size, freezing, iteration); both are unhashable,
 *  with the base class's `unhashable type: <type>` error. */
abstract class SHashTableValue extends SValue {
  declare readonly ht: HashTable;
  override truth(): boolean {
    return this.ht.size > 0;
  }
  override freeze(): void {
    this.ht.freeze();
  }
  override len(): number {
    return this.ht.size;
  }
  override iterate(): Iterator {
    return this.ht.iterate();
  }
}

// (Declared without `extends`, as STuple is: see there.)
export interface SDict extends SHashTableValue {}

export class SDict {
  declare readonly ht: HashTable;
  /** `ents`: see HashTable's constructor. */
  constructor(ents?: unknown[]) {
    this.ht = new HashTable(ents);
  }
  type(): string {
    return "dict";
  }
  get isMapping(): boolean {
    return true;
  }
  /** Dict.Get: the value, or undefined when absent; throws for unhashable keys. */
  getKey(k: Value): Value | undefined {
    return this.ht.get(k);
  }
  /** Dict.SetKey. */
  setKey(k: Value, v: Value): void {
    this.ht.insert(k, v);
  }
  /** Dict.Delete: the removed value, or undefined when absent. */
  delete(k: Value): Value | undefined {
    return this.ht.delete(k);
  }
  clear(): void {
    this.ht.clear();
  }
  keys(): Value[] {
    return this.ht.keys();
  }
  /** [k, v] pairs in insertion order. */
  items(): [Value, Value][] {
    return this.ht.items();
  }
}
Object.setPrototypeOf(SDict.prototype, SHashTableValue.prototype);

export class SSet extends SHashTableValue {
  declare readonly ht: HashTable;
  constructor() {
    super();
    this.ht = new HashTable();
  }
  type(): string {
    return "set";
  }
  has(k: Value): boolean {
    return this.ht.get(k) !== undefined;
  }
  insert(k: Value): void {
    this.ht.insert(k, null);
  }
  /** Set.Delete: whether k was present. */
  delete(k: Value): boolean {
    return this.ht.delete(k) !== undefined;
  }
  clear(): void {
    this.ht.clear();
  }
  elems(): Value[] {
    return this.ht.keys();
  }
}

// ---- range -------------------------------------------------------------------------------

export class SRange extends SValue {
  declare readonly start: number;
  declare readonly stop: number;
  declare readonly step: number;
  declare readonly length: number;
  constructor(start: number, stop: number, step: number) {
    super();
    this.start = start;
    this.stop = stop;
    this.step = step;
    this.length = rangeLen(start, stop, step);
  }
  type(): string {
    return "range";
  }
  override truth(): boolean {
    return this.length > 0;
  }
  override hashKey(): HashKey {
    throw new StarlarkError("unhashable: range");
  }
  override len(): number {
    return this.length;
  }
  override get indexable(): boolean {
    return true;
  }
  override index(i: number): Value {
    return this.start + i * this.step;
  }
  override slice(start: number, end: number, step: number): Value {
    // rangeValue.Slice
    return new SRange(this.start + this.step * start, this.start + this.step * end, this.step * step);
  }
  override iterate(): Iterator {
    return new RangeIterator(this);
  }
  override repr(): string {
    if (this.step !== 1) return `range(${this.start}, ${this.stop}, ${this.step})`;
    if (this.start !== 0) return `range(${this.start}, ${this.stop})`;
    return `range(${this.stop})`;
  }
  override compareSameType(op: CompareOp, y: SValue, _depth: number): boolean {
    const eq = rangeEqual(this, y as SRange);
    if (op === "==") return eq;
    if (op === "!=") return !eq;
    throw new StarlarkError(`range ${op} range not implemented`);
  }
  /** rangeValue.contains (x already known to be an int). */
  contains(x: number | bigint): boolean {
    if (typeof x !== "number" || x < -0x80000000 || x > 0x7fffffff) return false; // AsInt32
    const delta = x - this.start;
    const quo = Math.trunc(delta / this.step);
    const rem = delta % this.step;
    return rem === 0 && 0 <= quo && quo < this.length;
  }
}

/** rangeLen (library.go); step != 0. */
export function rangeLen(start: number, stop: number, step: number): number {
  if (step > 0) return stop > start ? Math.trunc((stop - 1 - start) / step) + 1 : 0;
  return start > stop ? Math.trunc((start - 1 - stop) / -step) + 1 : 0;
}

function rangeEqual(x: SRange, y: SRange): boolean {
  if (x.length !== y.length) return false;
  if (x.length === 0) return true;
  if (x.start !== y.start) return false;
  return x.length === 1 || x.step === y.step;
}

class RangeIterator implements Iterator {
  declare private i: number;
  declare private readonly n: number;
  declare private readonly start: number;
  declare private readonly step: number;
  constructor(r: SRange) {
    this.i = 0;
    this.n = r.length;
    this.start = r.start;
    this.step = r.step;
  }
  next(): Value | undefined {
    const i = this.i;
    if (i >= this.n) return undefined;
    this.i = i + 1;
    return this.start + i * this.step;
  }
  done(): void {}
}

// ---- functions -------------------------------------------------------------------------

/** A mutable variable shared between a function and its closures. */
export interface Cell {
  v: Value | undefined;
}

/** What the compiler knows about a def/lambda (CONTRACT.md, makeFunction). */
export interface FunctionDesc {
  name: string;
  /** "file:line:col" of the def/lambda. */
  pos: string;
  /** Parameter names: positional, keyword-only, then *args, then **kwargs. */
  params: string[];
  /** Number of named parameters (positional + keyword-only, excluding *args/**kwargs). */
  numParams: number;
  numKwonly: number;
  hasVarargs: boolean;
  hasKwargs: boolean;
  /** Called with the bound parameters (see CONTRACT.md) and `this` = the SFunction. */
  impl: (...locals: Value[]) => Value;
  doc?: string;
  /** Set by the runtime (makeFunction): the shared record of this def/lambda's code (the
   *  compiler may create a fresh desc per evaluation of a closure), and, when exactly
   *  numParams positional arguments bind without setArgs (no *args, **kwargs or
   *  keyword-only parameters), numParams, else -1. */
  code?: FunctionCode;
  fixed?: number;
}

/** Identity of a def/lambda body (go.starlark.net's Funcode), shared by all function
 *  values made from it; `active` counts its calls in progress (the recursion check). */
export interface FunctionCode {
  active: number;
}

/** Marks a required parameter in `defaults` (go.starlark.net's `mandatory`). */
export const MANDATORY: unique symbol = Symbol("mandatory");

export class SFunction extends SValue {
  declare readonly desc: FunctionDesc;
  /** Defaults of the parameters from the first optional one on (MANDATORY for the
   *  required keyword-only ones after it), as go.starlark.net's Function.defaults. */
  declare readonly defaults: (Value | typeof MANDATORY)[];
  declare readonly freevars: Cell[];
  constructor(desc: FunctionDesc, defaults: (Value | typeof MANDATORY)[], freevars: Cell[]) {
    super();
    this.desc = desc;
    this.defaults = defaults;
    this.freevars = freevars;
  }
  get name(): string {
    return this.desc.name;
  }
  type(): string {
    return "function";
  }
  override freeze(): void {
    for (const d of this.defaults) if (d !== MANDATORY) freeze(d);
    for (const c of this.freevars) if (c.v !== undefined) freeze(c.v);
  }
  override hashKey(): HashKey {
    return identityKey(this);
  }
  override repr(): string {
    return `<function ${this.desc.name}>`;
  }
}

/** A function implemented in JS: a universe builtin, a bound method (recv set), or a host
 *  function. `fn` receives the positional args and the keyword args as [name, value]. */
export type BuiltinImpl = ((
  this: SBuiltin,
  args: Value[],
  kwargs: [string, Value][],
) => Value) & {
  /** Answer tables for calls with exactly one keyword argument, a string, and nothing else,
   *  by keyword (compiled `f(name="s")` reads them without calling anything). */
  keywordTables?: Record<string, KeywordTable>;
};

/** A builtin's answers to `f(name=s)` by the string s: the call's result where the table has
 *  one, else (absent key, or a value that is not a string) the call goes the ordinary way.
 *  Compiled code looks any value up as it is (a type test costs as much as the lookup in
 *  QuickJS), so a key must be no other value's JS property key: filled through
 *  setKeywordAnswer only.
 *  Only results of calls with no output and no side effect belong here, so that reading the
 *  table is the call; errors and their positions stay the ordinary call's. Prototype-less
 *  (Object.create(null): no inherited key answers) and the same object for the builtin's
 *  life, kept current by its owner. Why a table and not a function: in QuickJS a call costs
 *  about as much as everything else in a candidate loop's `get_instances_count(location=…)`. */
export type KeywordTable = Record<string, Value>;

/** Whether a string may be a KeywordTable key: no value that is not a string has it as its JS
 *  property key. Those keys are an int's decimal digits, "true", "false", "null" (True, False,
 *  None) and "[object Object]" (every other value is an object of a class of this runtime,
 *  none of which converts itself otherwise: keyword-table.test.ts checks each type). */
export function isKeywordTableKey(s: string): boolean {
  return !/^-?[0-9]+$/.test(s) && s !== "true" && s !== "false" && s !== "null" && s !== "[object Object]";
}

/** Records a keyword table's answer for `key` (none for a key a non-string could look up:
 *  that call takes the ordinary way). */
export function setKeywordAnswer(table: KeywordTable, key: string, v: Value): void {
  if (isKeywordTableKey(key)) table[key] = v;
}

/** The property of an SBuiltin holding its keyword table for a name (SBuiltin constructor;
 *  compile/codegen.ts emits reads of it). */
export const KEYWORD_TABLE = "$kt_";

export class SBuiltin extends SValue {
  declare readonly name: string;
  declare readonly fn: BuiltinImpl;
  /** The receiver of a bound method ("".startswith), else undefined. */
  declare readonly recv?: Value;
  constructor(name: string, fn: BuiltinImpl, recv?: Value) {
    super();
    this.name = name;
    this.fn = fn;
    this.recv = recv;
    const tables = fn.keywordTables;
    if (tables !== undefined && recv === undefined) {
      const self = this as unknown as Record<string, KeywordTable>;
      for (const k of Object.keys(tables)) self[KEYWORD_TABLE + k] = tables[k];
    }
  }
  type(): string {
    return "builtin_function_or_method";
  }
  override freeze(): void {
    if (this.recv !== undefined) freeze(this.recv);
  }
  override hashKey(): HashKey {
    // Builtins compare by identity (no CompareSameType in Go).
    return identityKey(this);
  }
  override repr(): string {
    if (this.recv !== undefined) return `<built-in method ${this.name} of ${typeName(this.recv)} value>`;
    return `<built-in function ${this.name}>`;
  }
  /** BindReceiver. */
  bind(recv: Value): SBuiltin {
    return new SBuiltin(this.name, this.fn, recv);
  }
}

// ---- host objects ------------------------------------------------------------------------

/** An object handed over by the host (CONTRACT.md): read-only attributes, unhashable,
 *  always true; `missing` is the message template for an unknown attribute ("%s" = name). */
/** Field positions by name (and the field count) of the first object of each host
 *  type whose attributes were read, null for a type whose first list repeats a name (then
 *  a position is not the first occurrence). Objects of one type have one field list
 *  (Incus marshals a Go struct; Go has no repeated names), so attr() trusts a position
 *  where the object has as many fields and the name is there; a host that gives one type
 *  lists of the same length in different orders, with a name repeated, could tell. */
interface FieldIndex {
  n: number;
  at: Record<string, number>;
}
const FIELD_INDEX: Record<string, FieldIndex | null> = Object.create(null);

function fieldIndex(typeName: string, fields: [string, Value][]): FieldIndex | undefined {
  let ix = FIELD_INDEX[typeName];
  if (ix === undefined) {
    const at = Object.create(null) as Record<string, number>;
    let repeated = false;
    for (let i = 0; i < fields.length; i++) {
      if (fields[i][0] in at) repeated = true;
      else at[fields[i][0]] = i;
    }
    FIELD_INDEX[typeName] = ix = repeated ? null : { n: fields.length, at };
  }
  return ix === null ? undefined : ix;
}

/** Attribute slots, the fast path of compiled `x.f` (compile/codegen.ts): a host object
 *  may hold the value of its attribute f in the property ATTR_SLOT + f, own or inherited,
 *  once that value can no longer change (the same value, or the same mutable object, on
 *  every lookup). Compiled code reads the slot and calls getAttr only when there is none;
 *  the owners of shared host-object prototypes fill them (access.ts fillAttrSlot, called
 *  by host-copies.ts for the immutable fields of interned objects' copies). Objects of the types whose attributes are their built-in
 *  methods (registry.ts ATTR_TYPES) never get slots. */
export const ATTR_SLOT = "$a_";

export class SHostObject extends SValue {
  declare readonly typeName: string;
  /** Fields in their declared order. */
  declare readonly fields: [string, Value][];
  declare readonly dirQuoted: boolean;
  declare readonly missing?: string;
  /** The host's "cannot hash" message ("%s" = the type name), e.g. Incus's `Unhashable type %s`. */
  declare readonly unhashable?: string;
  constructor(typeName: string, fields: [string, Value][], dirQuoted = false, missing?: string, unhashable?: string) {
    super();
    this.typeName = typeName;
    this.fields = fields;
    this.dirQuoted = dirQuoted;
    this.missing = missing;
    this.unhashable = unhashable;
  }
  override hashKey(): HashKey {
    if (this.unhashable !== undefined) throw new StarlarkError(this.unhashable.replace("%s", this.typeName));
    return super.hashKey();
  }
  type(): string {
    return this.typeName;
  }
  override freeze(): void {
    for (const f of this.fields) freeze(f[1]);
  }
  override attr(name: string): Value | undefined {
    const fs = this.fields;
    // Where the field usually is in objects of this type (scanning the list costs ~0.1 us
    // per field in QuickJS); trusted only where the name is found there.
    const ix = fieldIndex(this.typeName, fs);
    if (ix !== undefined && fs.length === ix.n) {
      const i = ix.at[name];
      if (i !== undefined && fs[i][0] === name) return fs[i][1];
    }
    for (let i = 0; i < fs.length; i++) if (fs[i][0] === name) return fs[i][1];
    return undefined;
  }
  override attrNames(): string[] {
    const names = this.fields.map((f) => f[0]);
    return this.dirQuoted ? names.map((n) => `"${n}"`) : names;
  }
}

// ---- helpers the library needs -------------------------------------------------------------

/** Type name of any value (Value.Type()). */
export function typeName(v: Value): string {
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "int";
    case "boolean":
      return "bool";
    case "object":
      return v === null ? "NoneType" : v.type();
  }
  return "<invalid " + typeof v + ">";
}

/** Whether v is a Starlark int. */
export function isInt(v: Value): v is number | bigint {
  return typeof v === "number" || typeof v === "bigint";
}

/** Normalise a bigint: a safe integer becomes a number (CONTRACT.md). */
export function normBig(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

/** Value.Hash as a key (see HashKey); throws `unhashable type: T` for unhashable values. */
export function hashKey(v: Value): HashKey {
  if (typeof v === "object" && v !== null) return v.hashKey();
  return v;
}

/** Value.Freeze. */
export function freeze(v: Value): void {
  if (typeof v === "object" && v !== null) v.freeze();
}

/** Value.Truth. */
export function truth(v: Value): boolean {
  switch (typeof v) {
    case "boolean":
      return v;
    case "string":
      return v.length > 0;
    case "number":
      return v !== 0;
    case "bigint":
      return true; // normalised bigints are never zero
    case "object":
      return v !== null && v.truth();
  }
  return false;
}

/** Len: the length of a string or sequence, -1 for others. */
export function len(v: Value): number {
  if (typeof v === "string") return v.length;
  if (typeof v === "object" && v !== null) return v.len();
  return -1;
}

SFloat.prototype.kind = K_FLOAT;
SBytes.prototype.kind = K_BYTES;
SList.prototype.kind = K_LIST;
STuple.prototype.kind = K_TUPLE;
SDict.prototype.kind = K_DICT;
SSet.prototype.kind = K_SET;
SRange.prototype.kind = K_RANGE;
SFunction.prototype.kind = K_FUNCTION;
SBuiltin.prototype.kind = K_BUILTIN;
SHostObject.prototype.kind = K_HOST;
