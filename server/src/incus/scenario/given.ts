// A case's `given`: changes made to a copy of the cluster before its command runs (members
// offline or evacuated, pools unavailable on a member, instances added). Every name is checked
// against the cluster, and a wrong one comes back with its position in the test file.
import { instance as instanceSchema } from "../snapshot/api/instance";
import { normalizeSnapshot, type ClusterSnapshot } from "../snapshot";
import type { Given } from "./test-file";

export interface GivenProblem {
  /** Path inside the case's `given`, e.g. ["offline", 1]. */
  path: PropertyKey[];
  message: string;
}

export interface GivenResult {
  snapshot: ClusterSnapshot;
  problems: GivenProblem[];
}

/** Returns a modified copy; the input snapshot is left as it was (cases share it). */
export function applyGiven(snapshot: ClusterSnapshot, given: Given): GivenResult {
  const problems: GivenProblem[] = [];
  const memberNames = new Set(snapshot.members.map((m) => m.server_name));
  const known = [...memberNames].join(", ");
  const checkMember = (name: string, path: PropertyKey[]) => {
    if (memberNames.has(name)) return true;
    problems.push({ path, message: `unknown cluster member "${name}" (the cluster has: ${known})` });
    return false;
  };
  const status = new Map<string, string>();
  given.offline.forEach((m, i) => checkMember(m, ["offline", i]) && status.set(m, "Offline"));
  given.evacuated.forEach((m, i) => {
    if (!checkMember(m, ["evacuated", i])) return;
    if (status.has(m)) problems.push({ path: ["evacuated", i], message: `member "${m}" is both offline and evacuated` });
    else status.set(m, "Evacuated");
  });
  const members = snapshot.members.map((m) =>
    status.has(m.server_name) ? { ...m, status: status.get(m.server_name)!, message: status.get(m.server_name) === "Offline" ? "No heartbeat since 20s" : "Unavailable due to maintenance" } : m,
  );

  const memberPools = { ...snapshot.member_storage_pools };
  const poolNames = new Set(snapshot.storage_pools.map((p) => p.name));
  for (const [member, pools] of Object.entries(given.unavailable_pools)) {
    if (!checkMember(member, ["unavailable_pools", member])) continue;
    const perMember = { ...(memberPools[member] ?? {}) };
    pools.forEach((pool, i) => {
      const global = snapshot.storage_pools.find((p) => p.name === pool);
      if (!global) {
        problems.push({ path: ["unavailable_pools", member, i], message: `unknown storage pool "${pool}" (the cluster has: ${[...poolNames].join(", ") || "none"})` });
        return;
      }
      perMember[pool] = { ...(perMember[pool] ?? global), status: "Unavailable" };
    });
    memberPools[member] = perMember;
  }

  const added = [];
  const projectNames = new Set(snapshot.projects.map((p) => p.name));
  const taken = new Set(snapshot.instances.map((i) => `${i.project}/${i.name}`));
  for (const [i, inst] of given.instances.entries()) {
    if (!checkMember(inst.location, ["instances", i, "location"])) continue;
    if (!projectNames.has(inst.project)) {
      problems.push({ path: ["instances", i, "project"], message: `unknown project "${inst.project}" (the cluster has: ${[...projectNames].join(", ")})` });
      continue;
    }
    const key = `${inst.project}/${inst.name}`;
    if (taken.has(key)) {
      problems.push({ path: ["instances", i, "name"], message: `instance "${inst.name}" already exists in project ${inst.project}` });
      continue;
    }
    taken.add(key);
    added.push(instanceSchema.parse({ ...inst, profiles: inst.profiles ?? ["default"], status: inst.status ?? "Running" }));
  }

  const copy = {
    ...snapshot,
    members,
    member_storage_pools: memberPools,
    instances: [...snapshot.instances, ...added],
  } as ClusterSnapshot;
  // The added instances get their expanded config and architecture the way a file's do.
  return { snapshot: added.length ? normalizeSnapshot(copy as Parameters<typeof normalizeSnapshot>[0]) : copy, problems };
}

/** Where a given problem is in the file: the path under cases[i].given. */
export function givenPath(caseIndex: number, p: GivenProblem): PropertyKey[] {
  return ["cases", caseIndex, "given", ...p.path];
}
