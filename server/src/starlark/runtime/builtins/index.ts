// go.starlark.net's Universe (library.go at 42030a7): the predeclared names of every
// Starlark program. `set` is always present; dialects without sets reject the name at
// resolve time (see resolve/universe.ts). Importing this module registers the universe
// with the core's registry.

import { SBuiltin, type BuiltinImpl, type Value } from "../values";
import { registerUniverse } from "../registry";
import { dict, enumerate, len, list, range, reversed, set, tuple, zip } from "./collections";
import { abs, bool, bytes, chr, float, hash, int, ord, reprBuiltin, str, type } from "./conversions";
import { dir, getattr, hasattr } from "./attrs";
import { all, any, max, min, sorted } from "./ordering";
import { fail, print } from "./output";


const FUNCTIONS: Record<string, BuiltinImpl> = {
  abs,
  any,
  all,
  bool,
  bytes,
  chr,
  dict,
  dir,
  enumerate,
  fail,
  float,
  getattr,
  hasattr,
  hash,
  int,
  len,
  list,
  max,
  min,
  ord,
  print,
  range,
  repr: reprBuiltin,
  reversed,
  set,
  sorted,
  str,
  tuple,
  type,
  zip,
};

export const UNIVERSE: Record<string, Value> = { None: null, True: true, False: false };
for (const name of Object.keys(FUNCTIONS)) UNIVERSE[name] = new SBuiltin(name, FUNCTIONS[name]);
registerUniverse(UNIVERSE);
