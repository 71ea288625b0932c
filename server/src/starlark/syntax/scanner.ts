// The Starlark scanner, a port of go.starlark.net/syntax/scan.go (scanner.nextToken,
// scanString, scanNumber). Positions are counted exactly as there: lines and columns are
// 1-based, a column is one rune (code point; a tab is one column too, tabs only matter for
// the indentation width), and "\r\n" or a lone "\r" is one newline. We add `offset`, the
// UTF-16 index into the source.
//
// Unlike Go, which panics at the first error, the scanner reports each error through a
// callback and carries on with a best-effort token, so that the parser can recover.
import type { Comment, Position } from "./ast";
import { unquote } from "./quote";
import { keywordTokens, type Token } from "./tokens";
import { quoteRune } from "./quote";

export interface TokenValue {
  tok: Token;
  /** Source text of the token; string literals have newlines normalised to "\n" (as Go). */
  raw: string;
  /** Start of the token. */
  pos: Position;
  /** Just past the token's last character. */
  end: Position;
  /** STRING/BYTES: byte string; INT: bigint; FLOAT: number. */
  value?: string | bigint | number;
  /** The token is the first on its physical line (used by error recovery). */
  firstOnLine: boolean;
}

export type ScanErrorHandler = (pos: Position, msg: string, end: Position) => void;

const TAB_WIDTH = 8;

// Character classes as in scan.go (isIdentStart uses unicode.IsLetter).
const letter = /^\p{L}$/u;
function isdigit(c: number): boolean { return c >= 0x30 && c <= 0x39; }
function isodigit(c: number): boolean { return c >= 0x30 && c <= 0x37; }
function isbdigit(c: number): boolean { return c === 0x30 || c === 0x31; }
function isxdigit(c: number): boolean {
  return isdigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
export function isIdentStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f ||
    (c >= 0x80 && letter.test(String.fromCodePoint(c)));
}
export function isIdent(c: number): boolean { return isdigit(c) || isIdentStart(c); }

/** What a lone UTF-16 surrogate reads as: go.starlark.net reads UTF-8, where the closest
 *  thing, an invalid byte, decodes as U+FFFD (one column). */
const LONE_SURROGATE_RUNE = 0xfffd;
const NL = 0x0a, CR = 0x0d, SPACE = 0x20, TAB = 0x09, HASH = 0x23, BACKSLASH = 0x5c;

/** The scanner state that `snapshot`/`restore` save (everything but the error sink). */
interface State {
  i: number; line: number; col: number; lineStartOffset: number;
  depth: number; indentstk: number[]; dents: number; lineStart: boolean;
}

export class Scanner {
  /** Full-line and suffix comments, in source order. */
  readonly comments: Comment[] = [];
  /** Nesting of ( [ { ; newlines inside brackets are not tokens. */
  depth = 0;

  private i = 0; // UTF-16 index of the next character
  private line = 1;
  private col = 1;
  private lineStartOffset = 0;
  private indentstk: number[] = [0];
  private dents = 0; // pending INDENT (>0) or OUTDENT (<0) tokens
  private lineStart = true; // after NEWLINE: measure indentation
  private tokenOnLine = -1; // line of the last token produced
  /** End of the last token made: the next token's start when nothing lies between them
   *  (positions are never mutated, so equal ones can be one object). */
  private lastTokenEnd: Position | undefined;
  private readonly names = new Map<string, string>();

  constructor(private readonly src: string, private readonly onError: ScanErrorHandler) {}

  /** The current input position (Go's sc.pos): just past the last token scanned. */
  get pos(): Position {
    return { line: this.line, col: this.col, offset: this.i };
  }

  // ---- characters ---------------------------------------------------------------------

  /** The next code point without consuming it; 0 at end of input (and, as in Go, for a
   *  NUL character, which therefore ends the token stream). "\r" reads as "\n". */
  private peekRune(): number {
    if (this.i >= this.src.length) return 0;
    const c = this.src.charCodeAt(this.i);
    if (c === CR) return NL;
    if (c >= 0xd800 && c < 0xe000) {
      const cp = this.src.codePointAt(this.i)!;
      return cp > 0xffff ? cp : LONE_SURROGATE_RUNE;
    }
    return c;
  }

  private peekChar(k: number): string {
    return this.src[this.i + k] ?? "";
  }

  private eof(): boolean {
    return this.i >= this.src.length;
  }

  /** Consumes one code point (or one newline sequence) and returns it. */
  private readRune(): number {
    if (this.i >= this.src.length) return 0;
    let c = this.src.charCodeAt(this.i++);
    if (c === CR) {
      if (this.src.charCodeAt(this.i) === NL) this.i++;
      c = NL;
    }
    if (c === NL) {
      this.line++;
      this.col = 1;
      this.lineStartOffset = this.i;
      return c;
    }
    if (c >= 0xd800 && c < 0xe000) {
      const lo = this.src.charCodeAt(this.i);
      if (c < 0xdc00 && lo >= 0xdc00 && lo < 0xe000) {
        this.i++;
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
      } else {
        c = LONE_SURROGATE_RUNE;
      }
    }
    this.col++;
    return c;
  }

  private error(pos: Position, msg: string, end?: Position): void {
    this.onError(pos, msg, end ?? this.pos);
  }

  // ---- recovery support -----------------------------------------------------------------

  private snapshot(): State {
    return {
      i: this.i, line: this.line, col: this.col, lineStartOffset: this.lineStartOffset,
      depth: this.depth, indentstk: [...this.indentstk], dents: this.dents, lineStart: this.lineStart,
    };
  }

  private restore(s: State): void {
    Object.assign(this, { ...s, indentstk: [...s.indentstk] });
  }

  /** Error recovery: forget open brackets and rescan from the start of the line of the
   *  token at `pos` (which must be on or before the current line), measuring its
   *  indentation as a statement line. Comments already collected are dropped from there. */
  rewindToLineOf(pos: Position): void {
    let offset = pos.offset;
    while (offset > 0 && this.src[offset - 1] !== "\n" && this.src[offset - 1] !== "\r") offset--;
    this.restore({
      i: offset, line: pos.line, col: 1, lineStartOffset: offset, depth: 0,
      indentstk: this.indentstk, dents: 0, lineStart: true,
    });
    while (this.comments.length > 0 && this.comments[this.comments.length - 1].start.offset >= offset) {
      this.comments.pop();
    }
    this.tokenOnLine = pos.line - 1;
  }

  /** Starts scanning at `pos`, the start of a line at top level (no brackets or indentation
   *  open): for re-parsing part of a file (incremental.ts). Call before the first next(). */
  startAt(pos: Position): void {
    this.restore({ i: pos.offset, line: pos.line, col: 1, lineStartOffset: pos.offset, depth: 0, indentstk: [0], dents: 0, lineStart: true });
    this.tokenOnLine = pos.line - 1;
  }

  /** No bracket, indented block or pending INDENT/OUTDENT is open (incremental.ts). */
  get atTopLevel(): boolean {
    return this.depth === 0 && this.indentstk.length === 1 && this.dents === 0;
  }

  /** Indentation levels currently open (for recovery heuristics). */
  get indentLevels(): readonly number[] {
    return this.indentstk;
  }

  // ---- tokens ---------------------------------------------------------------------------

  /** nextToken in scan.go. */
  next(): TokenValue {
    const v = this.nextToken();
    v.firstOnLine = v.pos.line !== this.tokenOnLine;
    if (v.tok !== "NEWLINE" && v.tok !== "INDENT" && v.tok !== "OUTDENT" && v.tok !== "EOF") {
      this.tokenOnLine = v.end.line;
    }
    return v;
  }

  private token(tok: Token, start: Position, raw?: string, value?: string | bigint | number): TokenValue {
    const end = (this.lastTokenEnd = this.pos);
    return {
      tok, pos: start, end,
      raw: raw ?? this.src.slice(start.offset, end.offset),
      value, firstOnLine: false,
    };
  }

  private nextToken(): TokenValue {
    for (;;) {
      let c: number;
      // Leading spaces and indentation.
      let blank = false;
      const savedLineStart = this.lineStart;
      if (this.lineStart) {
        this.lineStart = false;
        let col = 0;
        for (;;) {
          // (readRune of a space or tab only advances i and col)
          const ch = this.src.charCodeAt(this.i);
          if (ch === SPACE) {
            col++;
            this.i++;
            this.col++;
          } else if (ch === TAB) {
            col += TAB_WIDTH - ((this.col - 1) % TAB_WIDTH);
            this.i++;
            this.col++;
          } else {
            c = this.peekRune();
            break;
          }
        }
        // The third clause matches EOF.
        if (c === HASH || c === NL || c === 0) blank = true;

        // Indentation levels are computed for non-blank lines outside brackets only.
        if (!blank && this.depth === 0) {
          const cur = this.indentstk[this.indentstk.length - 1];
          if (col > cur) {
            this.dents++;
            this.indentstk.push(col);
          } else if (col < cur) {
            while (this.indentstk.length > 0 && col < this.indentstk[this.indentstk.length - 1]) {
              this.dents--;
              this.indentstk.pop();
            }
            // Go stops here. We carry on as if the line were indented to the enclosing
            // level we have just returned to.
            if (col !== this.indentstk[this.indentstk.length - 1]) {
              this.error(this.pos, "unindent does not match any outer indentation level");
            }
          }
        }
      }

      // Saved indentation tokens.
      if (this.dents !== 0) {
        const start = this.pos;
        if (this.dents < 0) {
          this.dents++;
          return this.token("OUTDENT", start, "");
        }
        this.dents--;
        return this.token("INDENT", start, "");
      }

      c = this.peekRune();
      while (c === SPACE || c === TAB) {
        this.readRune();
        c = this.peekRune();
      }

      if (c === HASH) {
        const start = this.pos;
        while (c !== 0 && c !== NL) {
          this.readRune();
          c = this.peekRune();
        }
        this.comments.push({ start, text: this.src.slice(start.offset, this.i) });
      }

      if (c === NL) {
        this.lineStart = true;
        // Newlines inside brackets, and blank lines, are not tokens.
        if (this.depth > 0 || blank) {
          this.readRune();
          continue;
        }
        const start = this.pos;
        this.readRune();
        return this.token("NEWLINE", start, "\n");
      }

      if (c === 0) {
        // End of file: a NEWLINE if the last line had no newline, then the OUTDENTs
        // of unfinished indentation, then EOF.
        if (this.indentstk.length > 1) {
          if (savedLineStart) {
            this.dents = 1 - this.indentstk.length;
            this.indentstk.length = 1;
            continue;
          }
          this.lineStart = true;
          return this.token("NEWLINE", this.pos, "\n");
        }
        return this.token("EOF", this.pos, "");
      }

      if (c === BACKSLASH) {
        this.readRune();
        if (this.peekRune() !== NL) {
          // Go stops; we ignore the backslash.
          this.error(this.pos, "stray backslash in program");
          continue;
        }
        this.readRune();
        continue;
      }

      return this.scanToken(c);
    }
  }

  /** A token proper, starting with character c (not blank, not a newline). */
  private scanToken(c: number): TokenValue {
    const last = this.lastTokenEnd;
    const start = last !== undefined && last.offset === this.i && last.line === this.line && last.col === this.col ? last : this.pos;

    if (c === 0x2c) { this.readRune(); return this.token("COMMA", start); }

    if (c === 0x22 || c === 0x27) return this.scanString(start);

    if (isIdentStart(c)) {
      const c1 = this.peekChar(1), c2 = this.peekChar(2);
      if ((c === 0x72 || c === 0x62) && (c1 === '"' || c1 === "'")) {
        this.readRune(); // r"..." or b"..."
        return this.scanString(start);
      }
      if (c === 0x72 && c1 === "b" && (c2 === '"' || c2 === "'")) {
        this.readRune(); // rb"..."
        this.readRune();
        return this.scanString(start);
      }
      // ASCII letters, digits and _ in bulk (readRune would only advance i and col)...
      const src = this.src;
      let i = this.i;
      for (;;) {
        const ch = src.charCodeAt(i);
        if ((ch >= 0x61 && ch <= 0x7a) || (ch >= 0x41 && ch <= 0x5a) || ch === 0x5f || (ch >= 0x30 && ch <= 0x39)) i++;
        else break;
      }
      this.col += i - this.i;
      this.i = i;
      // ...then anything else, one rune at a time.
      c = this.peekRune();
      while (isIdent(c)) {
        this.readRune();
        c = this.peekRune();
      }
      // Identifiers repeat: one string per distinct name.
      const text = src.slice(start.offset, this.i);
      let name = this.names.get(text);
      if (name === undefined) this.names.set(text, (name = text));
      const v = this.token("IDENT", start, name);
      const keyword = keywordTokens.get(v.raw);
      if (keyword !== undefined) v.tok = keyword;
      return v;
    }

    switch (c) {
      case 0x5b: case 0x28: case 0x7b: // [ ( {
        this.depth++;
        this.readRune();
        return this.token(c === 0x5b ? "LBRACK" : c === 0x28 ? "LPAREN" : "LBRACE", start);
      case 0x5d: case 0x29: case 0x7d: // ] ) }
        if (this.depth === 0) {
          this.error(start, `unexpected ${quoteRune(c)}`, { ...start, col: start.col + 1, offset: start.offset + 1 });
        } else {
          this.depth--;
        }
        this.readRune();
        return this.token(c === 0x5d ? "RBRACK" : c === 0x29 ? "RPAREN" : "RBRACE", start);
    }

    if (isdigit(c) || c === 0x2e) return this.scanNumber(start, c);

    return this.scanPunctuation(start, c);
  }

  private scanPunctuation(start: Position, c: number): TokenValue {
    this.readRune();
    const next = this.peekRune();
    switch (c) {
      case 0x3d: return next === 0x3d ? this.take("EQL", start, 1) : this.take("EQ", start, 0); // =
      case 0x21: // !
        if (next === 0x3d) return this.take("NEQ", start, 1);
        this.error(start, "unexpected input character '!'");
        return this.take("ILLEGAL", start, 0);
      case 0x2b: return next === 0x3d ? this.take("PLUS_EQ", start, 1) : this.take("PLUS", start, 0); // +
      case 0x2d: return next === 0x3d ? this.take("MINUS_EQ", start, 1) : this.take("MINUS", start, 0); // -
      case 0x25: return next === 0x3d ? this.take("PERCENT_EQ", start, 1) : this.take("PERCENT", start, 0); // %
      case 0x26: return next === 0x3d ? this.take("AMP_EQ", start, 1) : this.take("AMP", start, 0); // &
      case 0x7c: return next === 0x3d ? this.take("PIPE_EQ", start, 1) : this.take("PIPE", start, 0); // |
      case 0x5e: return next === 0x3d ? this.take("CIRCUMFLEX_EQ", start, 1) : this.take("CIRCUMFLEX", start, 0); // ^
      case 0x3c: // <
        if (next === 0x3d) return this.take("LE", start, 1);
        if (next === 0x3c) return this.peekChar(1) === "=" ? this.take("LTLT_EQ", start, 2) : this.take("LTLT", start, 1);
        return this.take("LT", start, 0);
      case 0x3e: // >
        if (next === 0x3d) return this.take("GE", start, 1);
        if (next === 0x3e) return this.peekChar(1) === "=" ? this.take("GTGT_EQ", start, 2) : this.take("GTGT", start, 1);
        return this.take("GT", start, 0);
      case 0x2f: // /
        if (next === 0x3d) return this.take("SLASH_EQ", start, 1);
        if (next === 0x2f) return this.peekChar(1) === "=" ? this.take("SLASHSLASH_EQ", start, 2) : this.take("SLASHSLASH", start, 1);
        return this.take("SLASH", start, 0);
      case 0x3a: return this.take("COLON", start, 0); // :
      case 0x3b: return this.take("SEMI", start, 0); // ;
      case 0x7e: return this.take("TILDE", start, 0); // ~
      case 0x2a: // *
        if (next === 0x2a) return this.take("STARSTAR", start, 1);
        if (next === 0x3d) return this.take("STAR_EQ", start, 1);
        return this.take("STAR", start, 0);
    }
    // Go reports the position of the character itself.
    this.error(start, `unexpected input character ${quoteRune(c)}`);
    return this.token("ILLEGAL", start);
  }

  /** A punctuation token of `extra` more characters. */
  private take(tok: Token, start: Position, extra: number): TokenValue {
    for (let k = 0; k < extra; k++) this.readRune();
    return this.token(tok, start);
  }

  /** scanString in scan.go. The scanner is positioned at the opening quote; `start` is
   *  the start of the token (before any r/b prefix). */
  private scanString(start: Position): TokenValue {
    const quotePos = this.pos; // Go reports decoding errors here, after the prefix
    const quote = this.src[this.i];
    const quoteCode = this.src.charCodeAt(this.i);
    const triple = this.peekChar(1) === quote && this.peekChar(2) === quote;
    this.readRune();
    let terminated = false;

    if (!triple) {
      for (;;) {
        if (this.eof()) { this.error(start, "unexpected EOF in string"); break; }
        if (this.peekRune() === NL) {
          // Go consumes the newline before complaining; we leave it for the next token.
          this.error(start, "unexpected newline in string");
          break;
        }
        const c = this.readRune();
        if (c === quoteCode) { terminated = true; break; }
        if (c === BACKSLASH) {
          if (this.eof()) { this.error(start, "unexpected EOF in string"); break; }
          this.readRune();
        }
      }
    } else {
      this.readRune();
      this.readRune();
      let quoteCount = 0;
      for (;;) {
        if (this.eof()) { this.error(start, "unexpected EOF in string"); break; }
        const c = this.readRune();
        if (c === quoteCode) {
          if (++quoteCount === 3) { terminated = true; break; }
        } else {
          quoteCount = 0;
        }
        if (c === BACKSLASH) {
          if (this.eof()) { this.error(start, "unexpected EOF in string"); break; }
          this.readRune();
        }
      }
    }
    // The literal as read: the source text, with newlines normalised and lone surrogates
    // read as U+FFFD (as readRune reads them).
    const raw = runesOf(this.src.slice(start.offset, this.i));

    // An unterminated literal is closed for decoding only (its error is already out).
    const decoded = unquote(terminated ? raw : closeQuote(raw, quote, triple));
    if (terminated && decoded.error !== undefined) this.error(quotePos, decoded.error);
    return this.token(decoded.isBytes ? "BYTES" : "STRING", start, raw, decoded.value);
  }

  /** scanNumber in scan.go. */
  private scanNumber(start: Position, c: number): TokenValue {
    if (c >= 0x31 && c <= 0x39) {
      // The common case, a decimal int (no '.', no exponent): what the code below does,
      // without its closures.
      const src = this.src;
      let i = this.i + 1;
      while (isdigit(src.charCodeAt(i))) i++;
      const next = src.charCodeAt(i);
      if (next !== 0x2e && next !== 0x65 && next !== 0x45) {
        this.col += i - this.i;
        this.i = i;
        const raw = src.slice(start.offset, i);
        return this.token("INT", start, raw, BigInt(raw));
      }
    }
    let fraction = false, exponent = false;
    // Go reports each number error and stops; we report and return a token anyway.
    let failed = false;
    const fail = (pos: Position, msg: string) => {
      if (!failed) this.error(pos, msg);
      failed = true;
    };
    const skip = (pred: (c: number) => boolean) => {
      while (pred(c)) { this.readRune(); c = this.peekRune(); }
    };

    if (c === 0x2e) {
      this.readRune();
      c = this.peekRune();
      if (!isdigit(c)) return this.token("DOT", start);
      fraction = true;
    } else if (c === 0x30) {
      this.readRune();
      c = this.peekRune();
      if (c === 0x2e) {
        fraction = true;
      } else if (c === 0x78 || c === 0x58) { // x X
        this.readRune();
        c = this.peekRune();
        if (!isxdigit(c)) fail(start, "invalid hex literal");
        skip(isxdigit);
      } else if (c === 0x6f || c === 0x4f) { // o O
        this.readRune();
        c = this.peekRune();
        if (!isodigit(c)) fail(this.pos, "invalid octal literal");
        skip(isodigit);
      } else if (c === 0x62 || c === 0x42) { // b B
        this.readRune();
        c = this.peekRune();
        if (!isbdigit(c)) fail(this.pos, "invalid binary literal");
        skip(isbdigit);
      } else {
        // float, or the obsolete octal form 0755
        let allZeros = true, octal = true;
        while (isdigit(c)) {
          if (c !== 0x30) allZeros = false;
          if (c > 0x37) octal = false;
          this.readRune();
          c = this.peekRune();
        }
        if (c === 0x2e) {
          fraction = true;
        } else if (c === 0x65 || c === 0x45) {
          exponent = true;
        } else if (octal && !allZeros) {
          const digits = this.src.slice(start.offset + 1, this.i);
          fail(this.pos, `obsolete form of octal literal; use 0o${digits}`);
        }
      }
    } else {
      skip(isdigit);
      if (c === 0x2e) fraction = true;
      else if (c === 0x65 || c === 0x45) exponent = true;
    }

    if (fraction) {
      this.readRune(); // '.'
      c = this.peekRune();
      skip(isdigit);
      if (c === 0x65 || c === 0x45) exponent = true;
    }
    if (exponent) {
      this.readRune(); // [eE]
      c = this.peekRune();
      if (c === 0x2b || c === 0x2d) {
        this.readRune();
        c = this.peekRune();
        if (!isdigit(c)) fail(this.pos, "invalid float literal");
      }
      skip(isdigit);
    }

    const raw = this.src.slice(start.offset, this.i);
    if (fraction || exponent) {
      const value = Number(raw);
      // Number() accepts what strconv.ParseFloat accepts here, except that Go rejects
      // overflow to infinity ("1e400") and a missing exponent ("1e").
      if (!Number.isFinite(value) || /[eE][+-]?$/.test(raw)) fail(this.pos, "invalid float literal");
      return this.token("FLOAT", start, raw, Number.isFinite(value) ? value : 0);
    }
    const value = failed ? 0n : parseIntLiteral(raw);
    if (value === undefined) fail(start, "invalid int literal");
    return this.token("INT", start, raw, value ?? 0n);
  }
}

const INT64_LIMIT = 1n << 63n;

const NEEDS_NORMALISING = /[\r\ud800-\udfff]/;

/** `text` as readRune reads it, rune by rune: "\r\n" and a lone "\r" as "\n", a lone
 *  surrogate as U+FFFD. */
function runesOf(text: string): string {
  if (!NEEDS_NORMALISING.test(text)) return text;
  let out = "";
  for (let k = 0; k < text.length;) {
    const c = text.charCodeAt(k++);
    if (c === CR) {
      if (text.charCodeAt(k) === NL) k++;
      out += "\n";
    } else if (c >= 0xd800 && c < 0xe000) {
      const lo = text.charCodeAt(k);
      if (c < 0xdc00 && lo >= 0xdc00 && lo < 0xe000) {
        k++;
        out += String.fromCharCode(c, lo);
      } else {
        out += String.fromCodePoint(LONE_SURROGATE_RUNE);
      }
    } else {
      out += String.fromCharCode(c);
    }
  }
  return out;
}

/** The value of an int literal as go.starlark.net computes it, or undefined where it
 *  reports "invalid int literal": 0o and 0b literals must fit in int64 (strconv.ParseInt,
 *  no big.Int fallback); a leading 0 means octal, so 089 is invalid. */
function parseIntLiteral(s: string): bigint | undefined {
  const prefix = s.slice(0, 2).toLowerCase();
  if (s.length > 2 && (prefix === "0o" || prefix === "0b")) {
    const v = BigInt(prefix + s.slice(2));
    return v < INT64_LIMIT ? v : undefined;
  }
  if (s.length > 2 && prefix === "0x") return BigInt(s);
  if (s.length > 1 && s[0] === "0") {
    return /^[0-7]+$/.test(s) ? BigInt("0o" + s.slice(1)) : undefined;
  }
  return BigInt(s);
}

/** Completes an unterminated string literal's text so that it can be decoded. */
function closeQuote(raw: string, quote: string, triple: boolean): string {
  let body = raw;
  // A dangling backslash would escape the closing quote we add.
  if (/(^|[^\\])(\\\\)*\\$/.test(body)) body = body.slice(0, -1);
  return body + (triple ? quote.repeat(3) : quote);
}
