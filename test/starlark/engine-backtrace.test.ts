// Mapping a QuickJS stack to a Starlark backtrace, independent of the runtime: position
// table lookups, skipped frames, method-call lookups, and completion from the runtime's
// call stack (builtin frames, a callee that failed binding its arguments).
import { test } from "node:test";
import assert from "node:assert/strict";
import { completeBacktrace, starlarkBacktrace } from "../../server/src/starlark/sandbox/backtrace";
import { formatBacktrace } from "../../server/src/starlark/sandbox/errors";
import type { CompiledProgram } from "../../server/src/starlark/compile/program";

const prog: CompiledProgram = {
  path: "x.star",
  js: "",
  globals: [],
  loads: [],
  recursion: false,
  positions: { "10:5": ["<toplevel>", 3, 2], "20:7": ["f", 8, 9, 8, 4] },
  entries: { "x.star:6:1": ["g", 7, 12] },
};
const programs = new Map([["p.js", prog]]);

test("marked JS positions become Starlark frames, outermost first; others are skipped", () => {
  const stack = [
    "    at binary (starlark-runtime.js:100:3)",
    "    at $f2_f (p.js:20:7)",
    "    at <anonymous> (p.js:99:1)",
    "    at $toplevel (p.js:10:5)",
    "    at <eval> (starlark-host.js:1:1)",
  ].join("\n");
  assert.deepEqual(starlarkBacktrace(stack, programs), [
    { function: "<toplevel>", file: "x.star", line: 3, col: 2 },
    { function: "f", file: "x.star", line: 8, col: 9 },
  ]);
});

test("a failed attribute lookup inside callMethod is reported at the `.`", () => {
  const stack = "    at getAttr (rt.js:1:1)\n    at callMethod (rt.js:2:2)\n    at $f2_f (p.js:20:7)";
  assert.deepEqual(starlarkBacktrace(stack, programs).map((f) => [f.line, f.col]), [[8, 4]]);
  const called = "    at upper (rt.js:3:3)\n    at callMethod (rt.js:2:2)\n    at $f2_f (p.js:20:7)";
  assert.deepEqual(starlarkBacktrace(called, programs).map((f) => [f.line, f.col]), [[8, 9]]);
});

test("the runtime's call stack adds builtin frames and a callee that never started", () => {
  const top = { function: "<toplevel>", file: "x.star", line: 3, col: 2 };
  const f = { function: "f", file: "x.star", line: 8, col: 9 };
  assert.deepEqual(completeBacktrace([top, f], [{ f: "x.star:1:1" }, { b: "len" }], programs), [
    top, f, { function: "len", file: "<builtin>", line: 0, col: 0 },
  ]);
  assert.deepEqual(completeBacktrace([f], [{ f: "x.star:1:1" }, { f: "x.star:6:1" }], programs), [
    f, { function: "g", file: "x.star", line: 7, col: 12 },
  ]);
  // Stacks that do not line up are left alone.
  assert.deepEqual(completeBacktrace([f], [{ f: "a" }, { f: "b" }, { f: "c" }], programs), [f]);
});

test("formatBacktrace prints go.starlark.net's EvalError.Backtrace()", () => {
  const backtrace = [
    { function: "<toplevel>", file: "a.star", line: 3, col: 8 },
    { function: "sorted", file: "<builtin>", line: 0, col: 0 },
    { function: "key", file: "a.star", line: 2, col: 3 },
    { function: "len", file: "<builtin>", line: 0, col: 0 },
  ];
  assert.equal(formatBacktrace({ message: "boom", backtrace }), [
    "Traceback (most recent call last):",
    "  a.star:3:8: in <toplevel>",
    "  <builtin>: in sorted",
    "  a.star:2:3: in key",
    "Error in len: boom",
  ].join("\n"));
  assert.equal(formatBacktrace({ message: "m", backtrace: [] }), "Error: m");
});
