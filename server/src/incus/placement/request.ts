// The `request` object a placement scriptlet receives: the instance creation request
// (api.InstancesPost) with profiles expanded into config and devices, plus `reason` and
// `project` — built the way Incus builds it for each operation (6.0.x sources).
import { findInstance, type ApiInstance, type ApiProfile, type PlacementCluster } from "./cluster";
import { expandInstanceType } from "./instance-type";
import type { CreateOperation } from "./command";
import { PlacementError } from "./candidates";

export type Devices = Record<string, Record<string, string>>;

/** The InstancePlacement value, field names as Incus's JSON names. */
export interface PlacementRequest {
  architecture: string;
  config: Record<string, string>;
  devices: Devices;
  ephemeral: boolean;
  profiles: string[] | null;
  restore: string;
  stateful: boolean;
  description: string;
  name: string;
  source: Record<string, unknown>;
  instance_type: string;
  type: string;
  start: boolean;
  reason: "new" | "relocation" | "evacuation" | "rebalance";
  project: string;
}

/** Incus's ExpandInstanceConfig: profiles in order, the instance's own keys on top. */
export function expandConfig(local: Record<string, string> | undefined, profiles: ApiProfile[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of profiles) Object.assign(out, p.config ?? {});
  Object.assign(out, local ?? {});
  return out;
}

/** Incus's ExpandInstanceDevices: whole devices replace each other by name. */
export function expandDevices(local: Devices | undefined, profiles: ApiProfile[]): Devices {
  const out: Devices = {};
  for (const p of profiles) for (const [k, v] of Object.entries(p.devices ?? {})) out[k] = { ...v };
  for (const [k, v] of Object.entries(local ?? {})) out[k] = { ...v };
  return out;
}

/** Profiles of `project` by name, in the requested order; Incus's error when one is missing. */
export function resolveProfiles(cluster: PlacementCluster, profileProject: string, names: string[]): ApiProfile[] {
  const available = cluster.profiles(profileProject);
  return names.map((name) => {
    const p = available.find((x) => x.name === name);
    if (!p) throw new PlacementError(`Requested profile "${name}" doesn't exist`);
    return p;
  });
}

/** Projects without `features.profiles=true` use the default project's profiles. */
export function profileProject(cluster: PlacementCluster, project: string): string {
  const p = cluster.projects.find((x) => x.name === project);
  return p?.config?.["features.profiles"] === "true" || project === "default" ? project : "default";
}

function baseRequest(): Omit<PlacementRequest, "name" | "type" | "reason" | "project"> {
  return {
    architecture: "",
    config: {},
    devices: {},
    ephemeral: false,
    profiles: null,
    restore: "",
    stateful: false,
    description: "",
    source: {}, // zero values for the remaining InstanceSource fields come from the API type
    instance_type: "",
    start: false,
  };
}

/** `incus create/init/launch`: what the client sends (device overrides resolved against the
 *  profiles as the client does), then the server's instance-type limits and profile expansion.
 *  `incus copy` (op.copyFrom): the source's local config (volatile keys stripped), devices,
 *  profiles, description and architecture, with the flags on top (cmd/incus/copy.go). */
export function createRequest(cluster: PlacementCluster, op: CreateOperation, name: string): { request: PlacementRequest; profiles: ApiProfile[]; unknowns: string[] } {
  const unknowns: string[] = [];
  const source = op.copyFrom ? findInstance(cluster, op.copyFrom.project, op.copyFrom.name) : undefined;
  if (op.copyFrom && !source) throw new PlacementError("Instance not found");
  const profileNames = op.profiles ?? source?.profiles ?? ["default"];
  const profiles = resolveProfiles(cluster, profileProject(cluster, op.project), profileNames);
  const devices: Devices = source ? structuredClone(source.devices ?? {}) : {};
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(source?.config ?? {})) if (!k.startsWith("volatile.") || k === "volatile.base_image") config[k] = v;
  Object.assign(config, op.config);
  if (source) {
    for (const o of op.deviceOverrides) (devices[o.device] ??= {})[o.key] = o.value;
    const root = Object.entries(devices).find(([, d]) => d.type === "disk" && d.path === "/" && !d.source);
    if (op.storagePool) {
      if (root) root[1].pool = op.storagePool;
      else devices.root = { type: "disk", path: "/", pool: op.storagePool };
    }
  } else {
    if (op.storagePool) devices.root = { type: "disk", path: "/", pool: op.storagePool };
    const profileDevices = expandDevices(undefined, profiles);
    for (const o of op.deviceOverrides) {
      if (!devices[o.device]) {
        const fromProfile = profileDevices[o.device];
        if (!fromProfile) throw new PlacementError(`Cannot override config for device "${o.device}": Device not found in profile devices`);
        devices[o.device] = { ...fromProfile };
      }
      devices[o.device][o.key] = o.value;
    }
  }
  if (op.instanceType) {
    const t = expandInstanceType(op.instanceType);
    if (t.unknown) unknowns.push(t.unknown);
    // Only keys the request does not set (instances_post.go: `if req.Config[k] == ""`).
    for (const [k, v] of Object.entries(t.config)) if (!config[k]) config[k] = v;
  }
  const request: PlacementRequest = {
    ...baseRequest(),
    architecture: source?.architecture ?? "",
    config: expandConfig(config, profiles),
    devices: expandDevices(devices, profiles),
    profiles: profileNames,
    name,
    type: source ? source.type ?? "container" : op.vm ? "virtual-machine" : "container",
    ephemeral: op.ephemeral,
    description: source ? String(source.description ?? "") : op.description,
    instance_type: op.instanceType ?? "",
    start: false,
    reason: "new",
    project: op.project,
  };
  request.source = source
    ? { type: "copy", source: source.name, project: op.copyFrom!.project, "base-image": source.config?.["volatile.base_image"] ?? "" }
    : op.empty ? { type: "none" } : { type: "image", alias: op.image ?? "" };
  return { request, profiles, unknowns };
}

/** A cluster move (`incus move NAME --target ...`): reason relocation, the instance's local
 *  config and devices expanded with its profiles, the *source* project (as 6.0.x passes it). */
export function relocationRequest(cluster: PlacementCluster, inst: ApiInstance, project: string): PlacementRequest {
  const names = inst.profiles ?? [];
  // The move path looks the profiles up in the project itself, not in the project whose
  // profiles it uses (instance_post.go at v6.0.4): a project without features.profiles has
  // none (seen: a move into such a project fails with `Requested profile "default" doesn't exist`).
  if (names.length > 0 && profileProject(cluster, project) !== project) {
    throw new PlacementError(`Requested profile "${names[0]}" doesn't exist`);
  }
  const profiles = resolveProfiles(cluster, project, names);
  return {
    ...baseRequest(),
    config: expandConfig(inst.config, profiles),
    devices: expandDevices(inst.devices, profiles),
    profiles: names,
    name: inst.name,
    type: "", // 6.0.4 leaves the type empty on a move (seen on the test cluster)
    reason: "relocation",
    project,
  };
}

/** Evacuation (and auto-healing): the instance's expanded config and devices and its
 *  architecture. */
export function evacuationRequest(inst: ApiInstance): PlacementRequest {
  return {
    ...baseRequest(),
    architecture: inst.architecture ?? "",
    config: { ...(inst.expanded_config ?? inst.config ?? {}) },
    devices: copyDevices(inst.expanded_devices ?? inst.devices ?? {}),
    profiles: inst.profiles ?? [],
    name: inst.name,
    type: inst.type ?? "container",
    reason: "evacuation",
    project: inst.project ?? "default",
  };
}

/** A copy of a devices map (name → string options), as structuredClone gives but without its
 *  cost (an evacuation builds a request per instance). */
function copyDevices(devices: Devices): Devices {
  const out: Devices = {};
  for (const [name, options] of Object.entries(devices)) out[name] = options && typeof options === "object" ? { ...options } : options;
  return out;
}
