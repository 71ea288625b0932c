// The Starlark runtime: everything compiled code and the sandbox host call, assembled as
// the `$rt` object (CONTRACT.md). esbuild bundles this file into an IIFE that runs inside
// QuickJS and defines `globalThis.$rt`; Node tests import the same names as ES exports.

// The library registers its universe builtins and method tables on import.
import "./methods/index";
import "./builtins/index";
// The host bridge (globalThis.$glue) is installed with the runtime; it reads $rt only
// when it instantiates a program.
import "./bridge";

import { callMethod, getAttr, getIndex, setField, setIndex, slice } from "./access";
import { call, call1, makeFunction, setArgs } from "./call";
import { compare, equal } from "./compare";
import { bigint, bytes, dict, dictEntry, dictOfEntries, float, inplaceAdd, inplacePipe, list, newCell, set, tuple } from "./constructors";
import { formatFloat } from "./float-format";
import { STRING_FAST } from "./methods/string-fast";
import { interpolate } from "./interpolate";
import { collect, iterate, unpack } from "./iterate";
import { fromWire, toWire } from "./wire";
import { loadModule, loadName, noLoader, unboundGlobal, unboundLocal, uninitializedPredeclared } from "./compiled-support";
import { defineSandboxExtension } from "./extensions";
import * as ops from "./ops";
import { UNIVERSE } from "./registry";
import { quote, repr, str } from "./repr";
import { callStack, catchError, guarded, reset, setOptions, setPrint } from "./state";
import { fromByteString, toByteString } from "./text";
import {
  MANDATORY,
  SBuiltin,
  SBytes,
  SDict,
  SFloat,
  SFunction,
  SHostObject,
  SList,
  SRange,
  SSet,
  STuple,
  SValue,
  StarlarkError,
  NoSuchAttrError,
  K_LIST,
  K_DICT,
  K_TUPLE,
  K_RANGE,
  freeze,
  setKeywordAnswer,
  truth,
  typeName,
} from "./values";

export const $rt = {
  // operators
  binary: ops.binary,
  unary: ops.unary,
  truth,
  add: ops.add,
  sub: ops.sub,
  mul: ops.mul,
  div: ops.div,
  floorDiv: ops.floorDiv,
  mod: ops.mod,
  and: ops.and,
  or: ops.or,
  xor: ops.xor,
  lsh: ops.lsh,
  rsh: ops.rsh,
  contains: ops.contains,
  equal,
  compare,
  percent: interpolate,
  inplaceAdd,
  inplacePipe,
  // access
  getIndex,
  setIndex,
  slice,
  getAttr,
  setField,
  iterate,
  unpack,
  collect,
  // calls
  call,
  call1,
  callMethod,
  stringFast: STRING_FAST,
  makeFunction,
  setArgs,
  MANDATORY,
  // constructors
  newCell,
  list,
  tuple,
  dict,
  dictEntry,
  dictOfEntries,
  set,
  float,
  bigint,
  bytes,
  freeze,
  universe: UNIVERSE,
  // strings
  str,
  repr,
  quote,
  typeName,
  formatFloat,
  toByteString,
  fromByteString,
  // compiled-code helpers (compile/prelude.ts)
  unboundGlobal,
  unboundLocal,
  uninitializedPredeclared,
  loadModule,
  noLoader,
  loadName,
  // runtime state
  setOptions,
  setPrint,
  catchError,
  guarded,
  reset,
  callStack,
  // host boundary
  fromWire,
  toWire,
  defineSandboxExtension,
  // classes (instanceof checks, host-side tests)
  StarlarkError,
  NoSuchAttrError,
  SValue,
  SFloat,
  SBytes,
  SList,
  STuple,
  SDict,
  SSet,
  SRange,
  SFunction,
  SBuiltin,
  SHostObject,
  /** Fills a builtin's keyword table (tests and sandbox-side builtins written in JS). */
  setKeywordAnswer,
  /** SValue.kind of lists, dicts and tuples, for compiled fast paths. */
  K_LIST,
  K_DICT,
  K_TUPLE,
  K_RANGE,
};

export type Runtime = typeof $rt;

(globalThis as unknown as { $rt: Runtime }).$rt = $rt;
