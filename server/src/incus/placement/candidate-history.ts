// The candidate lists (names and instance counts, in Incus's order) of an evacuation's
// placements, kept as the moves between them rather than as a list per placement. An
// evacuation of 1,000 instances over 1,000 members reports 1,000 lists of 1,000 names and
// counts that differ by one member's move; kept whole they were ~16 MB that lived as long as
// the result (the collector's work grew with them), and most are never read. A placement's
// lists are made when first read (steps.ts fillCandidates), from the nearest checkpoint.

/** A checkpoint every this many moves: making a list replays at most this many. */
const CHECKPOINT_EVERY = 32;

interface Lists {
  names: string[];
  counts: number[];
}

export class CandidateHistory {
  /** Flat [from, to, ...]: move k takes the entry at `from` (its count goes up by one) and
   *  inserts it at `to`. */
  private readonly moves: number[] = [];
  /** Lists after move CHECKPOINT_EVERY * i. */
  private readonly checkpoints: Lists[];
  /** The lists last made (after `at` moves), to go on from when the next one is later. */
  private cursor: Lists & { at: number };

  constructor(names: string[], counts: number[]) {
    this.checkpoints = [{ names, counts }];
    this.cursor = { names: names.slice(), counts: counts.slice(), at: 0 };
  }

  /** How many moves were recorded (a list's version). */
  get version(): number {
    return this.moves.length / 2;
  }

  /** The entry at `from` got one more instance and now stands at `to`; `current` gives the
   *  lists as they are now (taken as a checkpoint when one is due). */
  record(from: number, to: number, current: () => Lists): void {
    this.moves.push(from, to);
    if (this.version % CHECKPOINT_EVERY === 0) this.checkpoints.push(current());
  }

  /** The lists after `version` moves (fresh arrays, the caller's). */
  lists(version: number): Lists {
    let c = this.cursor;
    if (c.at > version || version - c.at > CHECKPOINT_EVERY) {
      const i = Math.min(Math.floor(version / CHECKPOINT_EVERY), this.checkpoints.length - 1);
      const cp = this.checkpoints[i];
      c = this.cursor = { names: cp.names.slice(), counts: cp.counts.slice(), at: i * CHECKPOINT_EVERY };
    }
    const { names, counts } = c;
    const m = this.moves;
    for (; c.at < version; c.at++) {
      const from = m[2 * c.at];
      const to = m[2 * c.at + 1];
      const name = names[from];
      const count = counts[from] + 1;
      if (from < to) {
        for (let k = from; k < to; k++) {
          names[k] = names[k + 1];
          counts[k] = counts[k + 1];
        }
      } else {
        for (let k = from; k > to; k--) {
          names[k] = names[k - 1];
          counts[k] = counts[k - 1];
        }
      }
      names[to] = name;
      counts[to] = count;
    }
    return { names: names.slice(), counts: counts.slice() };
  }
}
