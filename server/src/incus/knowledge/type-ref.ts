// How a scriptlet sees a value: the shared vocabulary of api-types.json,
// scriptlet-builtins.json and scriptlet-kinds.json.

/** The type of an attribute of an API object. */
export type ApiTypeRef =
  | { kind: "string" | "int" | "float" | "bool" | "bytes" | "any" }
  | { kind: "list"; of: ApiTypeRef }
  /** A Starlark dict with string keys (Go maps are marshalled with sorted keys). */
  | { kind: "dict"; of: ApiTypeRef }
  /** An attribute-only object; `type` names an entry of api-types.json (or "$authorization_details"). */
  | { kind: "object"; type: string }
  /** A Go pointer: the value, or None when nil. */
  | { kind: "optional"; of: ApiTypeRef };

/** Parameter and return types of scriptlet functions: an API type, or None. */
export type TypeRef = ApiTypeRef | { kind: "none" };

/** Short human form, e.g. `list[ClusterMember]`, `dict[str, str]`, `Resources | None`. */
export function formatTypeRef(t: TypeRef): string {
  switch (t.kind) {
    case "string":
      return "str";
    case "none":
      return "None";
    case "list":
      return `list[${formatTypeRef(t.of)}]`;
    case "dict":
      return `dict[str, ${formatTypeRef(t.of)}]`;
    case "object":
      return t.type;
    case "optional":
      return `${formatTypeRef(t.of)} | None`;
    default:
      return t.kind;
  }
}
