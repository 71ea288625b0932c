// String literal decoding and quoting (quote.ts), with the table of go.starlark.net's
// quote_test.go and the escape rules of its scan_test.go.
import { test } from "node:test";
import assert from "node:assert/strict";
import { quote, quoteRune, unquote } from "../../server/src/starlark/syntax/quote";
import { decodeUtf8, encodeUtf8 } from "../../server/src/starlark/syntax/utf8";

// [quoted, unquoted, quoted is the standard form of unquoted]
const quoteTests: [string, string, boolean][] = [
  [`""`, "", true],
  [`''`, "", false],
  [`"hello"`, `hello`, true],
  [`'hello'`, `hello`, false],
  [`"quote\\"here"`, `quote"here`, true],
  [`'quote"here'`, `quote"here`, false],
  [`"quote'here"`, `quote'here`, true],
  [`'quote\\'here'`, `quote'here`, false],
  [String.raw`"\a\b\f\n\r\t\v\x00\x7f"`, "\x07\b\f\n\r\t\v\x00\x7F", true],
  [String.raw`"\a\b\f\n\r\t\v\x00\x7f\"'\\\x03"`, "\x07\b\f\n\r\t\v\x00\x7F\"'\\\x03", true],
  [String.raw`"\a\b\f\n\r\t\v\x00\x7f\"\\\x03"`, "\x07\b\f\n\r\t\v\x00\x7F\"\\\x03", false],
  [
    String.raw`"cat $(SRCS) | grep '\\s*ip_block:' | sed -e 's/\\s*ip_block: \"\\([^ ]*\\)\"/    \x27\\1\x27,/g' >> $@; "`,
    "cat $(SRCS) | grep '\\s*ip_block:' | sed -e 's/\\s*ip_block: \"\\([^ ]*\\)\"/    '\\1',/g' >> $@; ",
    false,
  ],
  [
    String.raw`"cat $(SRCS) | grep '\\s*ip_block:' | sed -e 's/\\s*ip_block: \"\\([^ ]*\\)\"/    '\\1',/g' >> $@; "`,
    "cat $(SRCS) | grep '\\s*ip_block:' | sed -e 's/\\s*ip_block: \"\\([^ ]*\\)\"/    '\\1',/g' >> $@; ",
    true,
  ],
];

test("quote: TestQuote and TestUnquote of quote_test.go", () => {
  for (const [q, s, std] of quoteTests) {
    if (std) assert.equal(quote(s, false), q);
    const u = unquote(q);
    assert.equal(u.error, undefined, q);
    assert.equal(u.value, s, q);
    assert.equal(u.triple, q.startsWith('"""') || q.startsWith("'''"));
  }
});

test("unquote: values are UTF-8 byte strings", () => {
  assert.equal(unquote(`"é\\u00e9"`).value, "\xc3\xa9\xc3\xa9");
  assert.equal(unquote(`b"\\xff\\377"`).value, "\xff\xff");
  assert.equal(unquote(`b"\\xff"`).isBytes, true);
  assert.equal(unquote(`rb"\\xff"`).value, "\\xff");
  assert.equal(unquote(`'''a\r\nb\rc'''`).value, "a\nb\nc");
  assert.equal(unquote(`"a\\\nb"`).value, "ab");
});

test("unquote: escape errors worded as go.starlark.net words them", () => {
  const cases: [string, string][] = [
    [`"\\q"`, "invalid escape sequence \\q"],
    [`"\\é"`, "invalid escape sequence \\Ã"], // Go prints the UTF-8 lead byte with %c
    [`"\\x8"`, "truncated escape sequence \\x8"],
    [`"\\xzz"`, "invalid escape sequence \\xzz"],
    [`"\\x80"`, "non-ASCII hex escape \\x80 (use \\u0080 for the UTF-8 encoding of U+0080)"],
    [`"\\200"`, "non-ASCII octal escape \\200 (use \\u0080 for the UTF-8 encoding of U+0080)"],
    [`b"\\777"`, "invalid escape sequence \\777"],
    [`"\\ud800"`, "invalid Unicode code point U+D800"],
    [`"\\U00110000"`, "code point out of range: \\U00110000 (max \\U00110000)"],
    [`"\\u12"`, "truncated escape sequence \\u12"],
  ];
  for (const [q, msg] of cases) assert.equal(unquote(q).error, msg, q);
});

test("quoteRune: Go's %q of a rune", () => {
  assert.equal(quoteRune(0x24), "'$'");
  assert.equal(quoteRune(0xfeff), "'\\ufeff'");
  assert.equal(quoteRune(0x01), "'\\x01'");
  assert.equal(quoteRune(0x20ac), "'€'");
  assert.equal(quoteRune(0x27), "'\\''");
});

test("utf8: byte strings round-trip, lone surrogates become U+FFFD", () => {
  for (const s of ["", "abc", "é", "世界", "😿"]) assert.equal(decodeUtf8(encodeUtf8(s)), s);
  assert.equal(encodeUtf8("\ud800"), "\xef\xbf\xbd");
  assert.equal(decodeUtf8("\xff"), "\ufffd");
  assert.equal(quote("\xff", true), 'b"\\xff"');
});
