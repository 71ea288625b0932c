// The scanner, checked against the token-stream table of go.starlark.net's scan_test.go
// (ported verbatim: same inputs, same expected outputs, prefix match as there), plus
// positions and comments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scanner } from "../../server/src/starlark/syntax/scanner";
import { quote } from "../../server/src/starlark/syntax/quote";
import { tokenNames } from "../../server/src/starlark/syntax/tokens";

/** Go's %e: mantissa with 6 decimals, exponent with at least 2 digits. */
function goExp(x: number): string {
  return x.toExponential(6).replace(/e([+-])(\d)$/, "e$10$2");
}

/** The token stream as scan_test.go prints it, or "foo.star:L:C: msg" at the first error. */
function scan(src: string): string {
  let firstError: string | undefined;
  const sc = new Scanner(src, (pos, msg) => { firstError ??= `foo.star:${pos.line}:${pos.col}: ${msg}`; });
  const out: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const t = sc.next();
    if (firstError !== undefined) return firstError;
    switch (t.tok) {
      case "EOF": out.push("EOF"); break;
      case "IDENT": out.push(t.raw); break;
      case "INT": out.push(String(t.value)); break;
      case "FLOAT": out.push(goExp(t.value as number)); break;
      case "STRING": case "BYTES": out.push(quote(t.value as string, t.tok === "BYTES")); break;
      default: out.push(tokenNames[t.tok]);
    }
    if (t.tok === "EOF") break;
  }
  return out.join(" ");
}

const table: [input: string, want: string][] = [
  ["", "EOF"],
  ["123", "123 EOF"],
  ["x.y", "x . y EOF"],
  ["chocolate.éclair", "chocolate . éclair EOF"],
  ["123 \"foo\" hello x.y", "123 \"foo\" hello x . y EOF"],
  ["print(x)", "print ( x ) EOF"],
  ["print(x); print(y)", "print ( x ) ; print ( y ) EOF"],
  ["\nprint(\n1\n)\n", "print ( 1 ) newline EOF"],
  // final \n is at toplevel on non-blank line => token
  ["/ // /= //= ///=", "/ // /= //= // /= EOF"],
  ["# hello\nprint(x)", "print ( x ) EOF"],
  ["# hello\nprint(1)\ncc_binary(name=\"foo\")\ndef f(x):\n\t\treturn x+1\nprint(1)\n", "print ( 1 ) newline " + "cc_binary ( name = \"foo\" ) newline " + "def f ( x ) : newline " + "indent return x + 1 newline " + "outdent print ( 1 ) newline " + "EOF"],
  // EOF should act line an implicit newline.
  ["def f(): pass", "def f ( ) : pass EOF"],
  ["def f():\n\tpass", "def f ( ) : newline indent pass newline outdent EOF"],
  ["def f():\n\tpass\n# oops", "def f ( ) : newline indent pass newline outdent EOF"],
  [String.raw`def f():
	pass \
`, "def f ( ) : newline indent pass newline outdent EOF"],
  ["def f():\n\tpass\n", "def f ( ) : newline indent pass newline outdent EOF"],
  ["pass\n\n\npass", "pass newline pass EOF"],
  // consecutive newlines are consolidated
  ["def f():\n    pass\n    ", "def f ( ) : newline indent pass newline outdent EOF"],
  ["def f():\n    pass\n    " + "\n", "def f ( ) : newline indent pass newline outdent EOF"],
  ["pass", "pass EOF"],
  ["pass\n", "pass newline EOF"],
  ["pass\n ", "pass newline EOF"],
  ["pass\n \n", "pass newline EOF"],
  ["if x:\n  pass\n ", "if x : newline indent pass newline outdent EOF"],
  [String.raw`x = 1 + \
2`, "x = 1 + 2 EOF"],
  [String.raw`x = 'a\nb'`, String.raw`x = "a\nb" EOF`],
  [String.raw`x = r'a\nb'`, String.raw`x = "a\\nb" EOF`],
  ["x = 'a\\\nb'", "x = \"ab\" EOF"],
  [String.raw`x = '\''`, "x = \"'\" EOF"],
  [String.raw`x = "\""`, String.raw`x = "\"" EOF`],
  [String.raw`x = r'\''`, String.raw`x = "\\'" EOF`],
  [String.raw`x = '''\''''`, "x = \"'\" EOF"],
  [String.raw`x = r'''\''''`, String.raw`x = "\\'" EOF`],
  ["x = ''''a'b'c'''", "x = \"'a'b'c\" EOF"],
  ["x = '''a\nb'''", String.raw`x = "a\nb" EOF`],
  ["x = '''a\rb'''", String.raw`x = "a\nb" EOF`],
  ["x = '''a\r\nb'''", String.raw`x = "a\nb" EOF`],
  ["x = '''a\n\rb'''", String.raw`x = "a\n\nb" EOF`],
  ["x = r'a\\\nb'", String.raw`x = "a\\\nb" EOF`],
  ["x = r'a\\\rb'", String.raw`x = "a\\\nb" EOF`],
  ["x = r'a\\\r\nb'", String.raw`x = "a\\\nb" EOF`],
  ["a\rb", "a newline b EOF"],
  ["a\nb", "a newline b EOF"],
  ["a\r\nb", "a newline b EOF"],
  ["a\n\nb", "a newline b EOF"],
  // numbers
  ["0", "0 EOF"],
  ["00", "0 EOF"],
  ["0.", "0.000000e+00 EOF"],
  ["0.e1", "0.000000e+00 EOF"],
  [".0", "0.000000e+00 EOF"],
  ["0.0", "0.000000e+00 EOF"],
  [".e1", ". e1 EOF"],
  ["1", "1 EOF"],
  ["1.", "1.000000e+00 EOF"],
  [".1", "1.000000e-01 EOF"],
  [".1e1", "1.000000e+00 EOF"],
  [".1e+1", "1.000000e+00 EOF"],
  [".1e-1", "1.000000e-02 EOF"],
  ["1e1", "1.000000e+01 EOF"],
  ["1e+1", "1.000000e+01 EOF"],
  ["1e-1", "1.000000e-01 EOF"],
  ["123", "123 EOF"],
  ["123e45", "1.230000e+47 EOF"],
  ["999999999999999999999999999999999999999999999999999", "999999999999999999999999999999999999999999999999999 EOF"],
  ["12345678901234567890", "12345678901234567890 EOF"],
  // hex
  ["0xA", "10 EOF"],
  ["0xAAG", "170 G EOF"],
  ["0xG", "foo.star:1:1: invalid hex literal"],
  ["0XA", "10 EOF"],
  ["0XG", "foo.star:1:1: invalid hex literal"],
  ["0xA.", "10 . EOF"],
  ["0xA.e1", "10 . e1 EOF"],
  ["0x12345678deadbeef12345678", "5634002672576678570168178296 EOF"],
  // binary
  ["0b1010", "10 EOF"],
  ["0B111101", "61 EOF"],
  ["0b3", "foo.star:1:3: invalid binary literal"],
  ["0b1010201", "10 201 EOF"],
  ["0b1010.01", "10 1.000000e-02 EOF"],
  ["0b0000", "0 EOF"],
  // octal
  ["0o123", "83 EOF"],
  ["0o12834", "10 834 EOF"],
  ["0o12934", "10 934 EOF"],
  ["0o12934.", "10 9.340000e+02 EOF"],
  ["0o12934.1", "10 9.341000e+02 EOF"],
  ["0o12934e1", "10 9.340000e+03 EOF"],
  ["0o123.", "83 . EOF"],
  ["0o123.1", "83 1.000000e-01 EOF"],
  ["0123", "foo.star:1:5: obsolete form of octal literal; use 0o123"],
  ["012834", "foo.star:1:1: invalid int literal"],
  ["012934", "foo.star:1:1: invalid int literal"],
  ["i = 012934", "foo.star:1:5: invalid int literal"],
  // octal escapes in string literals
  [String.raw`"\037"`, String.raw`"\x1f" EOF`],
  [String.raw`"\377"`, String.raw`foo.star:1:1: non-ASCII octal escape \377 (use \u00FF for the UTF-8 encoding of U+00FF)`],
  [String.raw`"\378"`, String.raw`"\x1f8" EOF`],
  // = '\37' + '8'
  [String.raw`"\400"`, String.raw`foo.star:1:1: non-ASCII octal escape \400`],
  // unlike Python 2 and 3
  // hex escapes
  [String.raw`"\x00\x20\x09\x41\x7e\x7f"`, String.raw`"\x00 \tA~\x7f" EOF`],
  // DEL is non-printable
  [String.raw`"\x80"`, "foo.star:1:1: non-ASCII hex escape"],
  [String.raw`"\xff"`, "foo.star:1:1: non-ASCII hex escape"],
  [String.raw`"\xFf"`, "foo.star:1:1: non-ASCII hex escape"],
  [String.raw`"\xF"`, String.raw`foo.star:1:1: truncated escape sequence \xF`],
  [String.raw`"\x"`, String.raw`foo.star:1:1: truncated escape sequence \x`],
  [String.raw`"\xfg"`, String.raw`foo.star:1:1: invalid escape sequence \xfg`],
  // Unicode escapes
  // \uXXXX
  [String.raw`"\u0400"`, "\"Ѐ\" EOF"],
  [String.raw`"\u100"`, String.raw`foo.star:1:1: truncated escape sequence \u100`],
  [String.raw`"\u04000"`, "\"Ѐ0\" EOF"],
  // = U+0400 + '0'
  [String.raw`"\u100g"`, String.raw`foo.star:1:1: invalid escape sequence \u100g`],
  [String.raw`"\u4E16"`, "\"世\" EOF"],
  [String.raw`"\udc00"`, "foo.star:1:1: invalid Unicode code point U+DC00"],
  // surrogate
  // \UXXXXXXXX
  [String.raw`"\U00000400"`, "\"Ѐ\" EOF"],
  [String.raw`"\U0000400"`, String.raw`foo.star:1:1: truncated escape sequence \U0000400`],
  [String.raw`"\U000004000"`, "\"Ѐ0\" EOF"],
  // = U+0400 + '0'
  [String.raw`"\U1000000g"`, String.raw`foo.star:1:1: invalid escape sequence \U1000000g`],
  [String.raw`"\U0010FFFF"`, String.raw`"\U0010ffff" EOF`],
  [String.raw`"\U00110000"`, String.raw`foo.star:1:1: code point out of range: \U00110000 (max \U00110000)`],
  [String.raw`"\U0001F63F"`, "\"😿\" EOF"],
  [String.raw`"\U0000dc00"`, "foo.star:1:1: invalid Unicode code point U+DC00"],
  // surrogate
  // backslash escapes
  // As in Go, a backslash must escape something.
  // (Python started issuing a deprecation warning in 3.6.)
  [String.raw`"foo\(bar"`, String.raw`foo.star:1:1: invalid escape sequence \(`],
  [String.raw`"\+"`, String.raw`foo.star:1:1: invalid escape sequence \+`],
  [String.raw`"\w"`, String.raw`foo.star:1:1: invalid escape sequence \w`],
  [String.raw`"\""`, String.raw`"\"" EOF`],
  [String.raw`"\'"`, "\"'\" EOF"],
  [String.raw`'\w'`, String.raw`foo.star:1:1: invalid escape sequence \w`],
  [String.raw`'\''`, "\"'\" EOF"],
  [String.raw`'\"'`, String.raw`"\"" EOF`],
  [String.raw`"""\w"""`, String.raw`foo.star:1:1: invalid escape sequence \w`],
  [String.raw`"""\""""`, String.raw`"\"" EOF`],
  [String.raw`"""\'"""`, "\"'\" EOF"],
  [String.raw`'''\w'''`, String.raw`foo.star:1:1: invalid escape sequence \w`],
  [String.raw`'''\''''`, "\"'\" EOF"],
  [String.raw`'''\"'''`, String.raw`"\"" EOF`],
  [String.raw`r"\w"`, String.raw`"\\w" EOF`],
  [String.raw`r"\""`, String.raw`"\\\"" EOF`],
  [String.raw`r"\'"`, String.raw`"\\'" EOF`],
  [String.raw`r'\w'`, String.raw`"\\w" EOF`],
  [String.raw`r'\''`, String.raw`"\\'" EOF`],
  [String.raw`r'\"'`, String.raw`"\\\"" EOF`],
  [String.raw`'a\zb'`, String.raw`foo.star:1:1: invalid escape sequence \z`],
  [String.raw`"\o123"`, String.raw`foo.star:1:1: invalid escape sequence \o`],
  // bytes literals (where they differ from text strings)
  ["b\"AЀ世😿\"", "b\"AЀ世😿"],
  // 1-4 byte encodings, literal
  [String.raw`b"\x41\u0400\u4e16\U0001F63F"`, "b\"AЀ世😿\""],
  // same, as escapes
  [String.raw`b"\377\378\x80\xff\xFf"`, String.raw`b"\xff\x1f8\x80\xff\xff" EOF`],
  // hex/oct escapes allow non-ASCII
  [String.raw`b"\400"`, String.raw`foo.star:1:2: invalid escape sequence \400`],
  [String.raw`b"\udc00"`, "foo.star:1:2: invalid Unicode code point U+DC00"],
  // (same as string)
  // floats starting with octal digits
  ["012934.", "1.293400e+04 EOF"],
  ["012934.1", "1.293410e+04 EOF"],
  ["012934e1", "1.293400e+05 EOF"],
  ["0123.", "1.230000e+02 EOF"],
  ["0123.1", "1.231000e+02 EOF"],
  // github.com/google/skylark/issues/16
  ["x ! 0", "foo.star:1:3: unexpected input character '!'"],
  // github.com/google/starlark-go/issues/80
  ["([{<>}])", "( [ { < > } ] ) EOF"],
  ["f();", "f ( ) ; EOF"],
  // github.com/google/starlark-go/issues/104
  ["def f():\n  if x:\n    pass\n  ", "def f ( ) : newline indent if x : newline indent pass newline outdent outdent EOF"],
  ["while cond: pass", "while cond : pass EOF"],
  // github.com/google/starlark-go/issues/107
  ["~= ~= 5", "~ = ~ = 5 EOF"],
  ["0in", "0 in EOF"],
  ["0or", "foo.star:1:3: invalid octal literal"],
  ["6in", "6 in EOF"],
  ["6or", "6 or EOF"],];

test("scanner: scan_test.go table", () => {
  const failures: string[] = [];
  for (const [input, want] of table) {
    const got = scan(input);
    if (!got.startsWith(want)) failures.push(`scan ${JSON.stringify(input)} = [${got}], want [${want}]`);
  }
  assert.deepEqual(failures, []);
  assert.ok(table.length > 150);
});

test("scanner: columns count code points, tabs count one column", () => {
  const sc = new Scanner("é𝒳 = '\t' + x", () => assert.fail("no error expected"));
  const toks = [sc.next(), sc.next(), sc.next(), sc.next(), sc.next()];
  assert.equal(toks[0].raw, "é𝒳"); // U+1D4B3 is a letter outside the BMP
  assert.deepEqual(toks.map((t) => [t.pos.line, t.pos.col, t.pos.offset]),
    [[1, 1, 0], [1, 4, 4], [1, 6, 6], [1, 10, 10], [1, 12, 12]]);
  assert.deepEqual(toks[0].end, { line: 1, col: 3, offset: 3 });
});

test("scanner: CRLF and lone CR are one newline each", () => {
  const sc = new Scanner("a\r\nb\rc", () => assert.fail("no error expected"));
  const toks = Array.from({ length: 6 }, () => sc.next());
  assert.deepEqual(toks.map((t) => t.tok), ["IDENT", "NEWLINE", "IDENT", "NEWLINE", "IDENT", "EOF"]);
  assert.deepEqual(toks.map((t) => `${t.pos.line}:${t.pos.col}@${t.pos.offset}`),
    ["1:1@0", "1:2@1", "2:1@3", "2:2@4", "3:1@5", "3:2@6"]);
});

test("scanner: tab indentation rounds up to the next multiple of 8", () => {
  // One tab (width 8) and eight spaces are the same level; so no error and one INDENT.
  const errors: string[] = [];
  const sc = new Scanner("if x:\n\ty\n        z\n", (_p, msg) => errors.push(msg));
  const toks: string[] = [];
  for (let t = sc.next(); t.tok !== "EOF"; t = sc.next()) toks.push(t.tok);
  assert.deepEqual(errors, []);
  assert.deepEqual(toks, ["IF", "IDENT", "COLON", "NEWLINE", "INDENT", "IDENT", "NEWLINE", "IDENT", "NEWLINE", "OUTDENT"]);
});

test("scanner: collects line and suffix comments", () => {
  const sc = new Scanner("# a\nx = 1  # b\n", () => {});
  while (sc.next().tok !== "EOF");
  assert.deepEqual(sc.comments.map((c) => [c.text, c.start.line, c.start.col]), [["# a", 1, 1], ["# b", 2, 8]]);
});

test("scanner: literal values are byte strings, bigints and numbers", () => {
  const values = (src: string) => {
    const sc = new Scanner(src, (_p, msg) => assert.fail(msg));
    const out: unknown[] = [];
    for (let t = sc.next(); t.tok !== "EOF"; t = sc.next()) out.push(t.value);
    return out;
  };
  assert.deepEqual(values(`"é" b"\\xff" 0x10 0o17 0b11 123456789012345678901234567890 1.5 1e3`),
    ["\xc3\xa9", "\xff", 16n, 15n, 3n, 123456789012345678901234567890n, 1.5, 1000]);
  assert.deepEqual(values(`'''a\nb''' r"\\n" "\\u00e9\\U0001F63F"`),
    ["a\nb", "\\n", "\xc3\xa9\xf0\x9f\x98\xbf"]);
});

test("scanner: int literal limits follow go.starlark.net", () => {
  const firstError = (src: string) => {
    let e: string | undefined;
    const sc = new Scanner(src, (p, msg) => { e ??= `${p.col}: ${msg}`; });
    while (sc.next().tok !== "EOF");
    return e;
  };
  // 0o and 0b literals must fit in int64; hex and decimal may be arbitrarily large.
  assert.equal(firstError("0o777777777777777777777"), undefined);
  assert.equal(firstError("0o7777777777777777777777"), "1: invalid int literal");
  assert.equal(firstError("0b" + "1".repeat(64)), "1: invalid int literal");
  assert.equal(firstError("0x" + "f".repeat(40)), undefined);
  assert.equal(firstError("1e400"), "6: invalid float literal");
  assert.equal(firstError("1e+"), "4: invalid float literal");
});
