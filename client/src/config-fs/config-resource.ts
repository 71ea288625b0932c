// The Incus objects that open as editable YAML documents under the `incus:` scheme, how their
// paths look (incus:/REMOTE/members/node1.yaml), which API path backs them, and which fields of
// the API object a PUT takes (what `incus … edit` shows). No vscode here.
import { withProject } from "../util/api-path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";

export type ConfigResource =
  | { kind: "server"; remote: string }
  | { kind: "member"; remote: string; name: string }
  | { kind: "project"; remote: string; name: string }
  | { kind: "profile"; remote: string; project: string; name: string }
  | { kind: "instance"; remote: string; project: string; name: string }
  | { kind: "network"; remote: string; project: string; name: string }
  | { kind: "volume"; remote: string; project: string; pool: string; name: string; location?: string }
  | { kind: "image"; remote: string; project: string; name: string }
  | { kind: "placementScriptlet"; remote: string };

export const PLACEMENT_KEY = "instances.placement.scriptlet";
const SCRIPTLET_FILE = "placement-scriptlet.placement.star";

/** The entity word of the language server's `NAME.<entity>.incus.yaml` naming convention. */
const ENTITY: Record<Exclude<ConfigResource["kind"], "placementScriptlet">, string> = {
  server: "server",
  member: "cluster-member",
  project: "project",
  profile: "profile",
  instance: "instance",
  network: "network",
  volume: "storage-volume",
  image: "image",
};

/**
 * The URI path (without scheme) of a resource. YAML documents are named `NAME.<entity>.incus.yaml`,
 * so the editor gives them the Incus YAML language and the language server knows what they hold.
 */
export function resourcePath(r: ConfigResource): string {
  const e = encodeURIComponent;
  switch (r.kind) {
    case "server":
      return `/${e(r.remote)}/config.server.incus.yaml`;
    case "member":
      return `/${e(r.remote)}/members/${e(r.name)}.cluster-member.incus.yaml`;
    case "project":
      return `/${e(r.remote)}/projects/${e(r.name)}.project.incus.yaml`;
    case "profile":
      return `/${e(r.remote)}/profiles/${e(r.project)}/${e(r.name)}.profile.incus.yaml`;
    case "instance":
      return `/${e(r.remote)}/instances/${e(r.project)}/${e(r.name)}.instance.incus.yaml`;
    case "network":
      return `/${e(r.remote)}/networks/${e(r.project)}/${e(r.name)}.network.incus.yaml`;
    case "volume":
      return `/${e(r.remote)}/volumes/${e(r.project)}/${e(r.pool)}/${e(r.location ?? "-")}/${e(r.name)}.storage-volume.incus.yaml`;
    case "image":
      // Not Incus YAML the language server checks: a plain .yaml name.
      return `/${e(r.remote)}/images/${e(r.project)}/${e(r.name)}.image.yaml`;
    case "placementScriptlet":
      return `/${e(r.remote)}/${SCRIPTLET_FILE}`;
  }
}

export function parseResourcePath(p: string): ConfigResource | undefined {
  const parts = p.split("/").filter(Boolean).map(decodeURIComponent);
  const [remote, ...rest] = parts;
  if (!remote) return undefined;
  const named = (s: string | undefined, kind: keyof typeof ENTITY): string | undefined => {
    const suffix = `.${ENTITY[kind]}.incus.yaml`;
    return s && s.endsWith(suffix) && s.length > suffix.length ? s.slice(0, -suffix.length) : undefined;
  };
  if (rest.length === 1 && rest[0] === "config.server.incus.yaml") return { kind: "server", remote };
  if (rest.length === 1 && rest[0] === SCRIPTLET_FILE) return { kind: "placementScriptlet", remote };
  if (rest.length === 2 && rest[0] === "members") {
    const name = named(rest[1], "member");
    return name ? { kind: "member", remote, name } : undefined;
  }
  if (rest.length === 2 && rest[0] === "projects") {
    const name = named(rest[1], "project");
    return name ? { kind: "project", remote, name } : undefined;
  }
  if (rest.length === 3 && rest[0] === "profiles") {
    const name = named(rest[2], "profile");
    return name ? { kind: "profile", remote, project: rest[1], name } : undefined;
  }
  if (rest.length === 3 && rest[0] === "networks") {
    const name = named(rest[2], "network");
    return name ? { kind: "network", remote, project: rest[1], name } : undefined;
  }
  if (rest.length === 5 && rest[0] === "volumes") {
    const name = named(rest[4], "volume");
    return name ? { kind: "volume", remote, project: rest[1], pool: rest[2], location: rest[3] === "-" ? undefined : rest[3], name } : undefined;
  }
  if (rest.length === 3 && rest[0] === "images" && rest[2].endsWith(".image.yaml") && rest[2].length > ".image.yaml".length) {
    return { kind: "image", remote, project: rest[1], name: rest[2].slice(0, -".image.yaml".length) };
  }
  if (rest.length === 3 && rest[0] === "instances") {
    const name = named(rest[2], "instance");
    return name ? { kind: "instance", remote, project: rest[1], name } : undefined;
  }
  return undefined;
}

export function apiPath(r: ConfigResource): string {
  const e = encodeURIComponent;
  switch (r.kind) {
    case "server":
    case "placementScriptlet":
      return "/1.0";
    case "member":
      return `/1.0/cluster/members/${e(r.name)}`;
    case "project":
      return `/1.0/projects/${e(r.name)}`;
    case "profile":
      return withProject(`/1.0/profiles/${e(r.name)}`, r.project);
    case "instance":
      return withProject(`/1.0/instances/${e(r.name)}`, r.project);
    case "network":
      return withProject(`/1.0/networks/${e(r.name)}`, r.project);
    case "volume": {
      const path = `/1.0/storage-pools/${e(r.pool)}/volumes/custom/${e(r.name)}`;
      return withProject(r.location ? `${path}?target=${e(r.location)}` : path, r.project);
    }
    case "image":
      return withProject(`/1.0/images/${e(r.name)}`, r.project);
  }
}

/** The fields each object's PUT accepts (Incus's *Put structs), in the order `incus … edit` shows. */
export const WRITABLE_FIELDS: Record<Exclude<ConfigResource["kind"], "placementScriptlet">, string[]> = {
  server: ["config"],
  member: ["description", "config", "roles", "failure_domain", "groups"],
  project: ["description", "config"],
  profile: ["description", "config", "devices"],
  instance: ["architecture", "config", "devices", "ephemeral", "profiles", "stateful", "description"],
  network: ["description", "config"],
  volume: ["description", "config"],
  image: ["auto_update", "properties", "public", "expires_at", "profiles"],
};

export function describeResource(r: ConfigResource): string {
  switch (r.kind) {
    case "server":
      return `the server configuration of ${r.remote}`;
    case "member":
      return `cluster member ${r.name} on ${r.remote}`;
    case "project":
      return `project ${r.name} on ${r.remote}`;
    case "profile":
      return `profile ${r.name} (project ${r.project}) on ${r.remote}`;
    case "instance":
      return `instance ${r.name} (project ${r.project}) on ${r.remote}`;
    case "network":
      return `network ${r.name} (project ${r.project}) on ${r.remote}`;
    case "volume":
      return `storage volume ${r.name} in pool ${r.pool}${r.location ? ` on ${r.location}` : ""} (project ${r.project}) on ${r.remote}`;
    case "image":
      return `image ${r.name} (project ${r.project}) on ${r.remote}`;
    case "placementScriptlet":
      return `${PLACEMENT_KEY} on ${r.remote}`;
  }
}

/** The first header line of `incus … edit` for each object, so tools recognize the document. */
const INCUS_HEADER: Record<Exclude<ConfigResource["kind"], "placementScriptlet">, string> = {
  server: "the server configuration",
  member: "the cluster member",
  project: "the project",
  profile: "the profile",
  instance: "the configuration",
  network: "the network",
  volume: "a storage volume",
  image: "the image properties",
};

const HEADER = (r: Exclude<ConfigResource, { kind: "placementScriptlet" }>) =>
  `### This is a YAML representation of ${INCUS_HEADER[r.kind]}.\n` +
  `### It is ${describeResource(r)}. Saving this file sends it to Incus\n` +
  "### (PUT, guarded by the ETag it was read with: a change made meanwhile is never overwritten).\n" +
  "### Any line starting with a '#' is ignored.\n";

/** The editable document for an API object as fetched. */
export function toDocument(r: ConfigResource, metadata: Record<string, unknown>): string {
  if (r.kind === "placementScriptlet") return scriptletOf(metadata);
  const picked: Record<string, unknown> = {};
  for (const f of WRITABLE_FIELDS[r.kind]) if (f in metadata) picked[f] = metadata[f];
  return HEADER(r) + stringifyYaml(picked, { lineWidth: 0 });
}

export class DocumentError extends Error {}

/**
 * The PUT body for an edited document. For the placement scriptlet, `original` is the server
 * object read with the document: its config is sent back with only the scriptlet changed.
 */
export function toPutBody(r: ConfigResource, text: string, original: Record<string, unknown>): Record<string, unknown> {
  if (r.kind === "placementScriptlet") {
    const config = { ...((original.config as Record<string, string> | undefined) ?? {}) };
    if (text.trim() === "") delete config[PLACEMENT_KEY];
    else config[PLACEMENT_KEY] = text;
    return { config };
  }
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (e) {
    throw new DocumentError(`not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (typeof data !== "object" || Array.isArray(data) || data === null) throw new DocumentError("the document must be a YAML mapping");
  const body = { ...(data as Record<string, unknown>) };
  for (const key of ["config"]) {
    if (body[key] === undefined || body[key] === null) continue;
    body[key] = stringMap(body[key], key);
  }
  if (body.devices && typeof body.devices === "object") {
    body.devices = Object.fromEntries(Object.entries(body.devices as Record<string, unknown>).map(([name, d]) => [name, stringMap(d, `devices.${name}`)]));
  }
  return body;
}

/** Incus config maps are string → string; YAML reads `limits.cpu: 2` as a number, so stringify scalars. */
function stringMap(value: unknown, where: string): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new DocumentError(`${where} must be a mapping of keys to values`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || typeof v === "object") throw new DocumentError(`${where}.${k} must be a single value, not ${v === null ? "null" : Array.isArray(v) ? "a list" : "a mapping"}`);
    out[k] = String(v);
  }
  return out;
}

export function scriptletOf(server: Record<string, unknown>): string {
  return ((server.config as Record<string, string> | undefined) ?? {})[PLACEMENT_KEY] ?? "";
}
