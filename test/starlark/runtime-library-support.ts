// Helpers for the library unit tests: a tiny evaluator of Starlark *call expressions*
// (literals, names of the universe, x.method(...), f(...), indexing/slicing, + * << and
// unary -) straight over the runtime's TypeScript modules, so that test tables can be
// written as Starlark text and their expectations taken from go.starlark.net
// (runtime-library-cases/*.jsonl, produced by runtime-library-cases/gen.go).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { UNIVERSE } from "../../server/src/starlark/runtime/builtins/index";
import "../../server/src/starlark/runtime/methods/index";
import { binary, unary } from "../../server/src/starlark/runtime/ops";
import { call } from "../../server/src/starlark/runtime/call";
import { getAttr, getIndex, slice } from "../../server/src/starlark/runtime/access";
import { repr } from "../../server/src/starlark/runtime/repr";
import { setPrint } from "../../server/src/starlark/runtime/state";
import { fromByteString, toByteString } from "../../server/src/starlark/runtime/text";
import { encodeRune } from "../../server/src/starlark/runtime/methods/utf8";
import {
  SBytes,
  SDict,
  SFloat,
  SList,
  SSet,
  STuple,
  StarlarkError,
  type Value,
} from "../../server/src/starlark/runtime/values";

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Value {
    const v = this.expr();
    this.ws();
    if (this.i !== this.src.length) throw new Error(`trailing input at ${this.i} in ${this.src}`);
    return v;
  }

  private ws(): void {
    while (this.i < this.src.length && /\s/.test(this.src[this.i])) this.i++;
  }

  private peek(s: string): boolean {
    this.ws();
    return this.src.startsWith(s, this.i);
  }

  private eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.i += s.length;
    return true;
  }

  private expect(s: string): void {
    if (!this.eat(s)) throw new Error(`expected ${s} at ${this.i} in ${this.src}`);
  }

  // expr := sum ('<<' sum)*
  private expr(): Value {
    let x = this.sum();
    while (this.eat("<<")) x = binary("<<", x, this.sum());
    return x;
  }

  private sum(): Value {
    let x = this.product();
    for (;;) {
      if (this.eat("+")) x = binary("+", x, this.product());
      else if (this.peek("-") && !this.peek("->")) {
        this.i++;
        x = binary("-", x, this.product());
      } else return x;
    }
  }

  private product(): Value {
    let x = this.unaryExpr();
    while (this.eat("*")) x = binary("*", x, this.unaryExpr());
    return x;
  }

  private unaryExpr(): Value {
    if (this.eat("-")) return unary("-", this.unaryExpr());
    return this.postfix();
  }

  private postfix(): Value {
    let x = this.primary();
    for (;;) {
      if (this.eat(".")) x = getAttr(x, this.ident());
      else if (this.eat("(")) {
        const [args, kwargs] = this.args();
        x = call(x, args, kwargs.length > 0 ? kwargs : null);
      } else if (this.eat("[")) {
        const lo = this.peek(":") ? undefined : this.expr();
        if (this.eat(":")) {
          const hi = this.peek("]") || this.peek(":") ? undefined : this.expr();
          let step: Value | undefined;
          if (this.eat(":")) step = this.peek("]") ? undefined : this.expr();
          this.expect("]");
          x = slice(x, lo, hi, step);
        } else {
          this.expect("]");
          x = getIndex(x, lo as Value);
        }
      } else return x;
    }
  }

  private args(): [Value[], [string, Value][]] {
    const args: Value[] = [];
    const kwargs: [string, Value][] = [];
    while (!this.eat(")")) {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/.exec(this.src.slice(this.i));
      if (m) {
        this.i += m[0].length;
        kwargs.push([m[1], this.expr()]);
      } else args.push(this.expr());
      if (!this.eat(",")) {
        this.expect(")");
        break;
      }
    }
    return [args, kwargs];
  }

  private ident(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.i));
    if (!m) throw new Error(`expected identifier at ${this.i} in ${this.src}`);
    this.i += m[0].length;
    return m[0];
  }

  private primary(): Value {
    this.ws();
    const rest = this.src.slice(this.i);
    let m: RegExpExecArray | null;
    if ((m = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)/.exec(rest))) {
      this.i += m[0].length;
      const t = m[0];
      if (/^0[xX]/.test(t)) return normInt(BigInt(t));
      if (/[.eE]/.test(t)) return new SFloat(Number(t));
      return normInt(BigInt(t));
    }
    if ((m = /^(b?)(["'])/.exec(rest))) {
      this.i += m[0].length;
      const s = this.stringBody(m[2]);
      return m[1] ? new SBytes(s) : s;
    }
    if (this.eat("(")) {
      if (this.eat(")")) return new STuple([]);
      const first = this.expr();
      if (this.eat(")")) return first;
      const elems = [first];
      while (this.eat(",")) {
        if (this.peek(")")) break;
        elems.push(this.expr());
      }
      this.expect(")");
      return new STuple(elems);
    }
    if (this.eat("[")) {
      const elems: Value[] = [];
      while (!this.eat("]")) {
        elems.push(this.expr());
        if (!this.eat(",")) {
          this.expect("]");
          break;
        }
      }
      return new SList(elems);
    }
    if (this.eat("{")) {
      const d = new SDict();
      while (!this.eat("}")) {
        const k = this.expr();
        this.expect(":");
        d.setKey(k, this.expr());
        if (!this.eat(",")) {
          this.expect("}");
          break;
        }
      }
      return d;
    }
    const name = this.ident();
    if (!(name in UNIVERSE)) throw new Error(`unknown name ${name} in ${this.src}`);
    return UNIVERSE[name];
  }

  /** A string literal body up to the closing quote, as a byte string. */
  private stringBody(q: string): string {
    let out = "";
    for (;;) {
      if (this.i >= this.src.length) throw new Error(`unterminated string in ${this.src}`);
      const c = this.src[this.i++];
      if (c === q) return out;
      if (c !== "\\") {
        const cp = this.src.codePointAt(this.i - 1)!;
        if (cp > 0xffff) this.i++;
        out += toByteString(String.fromCodePoint(cp));
        continue;
      }
      const e = this.src[this.i++];
      const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0" };
      if (e in simple) out += simple[e];
      else if (e === "x") {
        out += String.fromCharCode(parseInt(this.src.slice(this.i, this.i + 2), 16));
        this.i += 2;
      } else if (e === "u" || e === "U") {
        const n = e === "u" ? 4 : 8;
        out += encodeRune(parseInt(this.src.slice(this.i, this.i + n), 16));
        this.i += n;
      } else throw new Error(`unknown escape \\${e} in ${this.src}`);
    }
  }
}

function normInt(b: bigint): number | bigint {
  return b >= -(2n ** 53n - 1n) && b <= 2n ** 53n - 1n ? Number(b) : b;
}

/** Evaluates a Starlark call expression (test sources are UTF-8 text). */
export function evalStarlark(src: string): Value {
  return new Parser(src).parse();
}

/** The outcome of evaluating src as go-oracle style JSON: { ok: repr } or { err: msg },
 *  plus the lines printed. Texts are converted from byte strings to JS text. */
export function outcome(src: string): { ok?: string; err?: string; prints?: string[] } {
  const prints: string[] = [];
  setPrint((msg) => prints.push(fromByteString(msg)));
  try {
    const v = evalStarlark(src);
    return prints.length > 0 ? { ok: fromByteString(repr(v)), prints } : { ok: fromByteString(repr(v)) };
  } catch (e) {
    if (!(e instanceof StarlarkError)) throw e;
    const err = fromByteString(e.message);
    return prints.length > 0 ? { err, prints } : { err };
  } finally {
    setPrint(() => {});
  }
}

export interface Case {
  expr: string;
  ok?: string;
  err?: string;
  prints?: string[];
}

/** The cases of one file of runtime-library-cases (JSON lines written by gen.go). */
export function loadCases(name: string): Case[] {
  // Compiled tests live in out/test/starlark; the fixtures stay in the source tree.
  const file = path.resolve(__dirname, "../../../test/starlark/runtime-library-cases", name);
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Case);
}

/** Asserts that every case evaluates as go.starlark.net did. Reports all mismatches at once. */
export function checkCases(cases: readonly Case[]): void {
  const failures: string[] = [];
  for (const c of cases) {
    const want: Case = { expr: c.expr };
    if (c.ok !== undefined) want.ok = c.ok;
    if (c.err !== undefined) want.err = c.err;
    if (c.prints !== undefined) want.prints = c.prints;
    let got: Case;
    try {
      got = { expr: c.expr, ...outcome(c.expr) };
    } catch (e) {
      got = { expr: c.expr, err: `JS exception: ${(e as Error).stack}` };
    }
    try {
      assert.deepEqual(got, want);
    } catch {
      failures.push(`${c.expr}\n   got:  ${JSON.stringify({ ...got, expr: undefined })}\n   want: ${JSON.stringify({ ...want, expr: undefined })}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length} of ${cases.length} cases differ:\n` + failures.join("\n"));
}

export { SList, SDict, SSet, STuple, SFloat, SBytes };
