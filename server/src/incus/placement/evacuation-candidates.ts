// Candidate sets during one evacuation, kept in step instead of recomputed per instance. An
// evacuation places its member's instances one by one, each placement seeing the counts left
// by the previous ones; only the chosen member's count changes between two placements, so
// the set (same members, same reasons) is computed once per kind of instance (architecture,
// cluster group) and the chosen member moves along Incus's order: ascending instance count,
// ties in the API's member order — exactly what candidateMembers would give again.
import { candidateMembers, type CandidateQuery, type CandidateSet } from "./candidates";
import type { ApiMember, PlacementCluster } from "./cluster";

interface Kept {
  /** Candidates in order, with their count and API position (the sort key). */
  order: { m: ApiMember; n: number; i: number }[];
  at: Map<string, number>;
  excluded: CandidateSet["excluded"];
  counts: Map<string, number>;
}

export class EvacuationCandidates {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly cluster: PlacementCluster) {}

  /** candidateMembers(cluster, query) for the cluster as it is now; `key` names the query
   *  (equal keys: equal queries). The arrays returned are the caller's; `counts` is valid
   *  until the next moved(). */
  get(key: string, query: CandidateQuery): CandidateSet {
    let k = this.kept.get(key);
    if (!k) {
      const set = candidateMembers(this.cluster, query);
      const apiOrder = new Map(this.cluster.members.map((m, i) => [m, i]));
      const order = set.candidates.map((m) => ({ m, n: set.counts.get(m.server_name) ?? 0, i: apiOrder.get(m)! }));
      k = { order, at: new Map(order.map((e, i) => [e.m.server_name, i])), excluded: set.excluded, counts: set.counts };
      this.kept.set(key, k);
    }
    return { candidates: k.order.map((e) => e.m), excluded: k.excluded.slice(), counts: k.counts };
  }

  /** An instance moved from `from` to `to`: counts change, `to` moves along the order. */
  moved(from: string, to: string): void {
    for (const k of this.kept.values()) {
      if (k.counts.has(from)) k.counts.set(from, k.counts.get(from)! - 1);
      if (k.counts.has(to)) k.counts.set(to, k.counts.get(to)! + 1);
      // `from` is the member being evacuated: never a candidate, so only `to` moves.
      const p = k.at.get(to);
      if (p === undefined) continue;
      const e = k.order[p];
      e.n++;
      let j = p;
      while (j + 1 < k.order.length && (k.order[j + 1].n < e.n || (k.order[j + 1].n === e.n && k.order[j + 1].i < e.i))) {
        k.order[j] = k.order[j + 1];
        k.at.set(k.order[j].m.server_name, j);
        j++;
      }
      k.order[j] = e;
      k.at.set(e.m.server_name, j);
    }
  }
}
