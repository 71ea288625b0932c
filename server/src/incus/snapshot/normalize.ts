// Cross-object defaults a schema cannot express: things that always exist in a real cluster
// (project `default`, group `default`, each profile-owning project's `default` profile),
// membership recorded on one side only (member.groups vs group.members), and the fields
// Incus derives for an instance (status_code, expanded_config/devices, architecture).
// A captured snapshot is already consistent, so for it all of this changes nothing.
import type { ClusterSnapshot, ParsedSnapshot } from "./schema";
import { STATUS_CODES, type Instance, type InstanceInput, type Profile, type Project } from "./api";

export const DEFAULT_PROJECT_CONFIG: Record<string, string> = {
  "features.images": "true",
  "features.networks": "true",
  "features.networks.zones": "true",
  "features.profiles": "true",
  "features.storage.buckets": "true",
  "features.storage.volumes": "true",
};

/** Which project's profiles an instance of `project` uses: its own only with features.profiles. */
export function profileProjectOf(project: Project | undefined): string {
  if (!project || project.name === "default") return "default";
  return project.config["features.profiles"] === "true" ? project.name : "default";
}

export function normalizeSnapshot(parsed: ParsedSnapshot): ClusterSnapshot {
  const s = parsed;
  ensureDefaultProject(s);
  ensureDefaultProfiles(s);
  reconcileGroups(s);
  const instances = expandInstances(s);
  return { ...s, instances };
}

function ensureDefaultProject(s: ParsedSnapshot): void {
  if (s.projects.some((p) => p.name === "default")) return;
  s.projects.unshift({ name: "default", description: "Default Incus project", config: { ...DEFAULT_PROJECT_CONFIG }, used_by: [] });
}

function ensureDefaultProfiles(s: ParsedSnapshot): void {
  for (const project of s.projects) {
    if (profileProjectOf(project) !== project.name) continue;
    const list = (s.profiles[project.name] ??= []);
    if (!list.some((p) => p.name === "default")) {
      list.unshift({ name: "default", description: "Default Incus profile", config: {}, devices: {}, project: project.name, used_by: [] });
    }
  }
  for (const [projectName, list] of Object.entries(s.profiles)) {
    for (const profile of list) profile.project ??= projectName;
  }
}

function reconcileGroups(s: ParsedSnapshot): void {
  if (!s.groups.some((g) => g.name === "default")) {
    s.groups.unshift({ name: "default", description: "Default cluster group", config: {}, members: [], used_by: [] });
  }
  const byName = new Map(s.groups.map((g) => [g.name, g]));
  for (const member of s.members) {
    for (const groupName of member.groups) {
      const group = byName.get(groupName);
      if (group && !group.members.includes(member.server_name)) group.members.push(member.server_name);
    }
  }
  const membersByName = new Map(s.members.map((m) => [m.server_name, m]));
  for (const group of s.groups) {
    for (const name of group.members) {
      const member = membersByName.get(name);
      if (member && !member.groups.includes(group.name)) member.groups.push(group.name);
    }
    // A group naming members the snapshot lacks keeps them: verbatim beats tidy.
  }
}

function expandInstances(s: ParsedSnapshot): Instance[] {
  const projects = new Map(s.projects.map((p) => [p.name, p]));
  const profileIndex = new Map<string, Map<string, Profile>>();
  for (const [projectName, list] of Object.entries(s.profiles)) {
    profileIndex.set(projectName, new Map(list.map((p) => [p.name, p])));
  }
  const archOf = new Map(s.members.map((m) => [m.server_name, m.architecture]));
  return s.instances.map((inst: InstanceInput) => {
    const out = inst as Instance;
    out.status_code ??= STATUS_CODES[inst.status] ?? 0;
    if (!inst.expanded_config || !inst.expanded_devices) {
      const profiles = profileIndex.get(profileProjectOf(projects.get(inst.project)));
      const config: Record<string, string> = {};
      const devices: Record<string, Record<string, string>> = {};
      for (const name of inst.profiles) {
        const profile = profiles?.get(name);
        if (!profile) continue;
        Object.assign(config, profile.config);
        Object.assign(devices, profile.devices);
      }
      Object.assign(config, inst.config);
      Object.assign(devices, inst.devices);
      out.expanded_config ??= config;
      out.expanded_devices ??= devices;
    }
    if (out.architecture === undefined) out.architecture = archOf.get(inst.location) ?? "x86_64";
    return out;
  });
}
