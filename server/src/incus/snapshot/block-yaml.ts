// A fast reader for the plain block YAML a snapshot is written in (what `incus-scriptlet
// snapshot` writes and what people type by hand: block maps and lists, one-line scalars, short
// one-line flow lists and maps, `|` text, simple anchors and aliases), giving the same values
// the `yaml` library's parseDocument().toJS() gives, without building its node tree (on a 50 MB
// capture the tree took ~20 s and ~2 GB; this takes ~1 s and ~200 MB).
//
// It is a fast path, not a second YAML implementation: at the first thing outside that subset
// (tags, aliases inside an anchored value, multi-line plain or quoted scalars, `>` text, explicit
// keys, directives, a duplicate key, anything the library would call an error) it gives up and
// returns undefined, and the caller parses the text with the library as before, so every YAML
// error and its position come from the library as they always did (and the positions of schema
// problems too: yaml-locate.ts). Scalars are typed by the library's own core-schema tags (null,
// bool, int, float), so `6.0.4` stays a string and `0x10` is 16.
import { isScalar, parseDocument, type DocumentOptions, type ParseOptions, type SchemaOptions, type Schema } from "yaml";

/** Thrown (one shared object: no stack to capture) when the text leaves the subset. */
const GIVE_UP = { giveUp: true };

type Tag = { test: RegExp; resolve: (source: string, onError: (msg: string) => void, options: unknown) => unknown };

let core: { tags: Tag[]; options: unknown } | undefined;

/** The library's default scalar tags and options, as parseDocument(text, { uniqueKeys: true }) uses them. */
function coreSchema(): { tags: Tag[]; options: unknown } {
  if (!core) {
    const doc = parseDocument("", { uniqueKeys: true } as ParseOptions & DocumentOptions & SchemaOptions);
    const tags = (doc.schema as Schema).tags as unknown as (Partial<Tag> & { default?: unknown; collection?: unknown })[];
    core = { tags: tags.filter((t): t is Tag => t.default === true && !t.collection && t.test instanceof RegExp), options: doc.options };
  }
  return core as { tags: Tag[]; options: unknown };
}

/** Plain scalars whose first character cannot start a null, bool, int or float of the core schema are strings. */
const MAY_BE_TYPED = new Uint8Array(128);
for (const c of "~nNtTfF0123456789+-.") MAY_BE_TYPED[c.charCodeAt(0)] = 1;

const onTagError = (): never => {
  throw GIVE_UP;
};

/** A plain scalar's value under the core schema (first default tag whose test matches, as the library does). */
export function resolvePlain(source: string): unknown {
  const c = source.charCodeAt(0);
  if (c >= 128 || MAY_BE_TYPED[c] === 0) return source;
  const { tags, options } = coreSchema();
  for (const tag of tags) {
    if (tag.test.test(source)) {
      const value = tag.resolve(source, onTagError, options);
      return isScalar(value) ? value.value : value;
    }
  }
  return source;
}

/** Characters no fast-path text may hold (the library has its own rules for them). */
const AWKWARD = /[\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

const SPACE = 32;
const NL = 10;
const TAB = 9;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const DQUOTE = 34;
const SQUOTE = 39;

const ESCAPES: Record<string, string> = {
  "0": "\0", a: "\x07", b: "\b", e: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
  N: "\u0085", _: "\u00a0", L: "\u2028", P: "\u2029", " ": " ", '"': '"', "/": "/", "\\": "\\", "\t": "\t",
};

/**
 * The document's value, when the text is a block mapping inside the subset; undefined when the
 * library must read it (anything else, including every text with an error).
 */
export function readBlockYaml(text: string): Record<string, unknown> | undefined {
  return readBlockYamlDocument(text)?.value;
}

/** readBlockYaml, and whether the text used anchors and aliases. */
export function readBlockYamlDocument(text: string): { value: Record<string, unknown>; usedAnchors: boolean } | undefined {
  if (AWKWARD.test(text)) return undefined;
  try {
    const reader = new BlockReader(text);
    const value = reader.document();
    return { value, usedAnchors: reader.usedAnchors };
  } catch {
    // GIVE_UP, a stack overflow on a deep document, or anything unforeseen: the library decides.
    return undefined;
  }
}

/** toJS() refuses a document whose aliases expand more than this (an alias bomb). */
const MAX_ALIAS_COUNT = 1000;

interface Anchor {
  value: unknown;
  /** The library's getAliasCount for a node without aliases inside: 0 for an empty collection, else 1. */
  weight: number;
  uses: number;
}

class BlockReader {
  private readonly text: string;
  private readonly len: number;
  private readonly hasTabs: boolean;
  /** Start of the current line. */
  private pos = 0;
  /** Indentation of the current content line (set by nextContentLine). */
  private indent = 0;
  /** Anchors defined so far: an alias is the anchored value itself (the same object), as in toJS. */
  private readonly anchors = new Map<string, Anchor>();
  /** Inside an anchored value: an alias there (a nested or recursive one) is left to the library. */
  private anchoring = 0;
  /** Whether the text defined an anchor. */
  get usedAnchors(): boolean {
    return this.anchors.size > 0;
  }

  constructor(text: string) {
    this.text = text;
    this.len = text.length;
    this.hasTabs = text.includes("\t");
  }

  document(): Record<string, unknown> {
    if (!this.nextContentLine()) throw GIVE_UP; // empty: the library's answer (null) is the caller's business
    if (this.indent === 0 && this.isMarker(this.pos, "---")) {
      const end = this.lineEnd(this.pos);
      if (this.text.slice(this.pos + 3, end).trim() !== "") throw GIVE_UP;
      this.pos = end + 1;
      if (!this.nextContentLine()) throw GIVE_UP;
    }
    if (this.indent !== 0 || this.keyColon(this.pos) < 0) throw GIVE_UP;
    const root = this.blockMap(0, -1);
    if (this.nextContentLine()) throw GIVE_UP; // something the block map did not take
    return root;
  }

  /** Moves to the next line with content (skipping blank and comment lines); false at the end. */
  private nextContentLine(): boolean {
    const { text, len } = this;
    let p = this.pos;
    for (;;) {
      if (p >= len) {
        this.pos = len;
        return false;
      }
      let i = p;
      while (i < len && text.charCodeAt(i) === SPACE) i++;
      if (i >= len) {
        this.pos = len;
        return false;
      }
      const c = text.charCodeAt(i);
      if (c === NL) {
        p = i + 1;
        continue;
      }
      if (c === TAB) throw GIVE_UP;
      if (c === HASH) {
        p = this.lineEnd(i) + 1;
        continue;
      }
      this.pos = p;
      this.indent = i - p;
      return true;
    }
  }

  private lineEnd(p: number): number {
    const e = this.text.indexOf("\n", p);
    return e < 0 ? this.len : e;
  }

  private isMarker(p: number, marker: string): boolean {
    if (!this.text.startsWith(marker, p)) return false;
    const c = this.text.charCodeAt(p + 3);
    return Number.isNaN(c) || c === SPACE || c === NL;
  }

  /** `-` followed by a space or the end of the line: a list entry. */
  private isDash(p: number): boolean {
    if (this.text.charCodeAt(p) !== DASH) return false;
    const c = this.text.charCodeAt(p + 1);
    return Number.isNaN(c) || c === SPACE || c === NL;
  }

  /**
   * Where the `:` of an implicit key starting at p is, or -1 when the line at p is not `key: …`.
   * Gives up on keys the subset does not read.
   */
  private keyColon(p: number): number {
    const { text } = this;
    const c = text.charCodeAt(p);
    const end = this.lineEnd(p);
    if (c === DQUOTE || c === SQUOTE) {
      const [, after] = c === DQUOTE ? this.doubleQuoted(p, end) : this.singleQuoted(p, end);
      let i = after;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) === COLON && (i + 1 >= end || text.charCodeAt(i + 1) === SPACE)) return i;
      return -1;
    }
    if (c === 0x5b || c === 0x7b || c === 0x7c) return -1; // a flow collection or a text block: a value
    if (!this.plainMayStart(p, end)) return -1;
    // A plain scalar in block context holds no ": " and no " #", so the first of them decides.
    const line = text.slice(p, end);
    let i = 0;
    for (;;) {
      const colon = line.indexOf(":", i);
      if (colon < 0) return -1;
      if (colon + 1 >= line.length || line.charCodeAt(colon + 1) === SPACE) {
        const hash = line.indexOf(" #");
        if (hash >= 0 && hash < colon) return -1;
        if (this.hasTabs && line.slice(0, colon).includes("\t")) throw GIVE_UP;
        return p + colon;
      }
      i = colon + 1;
    }
  }

  /** Whether a plain scalar may start at p (not an indicator the subset leaves to the library). */
  private plainMayStart(p: number, end: number): boolean {
    const c = this.text.charCodeAt(p);
    switch (c) {
      case 0x2d: // - ? : only when followed by a non-space
      case 0x3f:
      case 0x3a: {
        const next = p + 1 < end ? this.text.charCodeAt(p + 1) : SPACE;
        if (next === SPACE) throw GIVE_UP;
        return c !== 0x3a; // ":x" is legal but rare: the library reads it
      }
      case 0x2c: // , [ ] { } # & * ! | > ' " % @ `
      case 0x5b:
      case 0x5d:
      case 0x7b:
      case 0x7d:
      case 0x23:
      case 0x26:
      case 0x2a:
      case 0x21:
      case 0x7c:
      case 0x3e:
      case 0x27:
      case 0x22:
      case 0x25:
      case 0x40:
      case 0x60:
        throw GIVE_UP;
      default:
        return true;
    }
  }

  /** A block mapping at `indent`; with firstKey >= 0, its first key sits mid-line there (`- key: …`). */
  private blockMap(indent: number, firstKey: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const { text } = this;
    let p = firstKey;
    for (;;) {
      if (p < 0) {
        if (!this.nextContentLine() || this.indent < indent) break;
        if (this.indent > indent) throw GIVE_UP;
        p = this.pos + indent;
        if (indent === 0 && (this.isMarker(p, "---") || this.isMarker(p, "..."))) throw GIVE_UP;
        if (this.isDash(p)) throw GIVE_UP; // a list entry among keys: the library's error
      }
      const colon = this.keyColon(p);
      if (colon < 0) throw GIVE_UP;
      const key = this.keyAt(p, colon);
      if (key === "__proto__" || Object.prototype.hasOwnProperty.call(out, key)) throw GIVE_UP;
      let q = colon + 1;
      const end = this.lineEnd(q);
      while (q < end && text.charCodeAt(q) === SPACE) q++;
      if (q >= end || text.charCodeAt(q) === HASH) {
        out[key] = this.valueBelow(indent, end, true);
      } else {
        out[key] = this.inlineValue(q, end, indent, true);
      }
      p = -1;
    }
    return out;
  }

  /**
   * The value of a key or list entry with nothing after it on its line: a nested block, or null.
   * Only a key's value may be a list at the key's own indentation (`key:` then `- x` below it).
   */
  private valueBelow(indent: number, lineEnd: number, ofKey: boolean): unknown {
    this.pos = lineEnd + 1;
    if (!this.nextContentLine()) return null;
    if (this.indent > indent) {
      const p = this.pos + this.indent;
      if (this.isDash(p)) return this.blockSeq(this.indent);
      if (this.keyColon(p) >= 0) return this.blockMap(this.indent, -1);
      throw GIVE_UP; // a scalar on its own line (maybe multi-line plain): the library reads it
    }
    if (ofKey && this.indent === indent && this.isDash(this.pos + indent)) return this.blockSeq(indent);
    return null;
  }

  /** A block list at `indent`; with first >= 0, its first `-` sits mid-line there (`- - x`). */
  private blockSeq(indent: number, first = -1): unknown[] {
    const out: unknown[] = [];
    const { text } = this;
    for (;;) {
      let p = first;
      first = -1;
      if (p < 0) {
        if (!this.nextContentLine() || this.indent < indent) break;
        if (this.indent > indent) throw GIVE_UP;
        p = this.pos + indent;
        if (!this.isDash(p)) break; // the next key of the mapping this list is a value of
      }
      const end = this.lineEnd(p);
      let q = p + 1;
      while (q < end && text.charCodeAt(q) === SPACE) q++;
      if (q >= end || text.charCodeAt(q) === HASH) {
        out.push(this.valueBelow(indent, end, false));
      } else if (this.isDash(q)) {
        out.push(this.blockSeq(q - this.pos, q));
      } else if (text.charCodeAt(q) === 0x26 || text.charCodeAt(q) === 0x2a) {
        out.push(this.inlineValue(q, end, indent, false));
      } else if (this.keyColon(q) >= 0) {
        out.push(this.blockMap(q - this.pos, q));
      } else {
        out.push(this.inlineValue(q, end, indent, false));
      }
    }
    return out;
  }

  /** A key's value as a JS property name (the library's String(value); null is ""). */
  private keyAt(p: number, colon: number): string {
    const c = this.text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const end = this.lineEnd(p);
      return (c === DQUOTE ? this.doubleQuoted(p, end) : this.singleQuoted(p, end))[0];
    }
    const source = this.text.slice(p, colon).trimEnd();
    if (source.length > 1024) throw GIVE_UP;
    const value = resolvePlain(source);
    return value === null ? "" : String(value);
  }

  /** A value that starts at q on the current line (parent at `indent`); moves to the next line. */
  private inlineValue(q: number, end: number, indent: number, ofKey: boolean): unknown {
    const { text } = this;
    const c = text.charCodeAt(q);
    let value: unknown;
    let after: number;
    if (c === 0x26) return this.anchored(q, end, indent, ofKey);
    if (c === 0x2a) return this.alias(q, end);
    if (c === DQUOTE) [value, after] = this.doubleQuoted(q, end);
    else if (c === SQUOTE) [value, after] = this.singleQuoted(q, end);
    else if (c === 0x5b || c === 0x7b) [value, after] = this.flow(q, end);
    else if (c === 0x7c) return this.literal(q, end, indent);
    else {
      this.plainMayStart(q, end);
      const line = text.slice(q, end);
      const hash = line.indexOf(" #");
      const source = (hash >= 0 ? line.slice(0, hash) : line).trimEnd();
      if (source.includes(": ") || source.endsWith(":")) throw GIVE_UP; // `key: a: b`
      if (this.hasTabs && source.includes("\t")) throw GIVE_UP;
      this.pos = end + 1;
      return resolvePlain(source);
    }
    this.restOfLine(after, end);
    this.pos = end + 1;
    return value;
  }

  /** `&name value` (or `&name` with the value on the lines below). */
  private anchored(q: number, end: number, indent: number, ofKey: boolean): unknown {
    const [name, after] = this.anchorName(q, end);
    const r = this.skipSpaces(after, end);
    this.anchoring++;
    let value: unknown;
    if (r >= end || this.text.charCodeAt(r) === HASH) {
      if (r === after && r < end) throw GIVE_UP; // `&a#x`
      value = this.valueBelow(indent, end, ofKey);
    } else {
      if (r === after) throw GIVE_UP;
      const c = this.text.charCodeAt(r);
      // `- &a key: v`, `&a &b x`, `&a *b`: the library decides what those mean.
      if (c === 0x26 || c === 0x2a || this.keyColon(r) >= 0) throw GIVE_UP;
      value = this.inlineValue(r, end, indent, ofKey);
    }
    this.anchoring--;
    const empty = value !== null && typeof value === "object" && Object.keys(value).length === 0;
    this.anchors.set(name, { value, weight: empty ? 0 : 1, uses: 0 });
    return value;
  }

  /** `*name`: the anchored value, counted against the alias limit. */
  private alias(q: number, end: number): unknown {
    const [name, after] = this.anchorName(q, end);
    this.restOfLine(after, end);
    const anchor = this.anchors.get(name);
    if (!anchor || this.anchoring > 0) throw GIVE_UP;
    anchor.uses++;
    if (anchor.uses * anchor.weight > MAX_ALIAS_COUNT) throw GIVE_UP;
    this.pos = end + 1;
    return anchor.value;
  }

  private anchorName(q: number, end: number): [string, number] {
    let i = q + 1;
    while (i < end) {
      const c = this.text.charCodeAt(i);
      const word = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d || c === 0x2e;
      if (!word) break;
      i++;
    }
    if (i === q + 1) throw GIVE_UP;
    if (i < end && this.text.charCodeAt(i) !== SPACE) throw GIVE_UP;
    return [this.text.slice(q + 1, i), i];
  }

  /** After a value: only spaces and a comment (with a space before its #) may follow. */
  private restOfLine(i: number, end: number): void {
    const start = i;
    while (i < end && this.text.charCodeAt(i) === SPACE) i++;
    if (i >= end) return;
    if (this.text.charCodeAt(i) === HASH && i > start) return;
    throw GIVE_UP;
  }

  /** A one-line double-quoted scalar from p: [value, offset after the closing quote]. */
  private doubleQuoted(p: number, end: number): [string, number] {
    const { text } = this;
    const line = text.slice(p + 1, end);
    const close = line.indexOf('"');
    if (close >= 0) {
      const slash = line.indexOf("\\");
      if (slash < 0 || slash > close) return [line.slice(0, close), p + 2 + close];
    }
    let out = "";
    let i = p + 1;
    for (;;) {
      if (i >= end) throw GIVE_UP; // continues on the next line
      const c = text.charCodeAt(i);
      if (c === DQUOTE) return [out, i + 1];
      if (c !== 0x5c) {
        out += text[i++];
        continue;
      }
      const e = text[i + 1];
      if (i + 1 >= end) throw GIVE_UP;
      if (e === "x" || e === "u" || e === "U") {
        const n = e === "x" ? 2 : e === "u" ? 4 : 8;
        const hex = text.slice(i + 2, i + 2 + n);
        if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex) || i + 2 + n > end) throw GIVE_UP;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) throw GIVE_UP;
        out += String.fromCodePoint(code);
        i += 2 + n;
        continue;
      }
      const esc = ESCAPES[e];
      if (esc === undefined) throw GIVE_UP;
      out += esc;
      i += 2;
    }
  }

  /** A one-line single-quoted scalar from p ('' is a quote). */
  private singleQuoted(p: number, end: number): [string, number] {
    const { text } = this;
    let out = "";
    let i = p + 1;
    for (;;) {
      const close = text.indexOf("'", i);
      if (close < 0 || close >= end) throw GIVE_UP;
      out += text.slice(i, close);
      if (text.charCodeAt(close + 1) === SQUOTE && close + 1 < end) {
        out += "'";
        i = close + 2;
        continue;
      }
      return [out, close + 1];
    }
  }

  /** A one-line flow list or map from p: [value, offset after its closing bracket]. */
  private flow(p: number, end: number): [unknown, number] {
    const { text } = this;
    const isMap = text.charCodeAt(p) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    let i = this.skipSpaces(p + 1, end);
    if (text.charCodeAt(i) === close) return [isMap ? map : list, i + 1];
    for (;;) {
      if (isMap) {
        const [key, afterKey] = this.flowScalar(i, end, true);
        if (key !== null && typeof key === "object") throw GIVE_UP;
        const name = key === null ? "" : String(key);
        i = this.skipSpaces(afterKey, end);
        if (text.charCodeAt(i) !== COLON) throw GIVE_UP;
        i = this.skipSpaces(i + 1, end);
        const c = text.charCodeAt(i);
        if (c === 0x2c || c === close) throw GIVE_UP; // `{a: }`: the library reads it
        const [value, afterValue] = this.flowItem(i, end);
        if (name === "__proto__" || Object.prototype.hasOwnProperty.call(map, name)) throw GIVE_UP;
        map[name] = value;
        i = afterValue;
      } else {
        const [value, afterValue] = this.flowItem(i, end);
        list.push(value);
        i = afterValue;
      }
      i = this.skipSpaces(i, end);
      const c = text.charCodeAt(i);
      if (i < end && c === close) return [isMap ? map : list, i + 1];
      if (i >= end || c !== 0x2c) throw GIVE_UP; // `[a: b]`, a comment, a line break …
      i = this.skipSpaces(i + 1, end);
      const next = text.charCodeAt(i);
      if (i >= end || next === close || next === 0x2c) throw GIVE_UP; // trailing or double comma
    }
  }

  private flowItem(i: number, end: number): [unknown, number] {
    const c = this.text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) return this.flow(i, end);
    return this.flowScalar(i, end, false);
  }

  /** A scalar inside a flow collection; as a key it stops at its `:`. */
  private flowScalar(i: number, end: number, asKey: boolean): [unknown, number] {
    const { text } = this;
    const c = text.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const [value, after] = c === DQUOTE ? this.doubleQuoted(i, end) : this.singleQuoted(i, end);
      // `["a": b]` is a one-pair map in a list: the library reads it.
      if (!asKey && text.charCodeAt(this.skipSpaces(after, end)) === COLON) throw GIVE_UP;
      return [value, after];
    }
    if (i >= end || !this.plainMayStart(i, end)) throw GIVE_UP;
    let j = i;
    for (; j < end; j++) {
      const d = text.charCodeAt(j);
      if (d === 0x2c || d === 0x5b || d === 0x5d || d === 0x7b || d === 0x7d) break;
      if (d === HASH && text.charCodeAt(j - 1) === SPACE) throw GIVE_UP;
      if (d === TAB) throw GIVE_UP;
      if (d === COLON) {
        const n = j + 1 < end ? text.charCodeAt(j + 1) : SPACE;
        if (n === SPACE || n === 0x2c || n === 0x5b || n === 0x5d || n === 0x7b || n === 0x7d) {
          if (!asKey) throw GIVE_UP;
          break;
        }
      }
    }
    if (asKey && text.charCodeAt(j) !== COLON) throw GIVE_UP;
    const source = text.slice(i, j).trimEnd();
    if (source === "") throw GIVE_UP;
    return [resolvePlain(source), j];
  }

  private skipSpaces(i: number, end: number): number {
    while (i < end && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /**
   * A `|` or `|-` text block whose header is at q (parent collection at `indent`); moves past it.
   * The indentation comes from its first line; `+`, indentation indicators and more-indented
   * leading or trailing blank lines are left to the library.
   */
  private literal(q: number, end: number, indent: number): string {
    const { text, len } = this;
    let i = q + 1;
    let strip = false;
    if (text.charCodeAt(i) === DASH) {
      strip = true;
      i++;
    }
    this.restOfLine(i, end);
    let p = end + 1;
    let contentIndent = -1;
    let maxLeadingBlank = 0;
    const lines: string[] = [];
    /** Blank lines seen since the last text line (they count only if text follows). */
    let pendingBlank = 0;
    while (p < len) {
      let s = p;
      while (s < len && text.charCodeAt(s) === SPACE) s++;
      const e = this.lineEnd(p);
      if (s >= e) {
        // A blank line: more spaces than the text's indentation would be content, or an error.
        if (contentIndent < 0) maxLeadingBlank = Math.max(maxLeadingBlank, s - p);
        else if (s - p > contentIndent) throw GIVE_UP;
        pendingBlank++;
        p = e + 1;
        continue;
      }
      const sp = s - p;
      if (contentIndent < 0) {
        if (sp <= indent || maxLeadingBlank > sp) throw GIVE_UP;
        contentIndent = sp;
      } else if (sp < contentIndent) break;
      for (; pendingBlank > 0; pendingBlank--) lines.push("");
      lines.push(text.slice(p + contentIndent, e));
      p = e + 1;
    }
    if (contentIndent < 0) throw GIVE_UP; // empty text: the library reads it
    // The blank lines after the last text line belong to the text (dropped by clipping) or
    // are blank lines before the next key: either way they are skipped.
    this.pos = p;
    const body = lines.join("\n");
    return strip ? body : body + "\n";
  }
}
