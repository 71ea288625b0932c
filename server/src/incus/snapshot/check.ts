// Cross-references a schema cannot check: names that point at nothing (an instance on a member
// the snapshot lacks, a profile that does not exist, a restricted project naming an unknown
// cluster group ...). These are warnings, not errors: the file still loads, but a simulation
// on it would not match the real cluster, so the editor should point at them.
// Runs on the parsed document before normalization, so indices match the file.
import { profileProjectOf } from "./normalize";
import type { ParsedSnapshot } from "./schema";

export interface SnapshotProblem {
  /** Where in the document, as a path of keys and indices. */
  path: PropertyKey[];
  /** Point at the key of the last path segment instead of its value (for map keys). */
  atKey?: boolean;
  message: string;
}

export function checkReferences(s: ParsedSnapshot): SnapshotProblem[] {
  const problems: SnapshotProblem[] = [];
  const members = new Set<string>();
  s.members.forEach((m, i) => {
    if (members.has(m.server_name)) problems.push({ path: ["members", i, "server_name"], message: `member "${m.server_name}" is listed twice` });
    members.add(m.server_name);
  });
  const groups = new Set(["default", ...s.groups.map((g) => g.name)]);
  const projects = new Map(s.projects.map((p) => [p.name, p]));
  const hasProject = (name: string): boolean => name === "default" || projects.has(name);
  const checkMembers = members.size > 0;

  s.members.forEach((m, i) =>
    m.groups.forEach((g, j) => {
      if (!groups.has(g)) problems.push({ path: ["members", i, "groups", j], message: `cluster group "${g}" is not in groups` });
    }),
  );
  s.groups.forEach((g, i) =>
    g.members.forEach((name, j) => {
      if (checkMembers && !members.has(name)) problems.push({ path: ["groups", i, "members", j], message: `member "${name}" is not in members` });
    }),
  );
  s.projects.forEach((p, i) => {
    const restricted = p.config["restricted.cluster.groups"];
    if (!restricted) return;
    for (const g of restricted.split(",").map((x) => x.trim()).filter(Boolean)) {
      if (!groups.has(g)) problems.push({ path: ["projects", i, "config", "restricted.cluster.groups"], message: `cluster group "${g}" is not in groups` });
    }
  });
  for (const project of Object.keys(s.profiles)) {
    if (!hasProject(project)) problems.push({ path: ["profiles", project], atKey: true, message: `project "${project}" is not in projects` });
  }

  const profileNames = new Map<string, Set<string>>();
  for (const [project, list] of Object.entries(s.profiles)) profileNames.set(project, new Set(list.map((p) => p.name)));
  const seen = new Set<string>();
  s.instances.forEach((inst, i) => {
    const key = `${inst.project}\u0000${inst.name}`;
    if (seen.has(key)) problems.push({ path: ["instances", i, "name"], message: `instance "${inst.name}" appears twice in project "${inst.project}"` });
    seen.add(key);
    if (checkMembers && inst.location !== "" && inst.location !== "none" && !members.has(inst.location)) {
      problems.push({ path: ["instances", i, "location"], message: `member "${inst.location}" is not in members` });
    }
    if (!hasProject(inst.project)) {
      problems.push({ path: ["instances", i, "project"], message: `project "${inst.project}" is not in projects` });
      return;
    }
    const profileProject = profileProjectOf(projects.get(inst.project));
    const available = profileNames.get(profileProject);
    inst.profiles.forEach((name, j) => {
      // `default` is created with every profile-owning project, so it always exists.
      if (name !== "default" && !available?.has(name)) {
        problems.push({ path: ["instances", i, "profiles", j], message: `profile "${name}" is not in profiles.${profileProject}` });
      }
    });
  });

  if (checkMembers) {
    for (const section of ["resources", "member_state", "member_storage_pools"] as const) {
      for (const name of Object.keys(s[section])) {
        if (!members.has(name)) problems.push({ path: [section, name], atKey: true, message: `member "${name}" is not in members` });
      }
    }
  }
  return problems;
}
