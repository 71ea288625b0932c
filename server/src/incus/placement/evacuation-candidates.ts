// Candidate sets during one evacuation, kept in step instead of recomputed per instance. An
// evacuation places its member's instances one by one, each placement seeing the counts left
// by the previous ones; only the chosen member's count changes between two placements, so
// the set (same members, same reasons) is computed once per kind of instance (architecture,
// cluster group) and the chosen member moves along Incus's order: ascending instance count,
// ties in the API's member order — exactly what candidateMembers would give again.
import { candidateMembers, type CandidateQuery, type CandidateSet } from "./candidates";
import type { ApiMember, PlacementCluster } from "./cluster";
import { CandidateHistory } from "./candidate-history";

interface Entry {
  m: ApiMember;
  /** Its instance count (the sort key, then `i`). */
  n: number;
  /** Its position in the API's member list. */
  i: number;
}

interface Kept {
  /** Candidates in order (ascending n, then i). */
  order: Entry[];
  /** Position in `order` by API position (-1: not a candidate). A typed array rather than a
   *  map by name: a move shifts up to every candidate, each shift updating its position. */
  pos: Int32Array;
  excluded: CandidateSet["excluded"];
  counts: Map<string, number>;
  /** The candidate list get() last handed out, and the moves made along the order since
   *  (undefined: too many to be worth sending as an edit). */
  last?: ApiMember[];
  moves?: number[];
  /** The names and counts of every list handed out (placements read them later). */
  history: CandidateHistory;
}

/** Beyond this many moves between two lists handed out, no edit is given (the lists are
 *  then compared whole, see sandbox/ref-lists.ts). */
const MAX_EDIT_MOVES = 4;

export class EvacuationCandidates {
  private readonly kept = new Map<string, Kept>();
  /** API position by member name (the last of a name). */
  private readonly apiIndex: Map<string, number>;

  constructor(private readonly cluster: PlacementCluster) {
    this.apiIndex = new Map(cluster.members.map((m, i) => [m.server_name, i]));
  }

  /** candidateMembers(cluster, query) for the cluster as it is now; `key` names the query
   *  (equal keys: equal queries). The arrays returned are the caller's, to read: `candidates`
   *  is the base of the next get()'s `edit`, so it must stay as it is; `counts` is valid
   *  until the next moved(). */
  get(key: string, query: CandidateQuery): CandidateSet {
    let k = this.kept.get(key);
    if (!k) {
      const set = candidateMembers(this.cluster, query);
      const apiOrder = new Map(this.cluster.members.map((m, i) => [m, i]));
      const order = set.candidates.map((m) => ({ m, n: set.counts.get(m.server_name) ?? 0, i: apiOrder.get(m)! }));
      const pos = new Int32Array(this.cluster.members.length).fill(-1);
      order.forEach((e, p) => (pos[e.i] = p));
      const history = new CandidateHistory(order.map((e) => e.m.server_name), order.map((e) => e.n));
      k = { order, pos, excluded: set.excluded, counts: set.counts, history };
      this.kept.set(key, k);
    }
    const n = k.order.length;
    const candidates = new Array<ApiMember>(n);
    for (let p = 0; p < n; p++) candidates[p] = k.order[p].m;
    const history = k.history;
    const version = history.version;
    const edit = k.last !== undefined && k.moves !== undefined ? { base: k.last, moves: k.moves } : undefined;
    k.last = candidates;
    k.moves = [];
    return { candidates, excluded: k.excluded.slice(), counts: k.counts, lists: () => history.lists(version), membership: k, edit };
  }

  /** An instance moved from `from` to `to`: counts change, `to` moves along the order. */
  moved(from: string, to: string): void {
    const ai = this.apiIndex.get(to);
    for (const k of this.kept.values()) {
      if (k.counts.has(from)) k.counts.set(from, k.counts.get(from)! - 1);
      if (k.counts.has(to)) k.counts.set(to, k.counts.get(to)! + 1);
      // `from` is the member being evacuated: never a candidate, so only `to` moves.
      const p = ai === undefined ? -1 : k.pos[ai];
      if (p < 0) continue;
      const order = k.order;
      const e = order[p];
      e.n++;
      // Its new place: after every entry that sorts before it (the order stays sorted, so a
      // binary search over the entries after it finds the first that does not).
      let lo = p + 1;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const o = order[mid];
        if (o.n < e.n || (o.n === e.n && o.i < e.i)) lo = mid + 1;
        else hi = mid;
      }
      const j = lo - 1;
      if (j !== p && k.moves !== undefined) {
        if (k.moves.length < 2 * MAX_EDIT_MOVES) k.moves.push(p, j);
        else k.moves = undefined;
      }
      // (A loop, not copyWithin: V8 runs copyWithin element by element through its generic
      // path, ~100 µs for 1,000 candidates.)
      for (let x = p; x < j; x++) {
        const o = order[x + 1];
        order[x] = o;
        k.pos[o.i] = x;
      }
      order[j] = e;
      k.pos[e.i] = j;
      k.history.record(p, j, () => ({ names: order.map((o) => o.m.server_name), counts: order.map((o) => o.n) }));
    }
  }
}
