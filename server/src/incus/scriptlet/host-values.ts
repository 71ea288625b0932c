// Values handed to scriptlets, built the way Incus's StarlarkMarshal builds them from Go
// values: every struct becomes an attribute-only object named after its Go type (fields in
// struct order, embedded structs flattened, JSON names), maps become dicts with sorted keys,
// slices lists, nil pointers None; missing fields take Go's zero value.
import { apiTypes, type ApiTypeRef } from "../knowledge/api-types";
import { marshalFacts } from "../knowledge/scriptlets";
import { HostBytes, HostDict, HostFloat, HostObject, type HostValue } from "../../starlark/engine";

/** How Incus's scriptlet objects behave: `dir()` lists quoted names, a missing attribute
 *  fails with `Invalid field "<name>"`. */
const INCUS_OBJECT = { dirQuoted: true, missing: 'Invalid field "%s"', unhashable: "Unhashable type %s" } as const;

export function hostInt(n: number | bigint): HostValue {
  if (typeof n === "number" && Number.isSafeInteger(n)) return n;
  const b = BigInt(n);
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

/** Converts an API JSON value of the named type (e.g. "ClusterMember") for an Incus version.
 *  `given`: values of some of the object's own fields, used as they are instead of converted. */
export function toHostValue(json: unknown, typeName: string, version: string, given?: Readonly<Record<string, HostValue>>): HostValue {
  return given === undefined ? convert(json, { kind: "object", type: typeName }, version) : objectToHost(json, typeName, version, given);
}

/** A Go map[string]T as Incus hands it: a dict with sorted keys. */
export function sortedDict(entries: [string, HostValue][]): HostDict {
  return new HostDict([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function convert(json: unknown, ref: ApiTypeRef, version: string): HostValue {
  switch (ref.kind) {
    case "string":
      return typeof json === "string" ? json : json == null ? "" : String(json);
    case "int":
      return hostInt(toInteger(json));
    case "float":
      return new HostFloat(typeof json === "number" ? json : Number(json ?? 0));
    case "bool":
      return json === true || json === "true";
    case "bytes": {
      const raw = Buffer.from(typeof json === "string" ? json : "", "base64");
      // Up to 7.3 Incus's marshal sees []byte as a slice and hands over a list of ints.
      return marshalFacts(version).bytesAsBytes ? new HostBytes(new Uint8Array(raw)) : Array.from(raw, (b) => b);
    }
    case "any":
      return anyToHost(json);
    case "optional":
      return json == null ? null : convert(json, ref.of, version);
    case "list":
      return Array.isArray(json) ? json.map((x) => convert(x, ref.of, version)) : [];
    case "dict": {
      const obj = json && typeof json === "object" ? (json as Record<string, unknown>) : {};
      return sortedDict(Object.entries(obj).map(([k, v]) => [k, convert(v, ref.of, version)]));
    }
    case "object":
      return objectToHost(json, ref.type, version);
  }
}

function objectToHost(json: unknown, typeName: string, version: string, given?: Readonly<Record<string, HostValue>>): HostValue {
  const types = apiTypes(version);
  const type = types.get(types.resolveTypeName(typeName) ?? typeName);
  const src = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  if (!type) return new HostObject(typeName, [], INCUS_OBJECT);
  const fields: [string, HostValue][] = type.fields.map((f) => [
    f.name, given !== undefined && Object.hasOwn(given, f.name) ? given[f.name] : convert(src[f.name], f.type, version),
  ]);
  return new HostObject(type.starlarkName, fields, INCUS_OBJECT);
}

function toInteger(json: unknown): bigint {
  if (typeof json === "number" && Number.isFinite(json)) return BigInt(Math.trunc(json));
  if (typeof json === "bigint") return json;
  if (typeof json === "string" && /^-?\d+$/.test(json)) return BigInt(json);
  return 0n;
}

/** An untyped value (Go `any`): JSON shapes map to the nearest Starlark values. */
function anyToHost(json: unknown): HostValue {
  if (json == null) return null;
  if (typeof json === "boolean" || typeof json === "string") return json;
  if (typeof json === "number") return Number.isInteger(json) ? hostInt(json) : new HostFloat(json);
  if (Array.isArray(json)) return json.map(anyToHost);
  return sortedDict(Object.entries(json as Record<string, unknown>).map(([k, v]) => [k, anyToHost(v)]));
}
