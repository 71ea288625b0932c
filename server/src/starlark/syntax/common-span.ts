// The common prefix and suffix of two versions of a document: where an edit starts and ends
// (the incremental re-parse, syntax/incremental.ts; the line table of the language layer).

/** Compared a block at a time first: string equality is a memory compare, a character loop
 *  over 5 MB (a concatenated string, as editors make) is not. */
const BLOCK = 4096;

/** Characters `a` and `b` share at their start. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= n && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Characters `a` and `b` share at their end, at most `max`. */
export function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + BLOCK <= max && a.slice(a.length - i - BLOCK, a.length - i) === b.slice(b.length - i - BLOCK, b.length - i)) i += BLOCK;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}
