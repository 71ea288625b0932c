// Methods of Starlark strings (go.starlark.net library.go stringMethods). Receivers and
// results are byte strings (CONTRACT.md); argument errors follow UnpackPositionalArgs.
// split, join, format, startswith, strip, replace are on hot paths: their common cases
// avoid the generic unpacking.

import { SList, STuple, StarlarkError, type Value } from "../values";
import {
  checkPositional,
  positionalArg,
  toBool,
  toInt,
  toIterable,
  toStr,
  type Kwargs,
} from "../unpack";
import { describeType, iterateValue } from "../builtins/core-bridge";
import { indices } from "./indices";
import { withName } from "./name-err";
import type { MethodImpl, MethodTable } from "./method-types";
import {
  capitalize,
  isalnum,
  isalpha,
  isdigit,
  islower,
  isspace,
  istitle,
  isupper,
  lower,
  title,
  upper,
} from "./string-case";
import { format } from "./string-format";
import {
  count,
  fields,
  replace,
  rsplitSpace,
  splitN,
  splitSpace,
  trimLeftCutset,
  trimLeftSpace,
  trimRightCutset,
  trimRightSpace,
} from "./string-ops";
import { StringCodepoints, StringElems } from "./string-views";
import { isASCII } from "./utf8";

const hasKw = (kwargs: Kwargs): boolean => kwargs != null && kwargs.length > 0;

/** A method taking no arguments that maps the receiver through f. */
function nullary(name: string, f: (s: string) => Value): MethodImpl {
  return (recv, args, kwargs) => {
    if (args.length !== 0 || (kwargs != null && kwargs.length > 0)) checkPositional(name, args, kwargs, 0, 0);
    return f(recv as string);
  };
}

/** lower/upper, with the all-ASCII case inline (the common case on hot paths). */
function caseMapper(name: string, f: (s: string) => string, up: boolean): MethodImpl {
  return (recv, args, kwargs) => {
    if (args.length !== 0 || (kwargs != null && kwargs.length > 0)) checkPositional(name, args, kwargs, 0, 0);
    const s = recv as string;
    if (isASCII(s)) return up ? s.toUpperCase() : s.toLowerCase();
    return f(s);
  };
}

/** string_iterable: elems, elem_ords, codepoints, codepoint_ords. */
function iterable(name: string): MethodImpl {
  const ords = name.endsWith("_ords");
  const codepoints = name.startsWith("codepoint");
  return nullary(name, (s) => (codepoints ? new StringCodepoints(s, ords) : new StringElems(s, ords)));
}

/** string_count. */
function stringCount(recv: Value, args: Value[], kwargs: Kwargs): Value {
  checkPositional("count", args, kwargs, 1, 3);
  const sub = positionalArg("count", args, 0, toStr);
  const s = recv as string;
  const [start, end] = withName("count", () => indices(args[1], args[2], s.length));
  return count(start < end ? s.slice(start, end) : "", sub);
}

/** string_find_impl: find, rfind, index, rindex. */
function finder(name: string, allowError: boolean, last: boolean): MethodImpl {
  return (recv, args, kwargs) => {
    checkPositional(name, args, kwargs, 1, 3);
    const sub = positionalArg(name, args, 0, toStr);
    const s = recv as string;
    let start = 0;
    let end = s.length;
    if (args.length > 1) [start, end] = withName(name, () => indices(args[1], args[2], s.length));
    const slice = start < end ? (start === 0 && end === s.length ? s : s.slice(start, end)) : "";
    const i = last ? slice.lastIndexOf(sub) : slice.indexOf(sub);
    if (i < 0) {
      if (!allowError) throw new StarlarkError(`${name}: substring not found`);
      return -1;
    }
    return i + start;
  };
}

/** string_startswith: startswith and endswith. */
function startsEnds(name: string): MethodImpl {
  const ends = name[0] === "e";
  return (recv, args, kwargs) => {
    let s = recv as string;
    const x = args[0];
    if (args.length !== 1 || hasKw(kwargs)) {
      checkPositional(name, args, kwargs, 1, 3);
      const [start, end] = withName(name, () => indices(args[1] ?? null, args[2] ?? null, s.length));
      s = s.slice(start, end < start ? start : end);
    }
    if (typeof x === "string") return ends ? s.endsWith(x) : s.startsWith(x);
    if (x instanceof STuple) {
      for (let i = 0; i < x.elems.length; i++) {
        const p = x.elems[i];
        if (typeof p !== "string") {
          throw new StarlarkError(`${name}: want string, got ${describeType(p)}, for element ${i}`);
        }
        if (ends ? s.endsWith(p) : s.startsWith(p)) return true;
      }
      return false;
    }
    throw new StarlarkError(`${name}: got ${describeType(x)}, want string or tuple of string`);
  };
}

/** string_strip: strip, lstrip, rstrip. */
function stripper(name: string): MethodImpl {
  const left = name[0] !== "r";
  const right = name[0] !== "l";
  return (recv, args, kwargs) => {
    let chars = "";
    if (args.length !== 0 || hasKw(kwargs)) {
      checkPositional(name, args, kwargs, 0, 1);
      chars = positionalArg(name, args, 0, toStr);
    }
    let s = recv as string;
    if (chars !== "") {
      if (right) s = trimRightCutset(s, chars);
      if (left) s = trimLeftCutset(s, chars);
    } else {
      if (right) s = trimRightSpace(s);
      if (left) s = trimLeftSpace(s);
    }
    return s;
  };
}

/** string_partition: partition and rpartition. */
function partitioner(name: string): MethodImpl {
  const forward = name[0] === "p";
  return (recv, args, kwargs) => {
    checkPositional(name, args, kwargs, 1, 1);
    const sep = positionalArg(name, args, 0, toStr);
    if (sep === "") throw new StarlarkError(`${name}: empty separator`);
    const s = recv as string;
    const i = forward ? s.indexOf(sep) : s.lastIndexOf(sep);
    if (i < 0) return new STuple(forward ? [s, "", ""] : ["", "", s]);
    return new STuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  };
}

/** string_removefix: removeprefix and removesuffix. */
function removeFix(name: string): MethodImpl {
  const prefix = name === "removeprefix";
  return (recv, args, kwargs) => {
    checkPositional(name, args, kwargs, 1, 1);
    const fix = positionalArg(name, args, 0, toStr);
    const s = recv as string;
    if (prefix) return s.startsWith(fix) ? s.slice(fix.length) : s;
    return s.endsWith(fix) ? s.slice(0, s.length - fix.length) : s;
  };
}

/** string_split: split and rsplit. */
function splitter(name: string): MethodImpl {
  const isSplit = name === "split";
  return (recv, args, kwargs) => {
    const s = recv as string;
    let sep: Value | undefined = args[0];
    let maxsplit = -1;
    if (args.length > 1 || hasKw(kwargs)) {
      checkPositional(name, args, kwargs, 0, 2);
      if (args.length > 1) maxsplit = positionalArg(name, args, 1, toInt);
    }
    let res: string[];
    if (sep === undefined || sep === null) {
      // special case: split on whitespace
      if (maxsplit < 0) res = fields(s);
      else res = isSplit ? splitSpace(s, maxsplit) : rsplitSpace(s, maxsplit);
    } else if (typeof sep === "string") {
      if (sep === "") throw new StarlarkError("split: empty separator");
      // usual case: split on a non-empty separator
      if (maxsplit < 0) res = s.split(sep);
      else if (isSplit) res = splitN(s, sep, maxsplit + 1);
      else {
        res = s.split(sep);
        const excess = res.length - maxsplit;
        if (excess > 0) {
          const head = res.slice(0, excess).join(sep);
          res = [head, ...res.slice(excess)];
        }
      }
    } else {
      throw new StarlarkError(`split: got ${describeType(sep)} for separator, want string`);
    }
    return new SList(res);
  };
}

/** string_splitlines. */
function splitlines(recv: Value, args: Value[], kwargs: Kwargs): Value {
  let keepends = false;
  if (args.length !== 0 || hasKw(kwargs)) {
    checkPositional("splitlines", args, kwargs, 0, 1);
    keepends = positionalArg("splitlines", args, 0, toBool);
  }
  const s = recv as string;
  if (s === "") return new SList([]);
  // As in Go (a TODO there): only "\n" ends a line.
  let lines: string[] = s.split("\n");
  if (keepends) lines = lines.map((l, i) => (i < lines.length - 1 ? l + "\n" : l));
  if (s.endsWith("\n")) lines.pop();
  return new SList(lines);
}

/** string_join. */
function join(recv: Value, args: Value[], kwargs: Kwargs): Value {
  const sep = recv as string;
  const x = args[0];
  if (args.length !== 1 || hasKw(kwargs)) checkPositional("join", args, kwargs, 1, 1);
  if (x instanceof SList || x instanceof STuple) {
    // Common case: a list or tuple of strings (no user code runs, so no locking needed).
    const elems = x.elems;
    for (let i = 0; i < elems.length; i++) {
      if (typeof elems[i] !== "string") {
        throw new StarlarkError(`join: in list, want string, got ${describeType(elems[i])}`);
      }
    }
    return (elems as string[]).join(sep);
  }
  positionalArg("join", args, 0, toIterable);
  const it = iterateValue(x)!;
  try {
    let buf = "";
    let first = true;
    for (let v = it.next(); v !== undefined; v = it.next()) {
      if (!first) buf += sep;
      first = false;
      if (typeof v !== "string") throw new StarlarkError(`join: in list, want string, got ${describeType(v)}`);
      buf += v;
    }
    return buf;
  } finally {
    it.done();
  }
}

/** string_replace. */
function stringReplace(recv: Value, args: Value[], kwargs: Kwargs): Value {
  checkPositional("replace", args, kwargs, 2, 3);
  const old = positionalArg("replace", args, 0, toStr);
  const rep = positionalArg("replace", args, 1, toStr);
  const n = args.length > 2 ? positionalArg("replace", args, 2, toInt) : -1;
  return replace(recv as string, old, rep, n);
}

/** string_format. */
function stringFormat(recv: Value, args: Value[], kwargs: Kwargs): Value {
  return format(recv as string, args, kwargs);
}

export const STRING_METHODS: MethodTable = {
  capitalize: nullary("capitalize", capitalize),
  codepoint_ords: iterable("codepoint_ords"),
  codepoints: iterable("codepoints"),
  count: stringCount,
  elem_ords: iterable("elem_ords"),
  elems: iterable("elems"),
  endswith: startsEnds("endswith"),
  find: finder("find", true, false),
  format: stringFormat,
  index: finder("index", false, false),
  isalnum: nullary("isalnum", isalnum),
  isalpha: nullary("isalpha", isalpha),
  isdigit: nullary("isdigit", isdigit),
  islower: nullary("islower", islower),
  isspace: nullary("isspace", isspace),
  istitle: nullary("istitle", istitle),
  isupper: nullary("isupper", isupper),
  join,
  lower: caseMapper("lower", lower, false),
  lstrip: stripper("lstrip"),
  partition: partitioner("partition"),
  removeprefix: removeFix("removeprefix"),
  removesuffix: removeFix("removesuffix"),
  replace: stringReplace,
  rfind: finder("rfind", true, true),
  rindex: finder("rindex", false, true),
  rpartition: partitioner("rpartition"),
  rsplit: splitter("rsplit"),
  rstrip: stripper("rstrip"),
  split: splitter("split"),
  splitlines,
  startswith: startsEnds("startswith"),
  strip: stripper("strip"),
  title: nullary("title", title),
  upper: caseMapper("upper", upper, true),
};
