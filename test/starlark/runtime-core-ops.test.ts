// Operators, comparisons and % formatting (go.starlark.net eval.go Binary/Unary/interpolate,
// value.go CompareDepth). Expected results were taken from go.starlark.net's output.
import { test } from "node:test";
import assert from "node:assert/strict";
import "../../server/src/starlark/runtime/index"; // the library's method tables
import { binary, unary } from "../../server/src/starlark/runtime/ops";
import { compare, equal } from "../../server/src/starlark/runtime/compare";
import { str, repr } from "../../server/src/starlark/runtime/repr";
import { SBytes, SDict, SFloat, SList, SRange, SSet, STuple, type Value } from "../../server/src/starlark/runtime/values";
import { throwsMsg } from "./runtime-core-support";

const f = (x: number) => new SFloat(x);
const big = (s: string) => BigInt(s);

test("int arithmetic overflows from numbers into bigints and back", () => {
  const max = 9007199254740991;
  assert.equal(binary("+", max, 1), 2n ** 53n);
  assert.equal(binary("-", 2n ** 53n, 1), max);
  assert.equal(binary("*", 1 << 30, 1 << 30), 2 ** 60 > max ? 2n ** 60n : 2 ** 60);
  assert.equal(binary("*", 2n ** 60n, 8), big("9223372036854775808"));
  assert.equal(binary("*", 0, -5), 0);
  assert.ok(!Object.is(binary("*", 0, -5), -0));
  assert.equal(binary("<<", 1, 60), 1152921504606846976n);
  assert.equal(binary(">>", binary("<<", 1, 100), 98), 4);
  assert.equal(binary(">>", -1, 5), -1);
  assert.equal(binary(">>", -(2n ** 70n), 3), big("-147573952589676412928"));
  assert.equal(unary("~", 5), -6);
  assert.equal(unary("~", -(2n ** 70n)), big("1180591620717411303423"));
  assert.equal(unary("-", 9007199254740991), -9007199254740991);
  assert.equal(binary("^", 6, 3), 5);
  assert.equal(binary("|", 2n ** 60n, 1), 2n ** 60n + 1n);
});

test("floored division and modulo take the sign of the divisor", () => {
  assert.deepEqual([binary("//", 7, -2), binary("//", -7, 2), binary("%", 7, -2), binary("%", -7, 2)], [-4, -4, -1, 1]);
  assert.equal(binary("//", 2n ** 70n, 3), big("393530540239137101141"));
  assert.equal(binary("//", -(2n ** 70n), 3), big("-393530540239137101142"));
  assert.equal(binary("%", 2n ** 70n, -7), -5);
  assert.equal((binary("%", f(7.5), -2) as SFloat).v, -0.5);
  assert.equal((binary("%", f(-7.5), 2) as SFloat).v, 0.5);
  assert.equal((binary("/", 7, 2) as SFloat).v, 3.5);
  assert.equal(str(binary("//", 1, f(-Infinity))), "-0.0"); // float.star
});

test("division by zero and int-to-float errors use Go's messages", () => {
  throwsMsg(() => binary("//", 1, 0), "floored division by zero");
  throwsMsg(() => binary("//", f(1), 0), "floored division by zero");
  throwsMsg(() => binary("%", 1, 0), "integer modulo by zero");
  throwsMsg(() => binary("%", f(1), 0), "floating-point modulo by zero");
  throwsMsg(() => binary("%", 1, f(0)), "floating-point modulo by zero");
  throwsMsg(() => binary("/", 1, 0), "floating-point division by zero");
  throwsMsg(() => binary("/", f(1), f(0)), "floating-point division by zero");
  const huge = 2n ** 1500n;
  throwsMsg(() => binary("+", huge, f(0)), "int too large to convert to float");
  throwsMsg(() => binary("*", f(1), huge), "int too large to convert to float");
  throwsMsg(() => binary("/", huge, 1), "int too large to convert to float");
});

test("shifts check their count", () => {
  throwsMsg(() => binary("<<", 2, -1), "negative shift count: -1");
  throwsMsg(() => binary("<<", 1, 512), "shift count too large: 512");
  throwsMsg(() => binary("<<", 1, f(0.5)), "got float, want int");
  throwsMsg(() => binary("<<", 1, 2 ** 40), "1099511627776 out of range");
});

test("unsupported operands name both types and the operator", () => {
  throwsMsg(() => binary("+", "a", 1), "unknown binary op: string + int");
  throwsMsg(() => binary("+", 1, "a"), "unknown binary op: int + string");
  throwsMsg(() => binary("+", new SList([]), new STuple([])), "unknown binary op: list + tuple");
  throwsMsg(() => binary("*", "a", "b"), "unknown binary op: string * string");
  throwsMsg(() => binary("in", 1, 1), "unknown binary op: int in int");
  throwsMsg(() => unary("-", null), "unknown unary op: - NoneType");
  throwsMsg(() => unary("~", f(1)), "unknown unary op: ~ float");
});

test("repetition and concatenation of sequences", () => {
  assert.equal(binary("*", "ab", 3), "ababab");
  assert.equal(binary("*", 2, "ab"), "abab");
  assert.equal(binary("*", "ab", -1), "");
  assert.deepEqual((binary("*", new SList([1, 2]), 2) as SList).elems, [1, 2, 1, 2]);
  assert.deepEqual((binary("+", new STuple([1]), new STuple([2])) as STuple).elems, [1, 2]);
  assert.equal((binary("*", new SBytes("x"), 2) as SBytes).s, "xx");
  throwsMsg(() => binary("*", "a", 2n ** 40n), "repeat count 1099511627776 too large");
  throwsMsg(() => binary("*", "ab", 1 << 29), "excessive repeat (2 * 536870912 elements)");
});

test("membership tests and their errors", () => {
  assert.equal(binary("in", "b", "abc"), true);
  assert.equal(binary("not in", 2, new SList([1, f(2)])), false);
  assert.equal(binary("in", new SList([]), new SDict()), false); // Get's error is ignored
  assert.equal(binary("in", f(1), new SRange(0, 3, 1)), true);
  assert.equal(binary("in", 97, new SBytes("abc")), true);
  throwsMsg(() => binary("in", 1, "a"), "'in <string>' requires string as left operand, not int");
  throwsMsg(() => binary("in", new SList([]), new SSet()), "unhashable type: list");
  throwsMsg(() => binary("in", 300, new SBytes("a")), "int in bytes: 300 out of range (want value in unsigned 8-bit range)");
  throwsMsg(() => binary("in", "a", new SBytes("a")), "'in bytes' requires bytes or int as left operand, not string");
  throwsMsg(() => binary("in", "a", new SRange(0, 3, 1)), "'in <range>' requires integer as left operand, not string");
});

test("comparisons: exact int/float ordering, NaN is greatest and equal to itself", () => {
  const p60 = 2n ** 60n;
  assert.equal(equal(1, f(1)), true);
  assert.equal(equal(true, 1), false);
  assert.equal(compare("==", p60, f(2 ** 60)), true);
  assert.equal(compare(">", p60 + 1n, f(2 ** 60)), true);
  assert.equal(compare("<", 2, f(2.5)), true);
  assert.equal(compare("<", 10n ** 30n, f(Infinity)), true);
  assert.equal(compare("<", f(Infinity), f(NaN)), true);
  assert.equal(equal(f(NaN), f(NaN)), true);
  assert.equal(equal(new SList([f(NaN)]), new SList([f(NaN)])), true);
  assert.equal(compare("<", "abc", "abd"), true);
  assert.equal(compare("<", "\xff", "a"), false); // bytewise
  assert.equal(compare("<", new STuple([1, "a"]), new STuple([1, "b"])), true);
  assert.equal(compare("<", new SList([1]), new SList([1, 2])), true);
});

test("unsupported comparisons and runaway recursion fail as in Go", () => {
  throwsMsg(() => compare("<", null, null), "NoneType < NoneType not implemented");
  throwsMsg(() => compare("<", null, 1), "NoneType < int not implemented");
  throwsMsg(() => compare("<", 1, "a"), "int < string not implemented");
  throwsMsg(() => compare("<", new SDict(), new SDict()), "dict < dict not implemented");
  throwsMsg(() => compare("<", new STuple([1, 2]), new STuple([1, "a"])), "int < string not implemented");
  const x = new SList([]);
  x.elems.push(x);
  throwsMsg(() => equal(x, x), "comparison exceeded maximum recursion depth");
  let a: Value = new SList([]);
  let b: Value = new SList([]);
  for (let i = 0; i < 20; i++) {
    a = new SList([a]);
    b = new SList([b]);
  }
  throwsMsg(() => equal(a, b), "comparison exceeded maximum recursion depth");
});

test("set and dict operators", () => {
  const s = (...xs: Value[]) => {
    const r = new SSet();
    for (const x of xs) r.insert(x);
    return r;
  };
  assert.equal(repr(binary("|", s(1, 2), s(2, 3))), "set([1, 2, 3])");
  assert.equal(repr(binary("&", s(1, 2, 3), s(3, 2))), "set([3, 2])");
  assert.equal(repr(binary("^", s(1, 2), s(2, 3))), "set([1, 3])");
  assert.equal(repr(binary("-", s(1, 2), s(2))), "set([1])");
  assert.equal(compare("<", s(1), s(1, 2)), true);
  assert.equal(compare("<=", s(1, 2), s(1)), false);
  const d1 = new SDict();
  d1.setKey("a", 1);
  const d2 = new SDict();
  d2.setKey("b", 2);
  d2.setKey("a", 3);
  assert.equal(repr(binary("|", d1, d2)), '{"a": 3, "b": 2}');
});

test("% formatting: every conversion", () => {
  const t = (...xs: Value[]) => new STuple(xs);
  assert.equal(binary("%", "%d %i %o %x %X %c %c %r %s %%", t(-42, f(3.9), 8, 255, 255, 65, "\xc3\xa9", "a", "a")), '-42 3 10 ff FF A \xc3\xa9 "a" a %');
  assert.equal(binary("%", "%x %o", t(-255, 2n ** 70n)), "-ff 200000000000000000000000");
  const d = new SDict();
  d.setKey("a", 1);
  d.setKey("b", 2);
  assert.equal(binary("%", "%(a)s-%(b)d", d), "1-2");
  assert.equal(binary("%", "%s", new STuple([new STuple([1])])), "(1,)");
  assert.equal(binary("%", "%e|%f|%g|%E|%G", t(f(0.0078125), f(0.0078125), f(0.0078125), f(1e-7), f(1e-7))), "7.812500e-03|0.007812|0.0078125|1.000000E-07|1E-07");
});

test("% formatting errors", () => {
  throwsMsg(() => binary("%", "%d", "a"), "%d format requires integer: cannot convert string to int");
  throwsMsg(() => binary("%", "%d", true), "%d format requires integer: cannot convert bool to int");
  throwsMsg(() => binary("%", "%d", f(NaN)), "%d format requires integer: cannot convert float NaN to integer");
  throwsMsg(() => binary("%", "%s %s", new STuple([1])), "not enough arguments for format string");
  throwsMsg(() => binary("%", "%s", new STuple([1, 2])), "too many arguments for format string");
  throwsMsg(() => binary("%", "%z", 1), "unknown conversion %z");
  throwsMsg(() => binary("%", "%", 1), "incomplete format");
  throwsMsg(() => binary("%", "%(a", new SDict()), "incomplete format key");
  throwsMsg(() => binary("%", "%(a)s", 1), "format requires a mapping");
  throwsMsg(() => binary("%", "%(a)s", new SDict()), "key not found: a");
  throwsMsg(() => binary("%", "%c", -1), "%c format requires a valid Unicode code point, got -1");
  throwsMsg(() => binary("%", "%c", "ab"), "%c format requires a single-character string");
  throwsMsg(() => binary("%", "%c", f(1)), "%c format requires int or single-character string, not float");
  throwsMsg(() => binary("%", "%e", "x"), "%e format requires float, not string");
});

test("% formatting fast paths agree with the general conversions", () => {
  assert.equal(binary("%", "%s|%d|%s|%d", new STuple(["a", 5, 7, 2n ** 60n])), "a|5|7|1152921504606846976");
  assert.equal(binary("%", "%s", new SFloat(1)), "1.0");
  assert.equal(binary("%", "%d", new SFloat(-2.7)), "-2");
  const d = new SDict();
  d.setKey("k", "v");
  assert.equal(binary("%", "%(k)s%%%(k)%", d), "v%%");
});

test("float arithmetic, mixed with ints, follows IEEE and Go's rules", () => {
  const v = (x: Value) => (x as SFloat).v;
  assert.equal(v(binary("+", f(0.1), f(0.2))), 0.1 + 0.2);
  assert.equal(v(binary("-", 3, f(0.5))), 2.5);
  assert.equal(v(binary("*", f(1.5), 2n ** 60n)), 1.5 * 2 ** 60);
  assert.equal(v(binary("/", f(1), f(4))), 0.25);
  assert.equal(v(binary("//", f(-7.5), 2)), -4);
  assert.ok(Number.isNaN(v(binary("+", f(Infinity), f(-Infinity)))));
  assert.equal(str(unary("-", f(0))), "-0.0");
  assert.equal(unary("+", 5), 5);
});
