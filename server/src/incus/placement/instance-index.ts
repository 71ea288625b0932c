// Instance lookups by project and member, built once per cluster: placement builtins are
// called per candidate, and a cluster may hold 100,000 instances.
import type { ApiInstance, PlacementCluster } from "./cluster";

export class InstanceIndex {
  private readonly lists = new Map<string, ApiInstance[]>();

  constructor(instances: readonly ApiInstance[]) {
    const all: ApiInstance[] = [];
    this.lists.set(key("", ""), all);
    for (const inst of instances) {
      const project = inst.project ?? "default";
      const location = inst.location ?? "";
      all.push(inst);
      this.add(key(project, ""), inst);
      this.add(key("", location), inst);
      this.add(key(project, location), inst);
    }
  }

  private add(k: string, inst: ApiInstance): void {
    let list = this.lists.get(k);
    if (!list) this.lists.set(k, (list = []));
    list.push(inst);
  }

  /** "" matches any project / any member. */
  find(project: string, location: string): readonly ApiInstance[] {
    return this.lists.get(key(project, location)) ?? [];
  }

  count(project: string, location: string): number {
    return this.find(project, location).length;
  }
}

function key(project: string, location: string): string {
  return `${project}\u0000${location}`;
}

const cache = new WeakMap<readonly ApiInstance[], InstanceIndex>();

/** The index of a cluster's instances (rebuilt when the instance list is replaced). */
export function instanceIndex(cluster: PlacementCluster): InstanceIndex {
  let idx = cache.get(cluster.instances);
  if (!idx) {
    idx = new InstanceIndex(cluster.instances);
    cache.set(cluster.instances, idx);
  }
  return idx;
}
