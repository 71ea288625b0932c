// zod's type names and values in the words of a YAML file, for the position-carrying messages
// of the files users write (cluster snapshots, placement test files).

/** zod's expected type, as a YAML user calls it. */
export function expectedName(expected: string): string {
  if (expected === "array") return "a list";
  if (expected === "object" || expected === "record") return "a mapping";
  return expected;
}

/** A value found where another was expected, shortly. */
export function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  return `${typeof v} ${String(v)}`;
}
