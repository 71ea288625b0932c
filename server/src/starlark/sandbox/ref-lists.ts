// Long lists of interned references in call arguments (the candidate members of a placement,
// 1,000 of them in an evacuation's 1,000 runs): each is sent with an id, and the next one as
// that list plus the few moves that turn it into the new one (runtime/wire.ts, WireRefList).
// The sandbox then keeps its copies in the new order instead of decoding 1,000 handles and
// making 1,000 copies per run: between two runs of an evacuation the candidates are the same
// members, one of them moved along the order by its new instance count.
import type { WireRefList } from "../runtime/wire";
import { HostRef, type HostValue } from "./hostValues";
import { refRuns } from "./marshal";

/** Shorter lists are sent as they are (edits save nothing worth the bookkeeping). */
const LONG = 16;
/** Beyond this many moves the list is sent whole. */
const MAX_MOVES = 4;

/** The last edit noted (noteRefListEdit): one, not a map of them, since each list is sent
 *  right after it is made, and a map from each list to its base would keep every earlier
 *  list alive through the chain of bases. */
let noted: { list: readonly HostValue[]; base: readonly HostValue[]; moves: number[] } | undefined;

/** Tells the encoder that `list` is `base` with `moves` applied (as WireRefList.moves): when
 *  `list` is the next list sent and `base` was the last one, it goes as that edit, without
 *  comparing the two. Both lists must stay unchanged from here on. */
export function noteRefListEdit(list: readonly HostValue[], base: readonly HostValue[], moves: number[]): void {
  noted = { list, base, moves };
}

export class RefListEncoder {
  /** The last list sent: its id, the list, and its handles (worked out when first needed). */
  private last?: { id: number; list: readonly HostValue[]; handles?: number[] };
  private nextId = 0;

  /** The wire form of `v` when it is a long list of references, else undefined. */
  encode(v: HostValue): WireRefList | undefined {
    if (!Array.isArray(v) || v.length < LONG) return undefined;
    const last = this.last;
    const edit = noted?.list === v ? noted : undefined;
    if (edit !== undefined) noted = undefined;
    if (edit !== undefined && last !== undefined && last.list === edit.base && edit.moves.length <= 2 * MAX_MOVES) {
      // (`base` was sent as a list of references, and moves keep the elements: so is `v`.)
      const id = this.nextId++;
      this.last = { id, list: v };
      return { base: last.id, moves: edit.moves.slice(), id };
    }
    const handles = handlesOf(v);
    if (handles === undefined) return undefined;
    const id = this.nextId++;
    this.last = { id, list: v, handles };
    const moves = last === undefined ? undefined : movesBetween((last.handles ??= handlesOf(last.list)!), handles);
    if (last !== undefined && moves !== undefined) return { base: last.id, moves, id };
    return { ...refRuns(handles), id };
  }

  /** The sandbox lost the lists (a failed run): the next list goes whole. */
  forget(): void {
    this.last = undefined;
  }
}

/** The handles of a list of references, or undefined when it holds anything else. */
function handlesOf(v: readonly HostValue[]): number[] | undefined {
  const handles = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) {
    const r = v[i];
    if (!(r instanceof HostRef)) return undefined;
    handles[i] = r.handle;
  }
  return handles;
}

/** Moves ([from, to, ...], applied in turn: take the element at `from`, insert it at `to`)
 *  that turn `a` into `b`, or undefined when there are more than MAX_MOVES or the lists do
 *  not hold the same elements. */
export function movesBetween(a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = a.length;
  if (n !== b.length) return undefined;
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  if (i === n) return [];
  let e = n - 1;
  while (a[e] === b[e]) e--;
  // One element moved along the list (an evacuation's chosen member): checked without copying.
  if (b[e] === a[i] && sameShifted(a, i + 1, b, i, e - i)) return [i, e];
  if (b[i] === a[e] && sameShifted(a, i, b, i + 1, e - i)) return [e, i];
  return greedyMoves(a, b, i);
}

/** Whether a[ai..ai+len) equals b[bi..bi+len). */
function sameShifted(a: readonly number[], ai: number, b: readonly number[], bi: number, len: number): boolean {
  for (let p = 0; p < len; p++) if (a[ai + p] !== b[bi + p]) return false;
  return true;
}

/** The general case: the first position that differs gets its element from wherever it is
 *  (or gives its element to where it belongs), up to MAX_MOVES times. */
function greedyMoves(a: readonly number[], b: readonly number[], from: number): number[] | undefined {
  const cur = a.slice();
  const n = cur.length;
  const moves: number[] = [];
  let i = from;
  for (;;) {
    while (i < n && cur[i] === b[i]) i++;
    if (i === n) return moves;
    if (moves.length === 2 * MAX_MOVES) return undefined;
    let j = i + 1;
    let k = i + 1;
    while (j < n && cur[j] !== b[i]) j++;
    while (k < n && b[k] !== cur[i]) k++;
    if (k < n && sameShifted(cur, i + 1, b, i, k - i)) {
      moves.push(i, k);
      const x = cur[i];
      cur.copyWithin(i, i + 1, k + 1);
      cur[k] = x;
    } else if (j < n) {
      moves.push(j, i);
      const x = cur[j];
      cur.copyWithin(i + 1, i, j);
      cur[i] = x;
    } else return undefined;
  }
}
