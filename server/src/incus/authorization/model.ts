// Authorization objects and entitlements as each Incus version names them. The entitlements
// that apply to an object type come from the OpenFGA model Incus ships
// (internal/server/auth/driver_openfga_model.openfga, extracted into entitlements.json by
// tools/extract-authorization-model.ts); the object string format from
// internal/server/auth/authorization_objects.go (NewObject: `TYPE:` + project + `/`-joined
// elements, `/` inside an element escaped as `%2F`; `server:incus` for the server).
import data from "./entitlements.json";
import { toSnapshot } from "../knowledge/versions";

type ModelVersion = { ref: string; objectTypes: Record<string, string[]> };
const versions = data.versions as Record<string, ModelVersion>;

/** The model of the release a version resolves to (knowledge/versions.ts). */
export function authorizationModel(version: string): ModelVersion {
  return versions[toSnapshot(version)];
}

/** Entitlements that apply to an object type, in the model's order (undefined: unknown type). */
export function entitlementsFor(objectType: string, version: string): string[] | undefined {
  return authorizationModel(version).objectTypes[objectType];
}

export function objectTypes(version: string): string[] {
  return Object.keys(authorizationModel(version).objectTypes);
}

/** Object types whose name starts with the project (authorization_objects.go objectValidators). */
const PROJECT_SCOPED = new Set([
  "project", "image", "image_alias", "instance", "network", "network_acl", "network_address_set",
  "network_zone", "profile", "storage_bucket", "storage_volume",
]);

function escape(s: string): string {
  return s.split("/").join("%2F");
}

/** Builds an object string as Incus's NewObject does. */
export function objectName(type: string, project: string, ...elements: string[]): string {
  const parts = PROJECT_SCOPED.has(type) ? [project, ...elements] : elements;
  return `${type}:${parts.map(escape).join("/")}`;
}

export interface ParsedObject {
  type: string;
  project: string;
  elements: string[];
}

/** Splits and checks an object string as Incus's ObjectFromString/validate do. Throws with
 *  Incus's words for an invalid one. */
export function parseObject(object: string, version: string): ParsedObject {
  const colon = object.indexOf(":");
  const type = colon < 0 ? object : object.slice(0, colon);
  if (!entitlementsFor(type, version) && type !== "user") throw new Error(`Missing validator for object of type "${type}"`);
  const identifier = colon < 0 ? "" : object.slice(colon + 1);
  const parts = identifier.split("/").map((p) => p.split("%2F").join("/"));
  const scoped = PROJECT_SCOPED.has(type);
  const project = scoped ? parts[0] : "";
  const elements = scoped ? parts.slice(1) : parts;
  if (scoped && project === "") throw new Error(`Authorization objects of type "${type}" require a project`);
  return { type, project, elements };
}
