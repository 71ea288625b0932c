// str/repr of values and float formatting (go.starlark.net writeValue, syntax.Quote,
// Float.format over strconv.FormatFloat). Expected strings come from go.starlark.net.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatFloat } from "../../server/src/starlark/runtime/float-format";
import { quote, repr, str } from "../../server/src/starlark/runtime/repr";
import { fromByteString, toByteString } from "../../server/src/starlark/runtime/text";
import { SBuiltin, SBytes, SDict, SFloat, SHostObject, SList, SSet, STuple } from "../../server/src/starlark/runtime/values";

test("str of floats: shortest digits, exponent from 1e+06 on, always a point or exponent", () => {
  const cases: [number, string][] = [
    [1e6, "1e+06"], [1e20, "1e+20"], [0.1, "0.1"], [-0, "-0.0"], [123, "123.0"], [1.23e45, "1.23e+45"],
    [1e-5, "1e-05"], [123456.7, "123456.7"], [1e21, "1e+21"], [2 ** 70, "1.1805916207174113e+21"],
    [100000, "100000.0"], [1e-4, "0.0001"], [5e-324, "5e-324"], [1.7976931348623157e308, "1.7976931348623157e+308"],
    [Infinity, "+inf"], [-Infinity, "-inf"], [NaN, "nan"], [1 / 3, "0.3333333333333333"],
  ];
  for (const [x, want] of cases) assert.equal(str(new SFloat(x)), want, String(x));
});

test("%e and %f round half to even on the exact binary value", () => {
  assert.equal(formatFloat(0.0078125, "f"), "0.007812");
  assert.equal(formatFloat(0.0078125, "e"), "7.812500e-03");
  assert.equal(formatFloat(1234568.5, "e"), "1.234568e+06");
  assert.equal(formatFloat(2.5e-7, "f"), "0.000000");
  assert.equal(formatFloat(1.5e-6, "f"), "0.000002");
  assert.equal(formatFloat(9.9999995e10, "e"), "1.000000e+11");
  assert.equal(formatFloat(0.9999995, "f"), "1.000000");
  assert.equal(formatFloat(-1e-9, "f"), "-0.000000");
  assert.equal(formatFloat(-0, "e"), "-0.000000e+00");
  assert.equal(formatFloat(1e22, "f"), "10000000000000000000000.000000");
  assert.equal(formatFloat(1e-7, "G"), "1E-07");
  assert.equal(formatFloat(1.5, "F"), "%F"); // not a strconv verb
});

test("strings are quoted as syntax.Quote does", () => {
  const s = toByteString('a\x00\x07\x1b\x7f"\\\t\n \u00e9\u200b\u{1F600}');
  assert.equal(fromByteString(repr(s)), '"a\\x00\\a\\x1b\\x7f\\"\\\\\\t\\n \u00e9\\u200b\u{1F600}"');
  assert.equal(quote("\xff\x80a", true), 'b"\\xff\\x80a"');
  assert.equal(repr(new SBytes("\xff")), 'b"\\xff"');
  assert.equal(quote(toByteString("\u0300")), toByteString('"\u0300"')); // printable mark
  assert.equal(quote(toByteString("\u{E0001}")), '"\\U000e0001"'); // not printable
});

test("containers print like Go, with cycles cut", () => {
  const l = new SList([1, "a", new SFloat(2), null, true]);
  assert.equal(repr(l), '[1, "a", 2.0, None, True]');
  assert.equal(str("x"), "x");
  assert.equal(repr(new STuple([1])), "(1,)");
  assert.equal(repr(new STuple([])), "()");
  const cyc = new SList([]);
  cyc.elems.push(cyc, new STuple([cyc]));
  assert.equal(repr(cyc), "[[...], ([...],)]");
  const d = new SDict();
  d.setKey("k", d);
  assert.equal(repr(d), '{"k": {...}}');
  const s = new SSet();
  s.insert(1);
  s.insert("b");
  assert.equal(repr(s), 'set([1, "b"])');
  assert.equal(repr(new SBuiltin("len", () => null)), "<built-in function len>");
  assert.equal(repr(new SBuiltin("upper", () => null, "s")), "<built-in method upper of string value>");
  assert.equal(repr(new SHostObject("Member", [["name", "m1"], ["cpus", 4]])), '{"name": "m1", "cpus": 4}');
});

test("UTF-8 conversions transcode invalid bytes to U+FFFD", () => {
  assert.equal(toByteString("\u00e9"), "\xc3\xa9");
  assert.equal(toByteString("\ud83d"), "\xef\xbf\xbd"); // lone surrogate
  assert.equal(fromByteString("\xc3\xa9\xff"), "\u00e9\ufffd");
  assert.equal(fromByteString(toByteString("\u{1F600}x")), "\u{1F600}x");
});
