// Typed access to api-types.json: the objects Incus hands to scriptlets, per version, with their
// attributes in the order Incus builds them (which is also the order str() prints them in).
// Regenerate the data with `npm run gen:incus` (tools/gen-api-types.ts): each distinct shape is
// stored once, each release maps type names to shapes.

import data from "./api-types.json";
import { ApiTypeRef } from "./type-ref";
import { INCUS_VERSIONS, IncusVersion, toSnapshot } from "./versions";

export type { ApiTypeRef } from "./type-ref";
/** A release id ("6.0.4", "7.3.0", "main"). */
export type IncusVersionKey = IncusVersion;

export interface ApiField {
  /** The attribute name a scriptlet uses (json tag, else Go field name). */
  name: string;
  goName: string;
  type: ApiTypeRef;
  /** The embedded Go struct this field was flattened from, if any (e.g. "api.ClusterMemberPut"). */
  from?: string;
}

export interface ApiType {
  /** What type() returns for the object ("" for Go's anonymous structs). */
  starlarkName: string;
  goType: string;
  fields: ApiField[];
}

/** Names of the values scriptlets receive; see the generator for which Go type each is. */
export type ApiRoot =
  | "request"
  | "candidate_member"
  | "resources"
  | "member_state"
  | "instance_resources"
  | "instance"
  | "project"
  | "authorization_details"
  | "nvram_variable";

interface VersionData {
  ref: string;
  commit: string;
  roots: Partial<Record<ApiRoot, string>>;
  types: Record<string, ApiType>;
}

const stored = data as unknown as {
  releases: Record<IncusVersion, Omit<VersionData, "types"> & { types: Record<string, string> }>;
  shapes: Record<string, ApiType>;
};

function versionData(v: IncusVersion): VersionData {
  const r = stored.releases[v];
  const types = Object.fromEntries(Object.entries(r.types).map(([name, shape]) => [name, stored.shapes[shape]]));
  return { ...r, types };
}

export class ApiTypes {
  private readonly fieldIndex = new Map<string, Map<string, ApiField>>();

  constructor(
    readonly version: IncusVersion,
    private readonly d: VersionData,
  ) {}

  /** The Incus git revision this was generated from. */
  get source(): { ref: string; commit: string } {
    return { ref: this.d.ref, commit: this.d.commit };
  }

  /** A type by its key (usually its Starlark/Go name, e.g. "ClusterMember"). */
  get(name: string): ApiType | undefined {
    return Object.prototype.hasOwnProperty.call(this.d.types, name) ? this.d.types[name] : undefined;
  }

  names(): string[] {
    return Object.keys(this.d.types);
  }

  /** The type key of a value handed to scriptlets, e.g. root("authorization_details"). */
  root(root: ApiRoot): string | undefined {
    return this.d.roots[root];
  }

  /** The fields of a type, in marshal order; [] for unknown or opaque types. */
  fields(name: string): ApiField[] {
    return this.get(name)?.fields ?? [];
  }

  field(typeName: string, fieldName: string): ApiField | undefined {
    let idx = this.fieldIndex.get(typeName);
    if (!idx) {
      idx = new Map(this.fields(typeName).map((f) => [f.name, f]));
      this.fieldIndex.set(typeName, idx);
    }
    return idx.get(fieldName);
  }

  /** Resolve "$authorization_details"-style references used by scriptlet-kinds.json. */
  resolveTypeName(name: string): string | undefined {
    return name.startsWith("$") ? this.root(name.slice(1) as ApiRoot) : name;
  }
}

const cache = new Map<IncusVersion, ApiTypes>();

/** The API types of one Incus release ("6.0.4", "7.3.0", "main", or anything resolveVersion accepts). */
export function apiTypes(version?: string): ApiTypes {
  const v = toSnapshot(version);
  let t = cache.get(v);
  if (!t) {
    t = new ApiTypes(v, versionData(v));
    cache.set(v, t);
  }
  return t;
}

export const API_TYPE_VERSIONS: readonly IncusVersion[] = INCUS_VERSIONS;
