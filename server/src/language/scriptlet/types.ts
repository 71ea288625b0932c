// A small static type view of scriptlet values, enough to complete and check attributes:
// the objects Incus hands in (from knowledge/api-types.json), lists and dicts of them, and
// the plain Starlark types. Anything not known is "unknown" and never reported.
import { apiTypes, type ApiTypeRef } from "../../incus/knowledge/api-types";
import type { TypeRef } from "../../incus/knowledge/type-ref";

export type SType =
  | { k: "object"; type: string }
  | { k: "list"; of: SType }
  | { k: "dict"; of: SType }
  | { k: "str" | "int" | "float" | "bool" | "none" | "unknown" | "bytes" | "function" }
  | { k: "optional"; of: SType };

export const UNKNOWN: SType = { k: "unknown" };

/** apiTypes(version) by version string (apiTypes maps the string to its snapshot on every
 *  call; the answer for a string never changes). */
const typesByVersion = new Map<string, ReturnType<typeof apiTypes>>();
export function typesFor(version: string): ReturnType<typeof apiTypes> {
  let t = typesByVersion.get(version);
  if (!t) typesByVersion.set(version, (t = apiTypes(version)));
  return t;
}

export function fromTypeRef(t: TypeRef | ApiTypeRef): SType {
  switch (t.kind) {
    case "string":
      return { k: "str" };
    case "int":
      return { k: "int" };
    case "float":
      return { k: "float" };
    case "bool":
      return { k: "bool" };
    case "bytes":
      return { k: "bytes" };
    case "none":
      return { k: "none" };
    case "any":
      return UNKNOWN;
    case "list":
      return { k: "list", of: fromTypeRef(t.of) };
    case "dict":
      return { k: "dict", of: fromTypeRef(t.of) };
    case "object":
      return { k: "object", type: t.type };
    case "optional":
      return { k: "optional", of: fromTypeRef(t.of) };
  }
}

/** The object type name for attribute lookups (optional objects count as the object). */
export function objectType(t: SType, version: string): string | undefined {
  const base = t.k === "optional" ? t.of : t;
  if (base.k !== "object") return undefined;
  const types = typesFor(version);
  return types.resolveTypeName(base.type);
}

export function elementType(t: SType): SType {
  if (t.k === "list") return t.of;
  if (t.k === "dict") return { k: "str" };
  return UNKNOWN;
}

export function formatType(t: SType, version: string): string {
  switch (t.k) {
    case "object": {
      const name = apiTypes(version).resolveTypeName(t.type) ?? t.type;
      return apiTypes(version).get(name)?.starlarkName || name;
    }
    case "list":
      return `list[${formatType(t.of, version)}]`;
    case "dict":
      return `dict[str, ${formatType(t.of, version)}]`;
    case "optional":
      return `${formatType(t.of, version)} | None`;
    case "str":
      return "string";
    case "none":
      return "NoneType";
    default:
      return t.k;
  }
}

/** Methods of the plain types (go.starlark.net's method tables), for completion. */
export const METHODS: Record<string, string[]> = {
  str: ["capitalize", "codepoint_ords", "codepoints", "count", "elem_ords", "elems", "endswith", "find", "format", "index", "isalnum", "isalpha", "isdigit", "islower", "isspace", "istitle", "isupper", "join", "lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "title", "upper"],
  list: ["append", "clear", "extend", "index", "insert", "pop", "remove"],
  dict: ["clear", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"],
};
