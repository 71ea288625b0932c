// Go "strings" package functions that go.starlark.net's string methods are built on
// (Trim*, TrimSpace, Fields, SplitN, Replace, Count, and library.go's splitspace and
// rsplitspace), ported over byte strings so that results agree byte for byte, including
// on non-ASCII whitespace and invalid UTF-8.

import { decodeLastRune, decodeRune, runeCount, runeWidth } from "./utf8";
import { isSpace } from "./unicode";

/** Width of the rune examined by the last isSpaceAt call. */
let runeWidth_ = 0;

/** unicode.IsSpace of the rune at byte offset i (its width left in runeWidth_). */
function isSpaceAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0x80) {
    runeWidth_ = 1;
    return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  }
  const r = decodeRune(s, i);
  runeWidth_ = runeWidth;
  return isSpace(r);
}

/** strings.TrimLeftFunc(s, unicode.IsSpace). */
export function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isSpaceAt(s, i)) i += runeWidth_;
  return i === 0 ? s : s.slice(i);
}

/** strings.TrimRightFunc(s, unicode.IsSpace). */
export function trimRightSpace(s: string): string {
  let end = s.length;
  while (end > 0) {
    const c = s.charCodeAt(end - 1);
    if (c < 0x80) {
      if (!(c === 0x20 || (c >= 0x09 && c <= 0x0d))) break;
      end--;
    } else {
      const r = decodeLastRune(s, end);
      if (!isSpace(r)) break;
      end -= runeWidth;
    }
  }
  return end === s.length ? s : s.slice(0, end);
}

/** The runes of a cutset, for strings.Trim*: invalid bytes count as U+FFFD, which then
 *  matches any invalid byte of s (as strings.ContainsRune(cutset, RuneError) does). */
function cutsetRunes(cutset: string): Set<number> {
  const set = new Set<number>();
  for (let i = 0; i < cutset.length; ) {
    set.add(decodeRune(cutset, i));
    i += runeWidth;
  }
  return set;
}

/** strings.TrimLeft(s, cutset) for non-empty cutset. */
export function trimLeftCutset(s: string, cutset: string): string {
  const set = cutsetRunes(cutset);
  let i = 0;
  while (i < s.length) {
    const r = decodeRune(s, i);
    if (!set.has(r)) break;
    i += runeWidth;
  }
  return i === 0 ? s : s.slice(i);
}

/** strings.TrimRight(s, cutset) for non-empty cutset. */
export function trimRightCutset(s: string, cutset: string): string {
  const set = cutsetRunes(cutset);
  let end = s.length;
  while (end > 0) {
    const r = decodeLastRune(s, end);
    if (!set.has(r)) break;
    end -= runeWidth;
  }
  return end === s.length ? s : s.slice(0, end);
}

/** strings.Fields: the maximal runs of non-space runes. */
export function fields(s: string): string[] {
  const res: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; ) {
    const space = isSpaceAt(s, i);
    if (space) {
      if (start >= 0) {
        res.push(s.slice(start, i));
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
    i += runeWidth_;
  }
  if (start >= 0) res.push(s.slice(start));
  return res;
}

/** library.go splitspace: like Fields, but at most max splits (max >= 0); the last field
 *  runs to the end of s, keeping its interior and trailing spaces. */
export function splitSpace(s: string, max: number): string[] {
  const res: string[] = [];
  let start = -1; // index of field start, or -1 in a region of spaces
  for (let i = 0; i < s.length; ) {
    const space = isSpaceAt(s, i);
    if (space) {
      if (start >= 0) {
        if (res.length === max) break; // let this field run to the end
        res.push(s.slice(start, i));
        start = -1;
      }
    } else if (start === -1) {
      start = i;
    }
    i += runeWidth_;
  }
  if (start >= 0) res.push(s.slice(start));
  return res;
}

/** library.go rsplitspace: splitSpace from the right. */
export function rsplitSpace(s: string, max: number): string[] {
  const res: string[] = [];
  let end = -1; // index of field end, or -1 in a region of spaces
  for (let i = s.length; i > 0; ) {
    const r = decodeLastRune(s, i);
    const sz = runeWidth;
    if (isSpace(r)) {
      if (end >= 0) {
        if (res.length === max) break; // let this field run to the start
        res.push(s.slice(i, end));
        end = -1;
      }
    } else if (end < 0) {
      end = i;
    }
    i -= sz;
  }
  if (end >= 0) res.push(s.slice(0, end));
  return res.reverse();
}

/** strings.SplitN(s, sep, n) for non-empty sep and n >= 1. */
export function splitN(s: string, sep: string, n: number): string[] {
  const res: string[] = [];
  let start = 0;
  while (res.length < n - 1) {
    const j = s.indexOf(sep, start);
    if (j < 0) break;
    res.push(s.slice(start, j));
    start = j + sep.length;
  }
  res.push(s.slice(start));
  return res;
}

/** strings.Count: non-overlapping occurrences; an empty sep counts rune boundaries. */
export function count(s: string, sub: string): number {
  if (sub === "") return runeCount(s) + 1;
  if (sub.length === 1) {
    let n = 0;
    const c = sub.charCodeAt(0);
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === c) n++;
    return n;
  }
  let n = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

/** strings.Replace(s, old, new, n); n < 0 means all. An empty old matches at every rune
 *  boundary (UTF-8 aware, as in Go). */
export function replace(s: string, old: string, rep: string, n: number): string {
  if (old === rep || n === 0) return s;
  // Replacing every occurrence of a non-empty old: split/join gives the same string.
  if (n < 0 && old !== "") return s.split(old).join(rep);
  const m = count(s, old);
  if (m === 0) return s;
  if (n < 0 || m < n) n = m;
  if (old !== "" && n === m) return s.split(old).join(rep);
  let out = "";
  let start = 0;
  for (let i = 0; i < n; i++) {
    let j = start;
    if (old === "") {
      if (i > 0) {
        decodeRune(s, start);
        j += runeWidth;
      }
    } else {
      j = s.indexOf(old, start);
    }
    out += s.slice(start, j) + rep;
    start = j + old.length;
  }
  return out + s.slice(start);
}
