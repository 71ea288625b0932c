// The code generator's "definitely assigned here" facts (FnScope.safe in codegen.ts): keys
// "l<i>" (local), "f<i>" (free variable), "g<i>" (global). A function inherits the globals
// its parent had assigned when the def ran. Copying them into every function made a file
// of N top-level defs cost O(N²) (78,000 defs: minutes); instead a function keeps a
// reference to its parent's set and the moment it was made, and each key records when it
// was added, so "was g assigned before this def?" is one lookup.

/** Orders additions across all sets of one compilation. */
let clock = 0;

export class SafeSet {
  /** key → the clock when it was added here. */
  private readonly own: Map<string, number>;
  /** The keys added here, in order (see mark). */
  private readonly added: string[] = [];

  private constructor(private readonly parent: SafeSet | undefined, private readonly until: number, own?: Map<string, number>) {
    this.own = own ?? new Map();
  }

  static empty(): SafeSet {
    return new SafeSet(undefined, 0);
  }

  /** A set for a function defined now in the scope of `parent`: it sees the globals
   *  `parent` has (or inherited) at this moment. */
  static inheritingGlobals(parent: SafeSet): SafeSet {
    return new SafeSet(parent, ++clock);
  }

  add(key: string): void {
    if (!this.own.has(key)) {
      this.own.set(key, ++clock);
      this.added.push(key);
    }
  }

  /** A point to go back to with undo(): where a copy would be taken to restore later,
   *  when nothing in between replaces the set (a comprehension: expressions only add).
   *  Comprehensions nested 100,000 deep each copying a set that grows by a loop variable
   *  per level took memory quadratic in the depth. */
  mark(): number {
    return this.added.length;
  }

  /** Forgets the keys added since `mark`. */
  undo(mark: number): void {
    while (this.added.length > mark) this.own.delete(this.added.pop()!);
  }

  has(key: string): boolean {
    return this.own.has(key) || (this.parent !== undefined && key.charCodeAt(0) === 103 /* g */ && this.parent.hadBefore(key, this.until));
  }

  /** Whether `key` (a global) was here before clock time `t`. */
  private hadBefore(key: string, t: number): boolean {
    const when = this.own.get(key);
    if (when !== undefined && when < t) return true;
    return this.parent !== undefined && this.parent.hadBefore(key, this.until);
  }

  /** A copy (to restore after a branch). */
  copy(): SafeSet {
    return new SafeSet(this.parent, this.until, new Map(this.own));
  }

  /** The keys in both (after an if/else): the inherited part is common to both. */
  intersect(other: SafeSet): SafeSet {
    const own = new Map<string, number>();
    for (const [k, t] of this.own) if (other.has(k)) own.set(k, t);
    return new SafeSet(this.parent, this.until, own);
  }
}
