// Instance lookups by project and member, built once per cluster: placement builtins are
// called per candidate, and a cluster may hold 100,000 instances.
import type { ApiInstance } from "./api-instance";

/** What the index is built from: a cluster's instances (a PlacementCluster fits). */
interface InstanceHolder {
  instances: ApiInstance[];
}

export class InstanceIndex {
  private readonly lists = new Map<string, ApiInstance[]>();
  /** Keys ("project\0location") whose lists changed, in order, one per change: a reader
   *  that keeps counts in step (placement's sandbox table) reads the log from where it
   *  left off (see changedSince). */
  private readonly changes: string[] = [];
  /** The lists of key("", location) by location (no key to build per lookup). */
  private readonly byLocation = new Map<string, ApiInstance[]>();
  /** A derived index: the index it was derived from and that index's changeCount then (its
   *  counts were the base's then; readers that follow counts start from there). */
  readonly origin?: { base: InstanceIndex; at: number };
  /** A derived index (see the constructor): the base's lists are copied when first used. */
  private readonly from?: { base: InstanceIndex; replaced: ReadonlyMap<ApiInstance, ApiInstance>; locations: Set<string> };

  /** Indexes `instances`; with `from`, the index of a list that is `from.base`'s with some
   *  elements replaced (copies about to move): its lists are the base's with the
   *  replacements, each copied when first used (an evacuation reads and changes a few of
   *  the thousands a 100,000-instance cluster has; copying them all cost it ~20 ms). The
   *  base must not change while this index is in use. */
  constructor(instances: readonly ApiInstance[], from?: { base: InstanceIndex; replaced: ReadonlyMap<ApiInstance, ApiInstance> }) {
    if (from) {
      const locations = new Set<string>();
      for (const inst of from.replaced.keys()) locations.add(inst.location ?? "");
      this.from = { ...from, locations };
      this.origin = { base: from.base, at: from.base.changeCount };
      return;
    }
    const all: ApiInstance[] = [];
    this.lists.set(key("", ""), all);
    this.byLocation.set("", all);
    for (const inst of instances) {
      const project = inst.project ?? "default";
      const location = inst.location ?? "";
      all.push(inst);
      this.add(key(project, ""), inst);
      this.add(key("", location), inst);
      this.add(key(project, location), inst);
    }
  }

  /** The list of a key, copied from the base first in a derived index. */
  private list(k: string): ApiInstance[] | undefined {
    const l = this.lists.get(k);
    if (l !== undefined || this.from === undefined) return l;
    const { base, replaced, locations } = this.from;
    const b = base.list(k);
    if (b === undefined) return undefined;
    const location = k.slice(k.indexOf("\u0000") + 1);
    const copy = location === "" || locations.has(location) ? b.map((i) => replaced.get(i) ?? i) : b.slice();
    this.lists.set(k, copy);
    if (k.charCodeAt(0) === 0) this.byLocation.set(location, copy);
    return copy;
  }

  private add(k: string, inst: ApiInstance): void {
    let list = this.list(k);
    if (!list) {
      this.lists.set(k, (list = []));
      if (k.charCodeAt(0) === 0) this.byLocation.set(k.slice(1), list);
    }
    list.push(inst);
  }

  /** Instances on a member, all projects (= count("", location)). */
  countOnMember(location: string): number {
    return this.byLocation.get(location)?.length ?? this.from?.base.countOnMember(location) ?? 0;
  }

  /** Moves an instance of the indexed list to another member, updating `inst.location`. */
  relocate(inst: ApiInstance, location: string): void {
    const project = inst.project ?? "default";
    const from = inst.location ?? "";
    if (from === location) return;
    this.remove(key("", from), inst);
    this.remove(key(project, from), inst);
    inst.location = location;
    this.add(key("", location), inst);
    this.add(key(project, location), inst);
    this.changes.push(key("", from), key(project, from), key("", location), key(project, location));
  }

  /** Takes an instance out of its lists (its project's and member's, and the list of all),
   *  logging the change; returns where it was, for putBack. */
  withdraw(inst: ApiInstance): [string, number][] {
    const project = inst.project ?? "default";
    const location = inst.location ?? "";
    const where: [string, number][] = [];
    for (const k of [key("", ""), key(project, ""), key("", location), key(project, location)]) {
      const list = this.list(k);
      const i = list ? list.indexOf(inst) : -1;
      if (i < 0) continue;
      list!.splice(i, 1);
      where.push([k, i]);
      this.changes.push(k);
    }
    return where;
  }

  /** Undoes withdraw: the instance back at the same places (the lists' order is kept). */
  putBack(inst: ApiInstance, where: [string, number][]): void {
    for (let n = where.length - 1; n >= 0; n--) {
      const [k, i] = where[n];
      this.list(k)!.splice(i, 0, inst);
      this.changes.push(k);
    }
  }

  /** Position in the change log (see changedSince). */
  get changeCount(): number {
    return this.changes.length;
  }

  /** The keys changed since the log held `from` entries (duplicates possible). */
  changedSince(from: number): string[] {
    return this.changes.slice(from);
  }

  /** Every key with its count ("" matches any project / any member; keys not listed count 0). */
  counts(): [string, number][] {
    if (this.from === undefined) return [...this.lists].map(([k, l]) => [k, l.length]);
    // (Copying changes no length: the base's counts, then this index's own lists.)
    const counts = new Map(this.from.base.counts());
    for (const [k, l] of this.lists) counts.set(k, l.length);
    return [...counts];
  }

  /** The count of a key as counts() spells it. */
  countOf(k: string): number {
    // (A list not copied yet has its base's length.)
    return this.lists.get(k)?.length ?? this.from?.base.countOf(k) ?? 0;
  }

  private remove(k: string, inst: ApiInstance): void {
    const list = this.list(k);
    const i = list ? list.indexOf(inst) : -1;
    if (i >= 0) list!.splice(i, 1);
  }

  /** "" matches any project / any member. */
  find(project: string, location: string): readonly ApiInstance[] {
    return this.list(key(project, location)) ?? [];
  }

  count(project: string, location: string): number {
    return this.find(project, location).length;
  }
}

export function key(project: string, location: string): string {
  return `${project}\u0000${location}`;
}

const cache = new WeakMap<readonly ApiInstance[], InstanceIndex>();

/** The index of a cluster's instances (rebuilt when the instance list is replaced). */
export function instanceIndex(cluster: InstanceHolder): InstanceIndex {
  let idx = cache.get(cluster.instances);
  if (!idx) {
    idx = new InstanceIndex(cluster.instances);
    cache.set(cluster.instances, idx);
  }
  return idx;
}

/** Moves `inst` (an element of cluster.instances) to `location`, keeping the cached index in step. */
export function relocateInstance(cluster: InstanceHolder, inst: ApiInstance, location: string): void {
  const idx = cache.get(cluster.instances);
  if (idx) idx.relocate(inst, location);
  else inst.location = location;
}

/** Registers the index of `instances`, a copy of `base.instances` with some elements
 *  replaced (old → new), derived from base's index rather than built anew. */
export function deriveInstanceIndex(base: InstanceHolder, instances: ApiInstance[], replaced: ReadonlyMap<ApiInstance, ApiInstance>): void {
  if (cache.has(instances)) return;
  cache.set(instances, new InstanceIndex(instances, { base: instanceIndex(base), replaced }));
}

/**
 * Takes `inst` out of `cluster.instances` (and its cached index) in place — the cluster as if
 * the instance did not exist — and returns the function that puts it back where it was.
 * Placements in between see the smaller cluster; the sandbox's count tables follow the
 * index's change log (a few entries) instead of a rebuilt index. Not reentrant: each
 * withdrawal is undone before the next.
 */
export function withdrawInstance(cluster: InstanceHolder, inst: ApiInstance): () => void {
  const at = cluster.instances.indexOf(inst);
  if (at < 0) return () => {};
  const list = cluster.instances;
  list.splice(at, 1);
  const idx = cache.get(list);
  const where = idx?.withdraw(inst);
  return () => {
    list.splice(at, 0, inst);
    if (idx && where) idx.putBack(inst, where);
  };
}
