// The fixed head of every compiled program: runtime functions bound to plain local names.
// QuickJS reports a plain identifier call's position at its `(`, but a method call such as
// `$rt.binary(...)` at the start of the statement, so fallible operations must be called
// through these aliases. Every helper is a typed runtime function (runtime/index.ts); the
// table below is checked against the runtime's type, so a renamed or removed runtime entry
// fails the build instead of a compiled program.
import type { Runtime } from "../runtime/index";

/** Local name in compiled code → the `$rt` member it is bound to. */
const BINDINGS: readonly (readonly [string, keyof Runtime])[] = [
  ["$binary", "binary"], ["$compare", "compare"], ["$unary", "unary"], ["$truth", "truth"],
  ["$getIndex", "getIndex"], ["$setIndex", "setIndex"], ["$slice", "slice"],
  ["$getAttr", "getAttr"], ["$setField", "setField"],
  ["$iterate", "iterate"], ["$unpack", "unpack"], ["$call", "call"], ["$call1", "call1"],
  ["$percent", "percent"], ["$callMethod", "callMethod"],
  ["$makeFunction", "makeFunction"], ["$list", "list"], ["$tuple", "tuple"], ["$dict", "dict"],
  ["$dictEntry", "dictEntry"], ["$dictOfEntries", "dictOfEntries"],
  ["$inplaceAdd", "inplaceAdd"], ["$inplacePipe", "inplacePipe"],
  ["$U", "universe"], ["$MANDATORY", "MANDATORY"],
  // Kind tags of the classes compiled fast paths recognise (codegen forLoop, unpacking,
  // d[k], l.append(x)), and the classes list/tuple displays construct directly.
  ["$KD", "K_DICT"], ["$KT", "K_TUPLE"], ["$KL", "K_LIST"], ["$KR", "K_RANGE"],
  ["$SList", "SList"], ["$STuple", "STuple"],
  // Unbound variables and load().
  ["$ugl", "unboundGlobal"], ["$ulc", "unboundLocal"], ["$upd", "uninitializedPredeclared"],
  ["$noLoader", "noLoader"], ["$loadName", "loadName"],
];

export const PRELUDE = [
  `"use strict";\n`,
  ...BINDINGS.map(([local, member]) => `const ${local} = $rt.${member};\n`),
  // The program's own loader ($env is the factory's second parameter).
  "const $rtLoadModule = $rt.loadModule;\n",
  "function $loadModule(name) { return $rtLoadModule($env, name); }\n",
].join("");
