// The fixed head of every compiled program: runtime functions bound to plain local names
// (QuickJS reports a plain identifier call's position at its `(`, but a method call such
// as `$rt.binary(...)` at the start of the statement, so fallible operations must be
// called through these aliases), and small helpers for operations the contract leaves to
// the compiler (unbound-variable errors, dict literals, in-place `+=`/`|=`, load).
// Helper frames have no entry in the position table, so backtraces skip them and the
// error is reported at the call site, as go.starlark.net reports it.

export const PRELUDE = String.raw`"use strict";
const $binary = $rt.binary, $unary = $rt.unary, $truth = $rt.truth;
const $getIndex = $rt.getIndex, $setIndex = $rt.setIndex, $slice = $rt.slice;
const $getAttr = $rt.getAttr, $setField = $rt.setField;
const $iterate = $rt.iterate, $unpack = $rt.unpack, $call = $rt.call;
const $call1 = $rt.call1 || ((f, a) => $call(f, [a], null));
const $percent = $rt.percent || ((f, a) => $binary("%", f, a));
const $callMethod = $rt.callMethod || ((x, name, args, kwargs) => $call($getAttr(x, name), args, kwargs));
const $makeFunction = $rt.makeFunction, $list = $rt.list, $tuple = $rt.tuple, $dict = $rt.dict;
const $U = $rt.universe, $MANDATORY = $rt.MANDATORY;
// Dicts for the inline fast paths of d[k] and d.get(k) (their hash table's get cannot fail
// for string and int keys), and dict literals with distinct constant keys.
const $KD = $rt.K_DICT !== undefined ? $rt.K_DICT : -1;
// Tuples, for the inline fast path of unpacking (a tuple of the right length).
const $KT = $rt.K_TUPLE !== undefined ? $rt.K_TUPLE : -1;
// Lists, for the inline fast path of l.append(x) on a mutable list.
const $KL = $rt.K_LIST !== undefined ? $rt.K_LIST : -1;
// Ranges, for the for loop's dispatch (see codegen forLoop).
const $KR = $rt.K_RANGE !== undefined ? $rt.K_RANGE : -1;
const $dictOfEntries = $rt.dictOfEntries || function (ents) {
  const flat = [];
  for (let i = 0; i < ents.length; i += 3) flat.push(ents[i], ents[i + 2]);
  return $dict(flat);
};
// Classes the generated loops recognise to iterate inline (see codegen forLoop).
const $SList = $rt.SList || class {}, $STuple = $rt.STuple || class {}, $SRange = $rt.SRange || class {};
const $Err = $rt.StarlarkError || Error;
function $fail(msg) { throw new $Err(msg); }
function $ugl(name) { $fail("global variable " + name + " referenced before assignment"); }
function $ulc(name) { $fail("local variable " + name + " referenced before assignment"); }
function $upd(name) { $fail("internal error: predeclared variable " + name + " is uninitialized"); }
function $typeOf(x) { return $call($U.type, [x], null); }
function $len(x) { return $call($U.len, [x], null); }
// {k: v, ...}: SETDICTUNIQ, failing on a repeated key.
const $dictEntry = $rt.dictEntry || function (d, k, v) {
  const n = $len(d);
  $setIndex(d, k, v);
  if ($len(d) === n) $fail("duplicate key: " + $call($U.repr, [k], null));
};
const $iterableTypes = { list: 1, tuple: 1, dict: 1, set: 1, range: 1 };
// x += y: a list x is extended in place (aliasing), as go.starlark.net's INPLACE_ADD.
function $inplaceAdd(x, y) {
  if ($rt.inplaceAdd) return $rt.inplaceAdd(x, y);
  if (x !== null && typeof x === "object" && $typeOf(x) === "list" && $iterableTypes[$typeOf(y)] === 1) {
    if (x.frozen) $fail("cannot apply += to frozen list");
    if (x.itercount > 0) $fail("cannot apply += to list during iteration");
    const items = [];
    const it = $iterate(y);
    try { let v; while ((v = it.next()) !== undefined) items.push(v); } finally { it.done(); }
    for (const v of items) x.elems.push(v);
    return x;
  }
  return $binary("+", x, y);
}
// x |= y: a dict x is updated in place, as INPLACE_PIPE.
function $inplacePipe(x, y) {
  if ($rt.inplacePipe) return $rt.inplacePipe(x, y);
  if (x !== null && typeof x === "object" && $typeOf(x) === "dict" && y !== null && typeof y === "object" && $typeOf(y) === "dict") {
    if (x.frozen) $fail("cannot apply |= to frozen hash table");
    if (x.itercount > 0) $fail("cannot apply |= to hash table during iteration");
    $call($getAttr(x, "update"), [y], null);
    return x;
  }
  return $binary("|", x, y);
}
function $loadModule(name) {
  if (typeof $env.load !== "function") $fail("load not implemented by this application");
  return $env.load(name);
}
function $noLoader(name) { $fail("load not implemented by this application"); }
function $loadName(mod, modName, name) {
  if (!Object.prototype.hasOwnProperty.call(mod, name)) {
    const n = $nearest(name, Object.keys(mod).sort());
    $fail("load: name " + name + " not found in module " + modName + (n !== "" ? " (did you mean " + n + "?)" : ""));
  }
  return mod[name];
}
// go.starlark.net/internal/spell.Nearest, quirks included.
function $nearest(x, candidates) {
  const fold = (s) => s.replace(/_/g, "").toLowerCase();
  x = fold(x);
  let best = "", bestD = Math.floor((x.length + 1) / 2);
  for (const c of candidates) {
    const d = $levenshtein(x, fold(c), bestD);
    if (d < bestD) { bestD = d; best = c; }
  }
  return best;
}
function $levenshtein(x, y, max) {
  if (x.length > y.length) { const t = x; x = y; y = t; }
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) { x = x.slice(i); y = y.slice(i); break; }
  }
  if (x === "") return y.length;
  if (Math.abs(x.length - y.length) > max) return Math.abs(x.length - y.length);
  const row = [];
  for (let j = 0; j <= y.length; j++) row.push(j);
  for (let i = 1; i <= x.length; i++) {
    row[0] = i;
    let best = i, prev = i - 1;
    for (let j = 1; j <= y.length; j++) {
      const k = Math.min(prev + (x[i - 1] !== y[j - 1] ? 1 : 0), 1 + row[j - 1], 1 + row[j]);
      prev = row[j];
      row[j] = k;
      best = Math.min(best, k);
    }
    if (best > max) return best;
  }
  return row[y.length];
}
`;
